package dev.signet.cli;

import dev.signet.keys.Keyset;
import dev.signet.keys.KeysetFile;
import dev.signet.keys.KeysetFileException;
import dev.signet.keys.Passphrase;
import dev.signet.keys.RedisKeysetStore;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options every command that reads a keyset shares ({@code @Mixin}): the keyset file or the
 * keyset in Redis ({@code redis://HOST[:PORT][/DB]/NAME} and the other Redis URL forms, with the
 * {@code --redis-*} options), where its passphrase comes from, and the named opt-out from the
 * permission check. A keyset in Redis is always encrypted, so it needs a passphrase.
 *
 * <p>A passphrase is never taken from the command line: {@code --passphrase} exists only to
 * refuse it with a clear message.
 */
final class KeysetOptions {
  @Option(names = "--keyset", required = true, paramLabel = "FILE|URL",
      description = "The keyset file, or a keyset in Redis: redis://HOST[:PORT][/DB]/NAME (also rediss://, "
          + "redis-sentinel://HOSTS/MASTER/NAME, redis-cluster://HOSTS/NAME), with the --redis-* options.")
  String keyset;

  @Mixin RedisOptions redis;

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

  /** Whether {@code --keyset} names a keyset in Redis. */
  boolean inRedis() {
    return isRedis(keyset);
  }

  static boolean isRedis(String location) {
    return dev.signet.redis.RedisOptions.isRedisUrl(location);
  }

  /** The keyset file's path; a usage error for a keyset in Redis. */
  Path path() {
    if (inRedis()) {
      throw CliException.usage("this command needs a keyset file, not a keyset in Redis");
    }
    return Path.of(keyset);
  }

  /** {@code --keyset} for messages: the path, or the Redis URL without anything like a password. */
  String where() {
    return inRedis() ? dev.signet.redis.RedisOptions.redact(keyset) : keyset;
  }

  /** A usage error if {@code --redis-*} options are given but nothing is in Redis. */
  void checkRedisOptionsUsed(boolean otherRedis) {
    if (redis.any() && !inRedis() && !otherRedis) {
      throw CliException.usage("the --redis-* options apply to a keyset or a store in Redis");
    }
  }

  /** The keyset in Redis with its passphrase; a usage error without one. */
  RedisKeysetStore store() {
    return store(keyset, passphrase(passphraseEnv, passphraseFile, allowInsecurePermissions), "--passphrase");
  }

  /**
   * The keyset in Redis at {@code location} ({@code URL/NAME}) under {@code passphrase}; a usage
   * error naming {@code option} if there is no passphrase, or if the location is malformed.
   */
  RedisKeysetStore store(String location, Passphrase passphrase, String option) {
    if (passphrase == null) {
      throw CliException.usage("a keyset in Redis is always encrypted: give " + option + "-env VAR or "
          + option + "-file FILE");
    }
    String base = location;
    String query = "";
    int q = location.indexOf('?');
    if (q >= 0) {
      base = location.substring(0, q);
      query = location.substring(q);
    }
    int slash = base.lastIndexOf('/');
    if (slash <= base.indexOf("://") + 2 || slash == base.length() - 1) {
      throw CliException.usage("a keyset in Redis needs a name: redis://HOST[:PORT][/DB]/NAME, got "
          + Main.oneLine(dev.signet.redis.RedisOptions.redact(location)));
    }
    dev.signet.redis.RedisOptions options = redis.options(base.substring(0, slash) + query);
    try {
      return RedisKeysetStore.at(options, base.substring(slash + 1), passphrase);
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
  }

  /** The keyset file with its passphrase and permission options applied. */
  KeysetFile file() {
    KeysetFile f = KeysetFile.at(path());
    Passphrase p = passphrase(passphraseEnv, passphraseFile, allowInsecurePermissions);
    if (p != null) {
      f = f.withPassphrase(p);
    }
    return allowInsecurePermissions ? f.allowInsecurePermissions() : f;
  }

  /** Loads the keyset, or fails with a one-line configuration error (exit 3). */
  Keyset load() {
    try {
      return inRedis() ? store().load() : file().load();
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
