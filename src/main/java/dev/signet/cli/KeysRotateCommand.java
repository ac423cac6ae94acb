package dev.signet.cli;

import dev.signet.keys.KeysetFile;
import dev.signet.keys.KeysetFileException;
import dev.signet.keys.Passphrase;
import dev.signet.keys.Rotation;
import dev.signet.keys.RotationPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code keys rotate}: one step of the key life cycle; safe to run from cron. */
@Command(
    name = "rotate",
    description = {
      "Promote next keys to active, retire active keys, publish new next keys and remove retired keys past their window.",
      "Does nothing within --min-interval of the last rotation (safe to run from cron) unless --force."
    })
final class KeysRotateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin KeysetOptions keys;

  @Option(names = "--min-interval", paramLabel = "DURATION", defaultValue = "20h",
      converter = DurationConverter.class,
      description = "Do nothing if the last rotation is more recent than this (default ${DEFAULT-VALUE}).")
  Duration minInterval;

  @Option(names = "--propagation-delay", paramLabel = "DURATION", defaultValue = "5m",
      converter = DurationConverter.class,
      description = "Longest time a verifier takes to reload the keyset file; a younger next key is not promoted (default ${DEFAULT-VALUE}).")
  Duration propagationDelay;

  @Option(names = "--absolute-timeout", hidden = true, paramLabel = "DURATION")
  void refuseAbsoluteTimeout(String ignored) {
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "--absolute-timeout is no longer a rotation option: the keyset records its longest session;"
            + " set it once with 'signet keys set --keyset FILE --max-session DURATION'");
  }

  @Option(names = "--leeway", paramLabel = "DURATION", defaultValue = "60s",
      converter = DurationConverter.class,
      description = "The verifiers' clock leeway (default ${DEFAULT-VALUE}).")
  Duration leeway;

  @Option(names = "--force",
      description = "Rotate even within the minimum interval or with a next key younger than the propagation delay.")
  boolean force;

  @Option(names = "--allow-clock-behind-keyset",
      description = {
        "Rotate even though this host's clock is earlier than the newest time the keyset records.",
        "Only when the keyset's times came from a clock that ran ahead and this clock is right: if this clock",
        "is the one behind, keys are recorded as retired before they were activated and removed too early."
      })
  boolean allowClockBehindKeyset;

  @Option(names = "--export-verifier", paramLabel = "OUT",
      description = {
        "Also write a verifier keyset (no private signing keys; 0600) to OUT on every run, rotated or not,",
        "atomically and under the keyset's lock, so gateways reading OUT learn each new next key in the",
        "same run. Repeat for several files."
      })
  List<Path> exportVerifier = new ArrayList<>();

  @Option(names = "--export-jwks", paramLabel = "OUT",
      description = "Also write the public JWKS of the signing keys (0644) to OUT on every run. Repeat for several files.")
  List<Path> exportJwks = new ArrayList<>();

  @Option(names = "--out-passphrase-env", paramLabel = "VAR",
      description = "Encrypt the --export-verifier files under the passphrase in this environment variable.")
  String outPassphraseEnv;

  @Option(names = "--out-passphrase-file", paramLabel = "FILE",
      description = "Encrypt the --export-verifier files under the passphrase in this file.")
  Path outPassphraseFile;

  @Option(names = "--remove-retired",
      description = "Emergency after a key leak: also remove every retired key, including the one retired now; every token minted before is rejected.")
  boolean removeRetired;

  @Override
  public Integer call() {
    RotationPolicy policy;
    try {
      policy =
          RotationPolicy.builder()
              .minInterval(minInterval)
              .propagationDelay(propagationDelay)
              .leeway(leeway)
              .build();
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
    Rotation rotation = Rotation.with(policy);
    if (force) {
      rotation = rotation.forced();
    }
    if (removeRetired) {
      rotation = rotation.removingRetired();
    }
    if (allowClockBehindKeyset) {
      rotation = rotation.allowingClockBehindKeyset();
    }
    if ((outPassphraseEnv != null || outPassphraseFile != null) && exportVerifier.isEmpty()) {
      throw CliException.usage("--out-passphrase-* encrypts --export-verifier files; give --export-verifier OUT");
    }
    Passphrase outPassphrase =
        KeysetOptions.passphrase(outPassphraseEnv, outPassphraseFile, keys.allowInsecurePermissions);
    for (Path out : exportVerifier) {
      if (KeysCommand.Export.sameFile(out, keys.keyset)) {
        throw CliException.usage("--export-verifier " + out + " is the keyset file itself; choose another OUT");
      }
      KeysetFile export = KeysetFile.at(out);
      rotation = rotation.exportingVerifierTo(outPassphrase == null ? export : export.withPassphrase(outPassphrase));
    }
    for (Path out : exportJwks) {
      if (KeysCommand.Export.sameFile(out, keys.keyset)) {
        throw CliException.usage("--export-jwks " + out + " is the keyset file itself; choose another OUT");
      }
      rotation = rotation.exportingJwksTo(out);
    }
    KeysetFile file = keys.file();
    Rotation.Result r;
    try {
      r = rotation.applyTo(file);
    } catch (KeysetFileException e) {
      throw KeysetOptions.config(e);
    } catch (Rotation.ClockBehindKeysetException e) {
      throw CliException.config(file.path() + ": " + e.getMessage(), e);
    }
    StringBuilder line = new StringBuilder(describe(r, policy));
    List<Path> written = new ArrayList<>(exportVerifier);
    written.addAll(exportJwks);
    if (!written.isEmpty()) {
      line.append("; exported to ");
      for (int i = 0; i < written.size(); i++) {
        line.append(i == 0 ? "" : ", ").append(written.get(i));
      }
    }
    spec.commandLine().getOut().println(line);
    return ExitCodes.OK;
  }

  private static String describe(Rotation.Result r, RotationPolicy policy) {
    StringBuilder sb = new StringBuilder();
    switch (r.status()) {
      case ROTATED:
        sb.append("rotated: active now ").append(String.join(", ", r.promoted()))
            .append("; retired ").append(String.join(", ", r.retired()));
        break;
      case NOT_DUE:
        sb.append("not due: the last rotation is less than ").append(KeysCommand.human(policy.minInterval()))
            .append(" old; next rotation due at ").append(r.dueAt()).append(" (--force rotates now)");
        break;
      case NEXT_TOO_YOUNG:
        sb.append("not rotated: a next key is younger than the propagation delay of ")
            .append(KeysCommand.human(policy.propagationDelay())).append(" (--force rotates now)");
        break;
      case NEXT_PUBLISHED:
        sb.append("no next key to promote; published one, promoted at the next rotation");
        break;
      default:
        throw new IllegalStateException(r.status().name());
    }
    if (!r.added().isEmpty()) {
      sb.append("; new next ").append(String.join(", ", r.added()));
    }
    if (!r.removed().isEmpty()) {
      sb.append("; removed ").append(String.join(", ", r.removed()));
    }
    return sb.toString();
  }
}
