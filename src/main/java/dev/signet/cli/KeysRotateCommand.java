package dev.signet.cli;

import dev.signet.keys.Jwks;
import dev.signet.keys.Keyset;
import dev.signet.keys.KeysetFile;
import dev.signet.keys.RedisKeysetStore;
import dev.signet.redis.RedisOptions;
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
      description = "Longest time a verifier takes to reload the keyset; a younger next key is not promoted (default ${DEFAULT-VALUE}).")
  Duration propagationDelay;

  @Option(names = "--poll-interval", paramLabel = "DURATION", defaultValue = "5s",
      converter = DurationConverter.class,
      description = {
        "For a keyset in Redis: the gateways' poll interval (signet serve --reload-interval), the longest a lost",
        "change notice delays a gateway; --propagation-delay must be at least this (default ${DEFAULT-VALUE})."
      })
  Duration pollInterval;

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
        "same run. Repeat for several files. With a keyset in Redis, OUT may be a view in the same Redis",
        "(redis://HOST[:PORT][/DB]/NAME, sealed under --out-passphrase-*), written in the keyset's transaction."
      })
  List<String> exportVerifier = new ArrayList<>();

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
    checkIntervals();
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
    boolean redisViews = exportVerifier.stream().anyMatch(KeysetOptions::isRedis);
    keys.checkRedisOptionsUsed(redisViews);
    if (redisViews && !keys.inRedis()) {
      throw CliException.usage("--export-verifier redis://... needs the keyset in the same Redis (--keyset redis://.../NAME)");
    }
    Passphrase outPassphrase =
        KeysetOptions.passphrase(outPassphraseEnv, outPassphraseFile, keys.allowInsecurePermissions);
    List<RedisKeysetStore> views = new ArrayList<>();
    List<KeysetFile> fileViews = new ArrayList<>();
    for (String out : exportVerifier) {
      if (KeysCommand.Export.sameKeyset(out, keys.keyset)) {
        throw CliException.usage("--export-verifier " + Main.oneLine(out) + " is the keyset " + (keys.inRedis() ? "" : "file ") + "itself; choose another OUT");
      }
      if (KeysetOptions.isRedis(out)) {
        views.add(keys.store(out, outPassphrase, "--out-passphrase"));
        continue;
      }
      KeysetFile export = KeysetFile.at(Path.of(out));
      export = outPassphrase == null ? export : export.withPassphrase(outPassphrase);
      fileViews.add(export);
      rotation = rotation.exportingVerifierTo(export);
    }
    for (Path out : exportJwks) {
      if (KeysCommand.Export.sameKeyset(out.toString(), keys.keyset)) {
        throw CliException.usage("--export-jwks " + out + " is the keyset " + (keys.inRedis() ? "" : "file ") + "itself; choose another OUT");
      }
      rotation = rotation.exportingJwksTo(out);
    }
    Rotation.Result r;
    try {
      r = keys.inRedis() ? rotateInRedis(rotation, views, fileViews) : rotation.applyTo(keys.file());
    } catch (KeysetFileException e) {
      throw KeysetOptions.config(e);
    } catch (Rotation.ClockBehindKeysetException e) {
      throw CliException.config(keys.where() + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
    StringBuilder line = new StringBuilder(describe(r, policy));
    List<String> written = new ArrayList<>();
    exportVerifier.forEach(o -> written.add(KeysetOptions.isRedis(o) ? RedisOptions.redact(o) : o));
    exportJwks.forEach(o -> written.add(o.toString()));
    if (!written.isEmpty()) {
      line.append("; exported to ");
      for (int i = 0; i < written.size(); i++) {
        line.append(i == 0 ? "" : ", ").append(written.get(i));
      }
    }
    spec.commandLine().getOut().println(line);
    return ExitCodes.OK;
  }

  /**
   * A usage error (exit 2) when the rotation interval cannot exceed the channel's propagation
   * delay: a next key must be published for longer than the delay before it is promoted.
   */
  private void checkIntervals() {
    if (minInterval.compareTo(propagationDelay) <= 0) {
      throw CliException.usage("--min-interval (" + KeysCommand.human(minInterval) + ") must be longer than "
          + "--propagation-delay (" + KeysCommand.human(propagationDelay) + "): a next key is published for at least "
          + "the delay before it is promoted");
    }
    if (keys.inRedis() && propagationDelay.compareTo(pollInterval) < 0) {
      throw CliException.usage("--propagation-delay (" + KeysCommand.human(propagationDelay) + ") must be at least "
          + "--poll-interval (" + KeysCommand.human(pollInterval) + "), the gateways' poll interval: a gateway that "
          + "missed the change notice learns a new key only at its next poll");
    }
  }

  /**
   * One rotation of a keyset in Redis: the keyset and its views in one transaction (run again on
   * what another rotator stored if it overtook this one), then the file exports and JWKS.
   */
  private Rotation.Result rotateInRedis(Rotation rotation, List<RedisKeysetStore> views, List<KeysetFile> fileViews)
      throws KeysetFileException {
    Rotation.Result[] result = new Rotation.Result[1];
    keys.store().update(k -> {
      result[0] = rotation.apply(k);
      return result[0].changed() ? result[0].keyset() : k;
    }, views);
    Keyset now = result[0].keyset();
    for (KeysetFile f : fileViews) {
      f.save(now.verifierOnly());
    }
    for (Path jwks : exportJwks) {
      try {
        Jwks.write(now, jwks);
      } catch (java.io.IOException e) {
        throw CliException.config("cannot write " + jwks + ": " + e.getClass().getSimpleName(), e);
      }
    }
    return result[0];
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
