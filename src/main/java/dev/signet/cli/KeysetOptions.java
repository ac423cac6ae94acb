package dev.signet.cli;

import dev.signet.keys.Keyset;
import dev.signet.keys.KeysetFile;
import dev.signet.keys.KeysetFileException;
import dev.signet.keys.Passphrase;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options every command that reads a keyset file shares ({@code @Mixin}): the file, where
 * its passphrase comes from, and the named opt-out from the permission check.
 *
 * <p>A passphrase is never taken from the command line: {@code --passphrase} exists only to
 * refuse it with a clear message.
 */
final class KeysetOptions {
  @Option(names = "--keyset", required = true, paramLabel = "FILE", description = "The keyset file.")
  Path keyset;

  @Option(
      names = "--passphrase-env",
      paramLabel = "VAR",
      description = "Environment variable holding the passphrase of an encrypted keyset file.")
  String passphraseEnv;

  @Option(
      names = "--passphrase-file",
      paramLabel = "FILE",
      description = "File holding the passphrase of an encrypted keyset file.")
  Path passphraseFile;

  @Option(
      names = "--allow-insecure-permissions",
      description = "Load the keyset file and the passphrase file even if group or others can read them, or they are symbolic links leaving their folder.")
  boolean allowInsecurePermissions;

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Option(names = "--passphrase", hidden = true, paramLabel = "PASSPHRASE", arity = "0..1")
  void refusePassphrase(String ignored) {
    // Thrown as a ParameterException so picocli never echoes the value in its message.
    throw new ParameterException(
        mixee.commandLine(),
        "a passphrase is never taken from the command line (other users can read it); use --passphrase-env VAR or --passphrase-file FILE");
  }

  /** Whether a passphrase source was given. */
  boolean hasPassphrase() {
    return passphraseEnv != null || passphraseFile != null;
  }

  /** The keyset file with its passphrase and permission options applied. */
  KeysetFile file() {
    KeysetFile f = KeysetFile.at(keyset);
    Passphrase p = passphrase(passphraseEnv, passphraseFile, allowInsecurePermissions);
    if (p != null) {
      f = f.withPassphrase(p);
    }
    return allowInsecurePermissions ? f.allowInsecurePermissions() : f;
  }

  /** Loads the keyset, or fails with a one-line configuration error (exit 3). */
  Keyset load() {
    KeysetFile f = file();
    try {
      return f.load();
    } catch (KeysetFileException e) {
      throw config(e);
    }
  }

  /**
   * The passphrase from an environment variable or a file, or null when neither is given. A file
   * must be an owner-only regular file unless {@code allowInsecure}.
   */
  static Passphrase passphrase(String env, Path file, boolean allowInsecure) {
    if (env != null && file != null) {
      throw CliException.usage("give either --passphrase-env or --passphrase-file, not both");
    }
    try {
      if (env != null) {
        return Passphrase.fromEnvironment(env);
      }
      if (file != null) {
        return allowInsecure ? Passphrase.fromFileAllowingInsecurePermissions(file) : Passphrase.fromFile(file);
      }
      return null;
    } catch (KeysetFileException e) {
      throw config(e);
    }
  }

  /** A keyset file failure as a one-line configuration error (exit 3). */
  static CliException config(KeysetFileException e) {
    return CliException.config(e.getMessage(), e);
  }
}
