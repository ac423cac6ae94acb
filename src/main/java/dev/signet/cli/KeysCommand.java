package dev.signet.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.TokenProfile;
import dev.signet.keys.Jwks;
import dev.signet.keys.KeyEntry;
import dev.signet.keys.KeyPurpose;
import dev.signet.keys.KeyState;
import dev.signet.keys.Keyset;
import dev.signet.keys.KeysetFile;
import dev.signet.keys.KeysetFileException;
import dev.signet.keys.Passphrase;
import dev.signet.redis.RedisOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code signet keys init|rotate|list|export}: the keyset's life cycle, for operators and cron. */
@Command(
    name = "keys",
    description = "Create, rotate, list, export and configure keyset files.",
    subcommands = {
      KeysCommand.Init.class,
      KeysRotateCommand.class,
      KeysCommand.ListKeys.class,
      KeysCommand.Export.class,
      KeysCommand.SetSettings.class
    })
final class KeysCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command: init, rotate, list, export or set");
  }

  /** {@code keys init}: a new keyset file; never overwrites. */
  @Command(name = "init", description = "Create a new keyset file (never overwrites an existing one).")
  static final class Init implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin KeysetOptions keys;

    @Option(
        names = "--profile",
        paramLabel = "P",
        defaultValue = "signed-and-sealed",
        description = "Token profile the keys are for: signed-and-sealed (default), sealed or signed.")
    String profile;

    @Option(
        names = "--max-session",
        paramLabel = "DURATION",
        defaultValue = "12h",
        converter = DurationConverter.class,
        description = {
          "The longest session the keyset serves (default ${DEFAULT-VALUE}): issuers refuse a longer absolute timeout,",
          "and rotation keeps retired keys this long plus leeway and propagation delay. Change it with 'keys set'."
        })
    Duration maxSession;

    @Override
    public Integer call() {
      TokenProfile p = profile(spec, profile);
      Keyset keyset = withMaxSession(generate(p, Clock.systemUTC()), checkMaxSession(maxSession));
      keys.checkRedisOptionsUsed(false);
      boolean encrypted;
      try {
        if (keys.inRedis()) {
          keys.store().create(keyset);
          encrypted = true;
        } else {
          KeysetFile file = keys.file();
          file.create(keyset);
          encrypted = file.encrypts();
        }
      } catch (KeysetFileException e) {
        throw KeysetOptions.config(e);
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println(
          "created " + keys.where() + (encrypted ? " (encrypted)" : "") + " with "
              + keyset.entries().size() + " keys for " + p.name().toLowerCase(Locale.ROOT).replace('_', '-')
              + " tokens, sessions of up to " + human(keyset.maxSession()));
      return ExitCodes.OK;
    }
  }

  /** {@code keys list}: ids, purposes, states and times; never key material. */
  @Command(name = "list", description = "List the keys: id, purpose, state and times (never key material).")
  static final class ListKeys implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin KeysetOptions keys;

    @Option(names = "--json", description = "Print a JSON array instead of a table.")
    boolean json;

    @Override
    public Integer call() throws IOException {
      keys.checkRedisOptionsUsed(false);
      Keyset keyset = keys.load();
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        ArrayNode arr = JsonNodeFactory.instance.arrayNode();
        for (KeyEntry e : keyset.entries()) {
          ObjectNode o = arr.addObject();
          o.put("kid", e.kid());
          o.put("purpose", e.purpose().jwkUse());
          o.put("state", e.state().name().toLowerCase(Locale.ROOT));
          o.put("created", e.createdAt().toString());
          o.put("activated", e.activatedAt().map(Instant::toString).orElse(null));
          o.put("retired", e.retiredAt().map(Instant::toString).orElse(null));
        }
        out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(arr));
        return ExitCodes.OK;
      }
      String fmt = "%-22s  %-7s  %-7s  %-20s  %-20s  %-20s%n";
      out.printf(Locale.ROOT, fmt, "KID", "PURPOSE", "STATE", "CREATED", "ACTIVATED", "RETIRED");
      for (KeyEntry e : keyset.entries()) {
        out.printf(
            Locale.ROOT,
            fmt,
            e.kid(),
            e.purpose().jwkUse(),
            e.state().name().toLowerCase(Locale.ROOT),
            seconds(e.createdAt()),
            e.activatedAt().map(KeysCommand::seconds).orElse("-"),
            e.retiredAt().map(KeysCommand::seconds).orElse("-"));
      }
      return ExitCodes.OK;
    }
  }

  /** {@code keys export}: a verifier keyset for gateways, or the public JWKS of the signing keys. */
  @Command(name = "export", description = "Export a verifier keyset (no private signing keys) or the public JWKS of the signing keys.")
  static final class Export implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin KeysetOptions keys;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    static final class Target {
      @Option(names = "--verifier", paramLabel = "OUT", required = true,
          description = "Write a verifier keyset (encryption keys and public signing keys; 0600) to a file, "
              + "or to Redis (redis://HOST[:PORT][/DB]/NAME, encrypted: needs --out-passphrase-*).")
      String verifier;

      @Option(names = "--jwks", paramLabel = "OUT", required = true,
          description = "Write the public JWKS of the signing keys (0644).")
      Path jwks;
    }

    @Option(names = "--out-passphrase-env", paramLabel = "VAR",
        description = "Encrypt the verifier keyset under the passphrase in this environment variable.")
    String outPassphraseEnv;

    @Option(names = "--out-passphrase-file", paramLabel = "FILE",
        description = "Encrypt the verifier keyset under the passphrase in this file.")
    Path outPassphraseFile;

    @Override
    public Integer call() {
      keys.checkRedisOptionsUsed(target.verifier != null && KeysetOptions.isRedis(target.verifier));
      Keyset keyset = keys.load();
      PrintWriter out = spec.commandLine().getOut();
      String dest = target.verifier != null ? target.verifier : target.jwks.toString();
      if (sameKeyset(dest, keys.keyset)) {
        throw CliException.usage("the export would overwrite the keyset " + (keys.inRedis() ? "" : "file ") + "itself; choose another OUT");
      }
      if (target.jwks != null) {
        if (outPassphraseEnv != null || outPassphraseFile != null) {
          throw CliException.usage("a JWKS holds public keys only and is never encrypted; drop --out-passphrase-*");
        }
        try {
          Jwks.write(keyset, target.jwks);
        } catch (IOException e) {
          throw CliException.config("cannot write " + target.jwks + ": " + e.getClass().getSimpleName(), e);
        }
        long n = keyset.entries().stream().filter(e -> e.purpose() == KeyPurpose.SIGNING).count();
        out.println("wrote " + target.jwks + ": public JWKS of " + n + " signing keys");
        return ExitCodes.OK;
      }
      Passphrase p = KeysetOptions.passphrase(outPassphraseEnv, outPassphraseFile, keys.allowInsecurePermissions);
      Keyset verifierKeys = keyset.verifierOnly();
      if (KeysetOptions.isRedis(target.verifier)) {
        try {
          keys.store(target.verifier, p, "--out-passphrase").save(verifierKeys);
        } catch (KeysetFileException e) {
          throw KeysetOptions.config(e);
        }
        out.println("wrote " + RedisOptions.redact(target.verifier) + " (encrypted): verifier keyset of "
            + verifierKeys.entries().size() + " keys, no private signing keys");
        return ExitCodes.OK;
      }
      KeysetFile file = KeysetFile.at(Path.of(target.verifier));
      if (p != null) {
        file = file.withPassphrase(p);
      }
      try {
        file.save(verifierKeys);
      } catch (KeysetFileException e) {
        throw KeysetOptions.config(e);
      }
      out.println(
          "wrote " + target.verifier + (file.encrypts() ? " (encrypted)" : "") + ": verifier keyset of "
              + verifierKeys.entries().size() + " keys, no private signing keys");
      return ExitCodes.OK;
    }

    /** Whether two {@code --keyset}-style locations (files or Redis URLs) name the same keyset. */
    static boolean sameKeyset(String a, String b) {
      if (KeysetOptions.isRedis(a) || KeysetOptions.isRedis(b)) {
        return a.equals(b);
      }
      return sameFile(Path.of(a), Path.of(b));
    }

    static boolean sameFile(Path a, Path b) {
      try {
        if (Files.exists(a) && Files.exists(b)) {
          return Files.isSameFile(a, b);
        }
      } catch (IOException e) {
        return false;
      }
      return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
  }

  /** {@code keys set}: change a setting the keyset records, under the file's lock. */
  @Command(
      name = "set",
      description = {
        "Change a setting the keyset records.",
        "--max-session: the longest session the keyset serves; issuers refuse a longer absolute timeout and",
        "rotation keeps retired keys this long plus leeway and propagation delay. Raise it before raising",
        "an issuer's absolute timeout; lower it only after every issuer runs with the shorter one."
      })
  static final class SetSettings implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin KeysetOptions keys;

    @Option(names = "--max-session", paramLabel = "DURATION", required = true, converter = DurationConverter.class,
        description = "The longest session the keyset serves (whole seconds, 1s to 366d).")
    Duration maxSession;

    @Override
    public Integer call() {
      checkMaxSession(maxSession);
      keys.checkRedisOptionsUsed(false);
      Duration[] before = new Duration[1];
      java.util.function.UnaryOperator<Keyset> change =
          k -> {
            before[0] = k.maxSession();
            return withMaxSession(k, maxSession);
          };
      Keyset after;
      try {
        after = keys.inRedis() ? keys.store().update(change, List.of()) : keys.file().update(change);
      } catch (KeysetFileException e) {
        throw KeysetOptions.config(e);
      }
      PrintWriter out = spec.commandLine().getOut();
      if (after.maxSession().equals(before[0])) {
        out.println("max session unchanged: " + human(after.maxSession()));
      } else if (after.maxSession().compareTo(before[0]) > 0) {
        out.println("max session raised from " + human(before[0]) + " to " + human(after.maxSession())
            + "; issuers may now use an absolute timeout up to " + human(after.maxSession()));
      } else {
        out.println("max session lowered from " + human(before[0]) + " to " + human(after.maxSession())
            + "; retired keys are now removed sooner: every issuer's absolute timeout must already be at most "
            + human(after.maxSession()));
      }
      return ExitCodes.OK;
    }
  }

  /** {@code keyset} serving sessions of up to {@code maxSession} (checked beforehand by {@link #checkMaxSession}). */
  static Keyset withMaxSession(Keyset keyset, Duration maxSession) {
    return keyset.withMaxSession(maxSession);
  }

  /** A usage error (exit 2) unless {@code maxSession} is whole seconds from 1 s to 366 days. */
  static Duration checkMaxSession(Duration maxSession) {
    IssueCommand.checkDuration("--max-session", maxSession);
    return maxSession;
  }

  /** A new keyset with an active and a next key for each purpose the profile needs. */
  static Keyset generate(TokenProfile profile, Clock clock) {
    if (profile == TokenProfile.SIGNED_AND_SEALED) {
      return Keyset.generate(clock);
    }
    KeyPurpose purpose = profile.isSigned() ? KeyPurpose.SIGNING : KeyPurpose.ENCRYPTION;
    SecureRandom random = new SecureRandom();
    Instant now = clock.instant();
    List<KeyEntry> entries = new ArrayList<>();
    entries.add(KeyEntry.generate(purpose, KeyState.ACTIVE, now, random));
    entries.add(KeyEntry.generate(purpose, KeyState.NEXT, now, random));
    return Keyset.of(entries);
  }

  static TokenProfile profile(CommandSpec spec, String name) {
    String n = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    for (TokenProfile p : TokenProfile.values()) {
      if (p.name().equals(n)) {
        return p;
      }
    }
    throw new CommandLine.ParameterException(
        spec.commandLine(), "unknown profile '" + name + "' (expected signed-and-sealed, sealed or signed)");
  }

  static String seconds(Instant t) {
    return t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
  }

  static String human(Duration d) {
    return d.toString().substring(2).toLowerCase(Locale.ROOT);
  }
}
