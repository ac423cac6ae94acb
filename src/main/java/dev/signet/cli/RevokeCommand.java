package dev.signet.cli;

import dev.signet.revocation.Revocation;
import dev.signet.revocation.RevocationStore;
import java.io.IOException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code signet revoke}: records a revocation in a file or Redis store, durably, before it
 * returns.
 */
@Command(
    name = "revoke",
    description = {
      "Revoke one token (--jti), one session with all its renewals (--sid), every session of a subject"
          + " started at or before a time (--sub), or every session started at or before a time (--all).",
      "The entry is kept for --keep (default 30d): make that at least the longest session lifetime"
          + " (absolute timeout plus leeway)."
    },
    mixinStandardHelpOptions = true)
final class RevokeCommand implements Callable<Integer> {
  static final Duration DEFAULT_KEEP = Duration.ofDays(30);

  @Option(
      names = "--revocations",
      required = true,
      paramLabel = "STORE",
      converter = RevocationStoreArg.Converter.class,
      description = RevocationStoreArg.DESCRIPTION)
  RevocationStoreArg store;

  @Mixin RedisOptions redis;
  @Mixin RedisOptions.Durability durability;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Target target;

  static final class Target {
    @Option(names = "--jti", paramLabel = "ID", description = "Revoke the token with this jti.")
    String jti;

    @Option(names = "--sid", paramLabel = "ID", description = "Revoke the session with this sid, renewals included.")
    String sid;

    @Option(names = "--sub", paramLabel = "ID", description = "Revoke this subject's sessions started at or before --before.")
    String sub;

    @Option(names = "--all", description = "Revoke every session started at or before --before.")
    boolean all;
  }

  @Option(
      names = "--before",
      paramLabel = "TIME",
      description = "Cut-off for --sub and --all, ISO-8601 with optional milliseconds"
          + " (2026-12-01T03:00:00.123Z or with an offset), or 'now' (the default).")
  String before;

  @Option(
      names = "--keep",
      paramLabel = "DURATION",
      description = "How long the entry is kept, counted from the cut-off or from now: 90s, 15m, 12h, 30d"
          + " or ISO-8601 (PT12H). Default 30d.")
  String keep;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    boolean cutoff = target.sub != null || target.all;
    if (before != null && !cutoff) {
      throw CliException.usage("--before applies only to --sub and --all");
    }
    Instant now = Clock.systemUTC().instant();
    Duration keepFor = keep == null ? DEFAULT_KEEP : parseDuration("--keep", keep);
    Revocation entry;
    String what;
    if (cutoff) {
      Instant t = before == null ? now : parseTime(before, now);
      Instant expires = (t.isAfter(now) ? t : now).plus(keepFor);
      if (target.all) {
        entry = Revocation.global(t, expires);
        what = "every session started at or before " + t;
      } else {
        entry = Revocation.subject(checkId("--sub", target.sub), t, expires);
        what = "the sessions of subject " + target.sub + " started at or before " + t;
      }
    } else if (target.jti != null) {
      entry = Revocation.token(checkId("--jti", target.jti), now.plus(keepFor));
      what = "token " + target.jti;
    } else {
      entry = Revocation.session(checkId("--sid", target.sid), now.plus(keepFor));
      what = "session " + target.sid;
    }
    try (RevocationStore s = store.openForRevoke(redis, durability)) {
      s.revoke(entry);
    } catch (IOException e) {
      throw CliException.config("cannot record the revocation in " + store + ": " + e.getMessage(), e);
    }
    spec.commandLine().getOut().println("revoked " + what + " (entry kept until " + entry.expiresAt() + ")");
    return ExitCodes.OK;
  }

  private static String checkId(String option, String id) {
    if (id.isEmpty() || id.length() > 256) {
      throw CliException.usage(option + " must be 1 to 256 characters");
    }
    return id;
  }

  /** An ISO-8601 instant or offset date-time, with optional fraction, or {@code now}. */
  static Instant parseTime(String s, Instant now) {
    if ("now".equalsIgnoreCase(s)) {
      return now;
    }
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeException e) {
      throw CliException.config("--before: '" + s + "' is not a time; use ISO-8601 such as"
          + " 2026-12-01T03:00:00.123Z, or 'now'");
    }
  }

  /** {@code 90s}, {@code 15m}, {@code 12h}, {@code 30d}, or ISO-8601 ({@code PT12H}); positive. */
  static Duration parseDuration(String option, String s) {
    Duration d = null;
    String v = s.trim().toLowerCase(Locale.ROOT);
    try {
      if (v.startsWith("p")) {
        d = Duration.parse(v.toUpperCase(Locale.ROOT));
      } else if (v.matches("[0-9]{1,9}[smhd]")) {
        long n = Long.parseLong(v.substring(0, v.length() - 1));
        switch (v.charAt(v.length() - 1)) {
          case 's':
            d = Duration.ofSeconds(n);
            break;
          case 'm':
            d = Duration.ofMinutes(n);
            break;
          case 'h':
            d = Duration.ofHours(n);
            break;
          default:
            d = Duration.ofDays(n);
        }
      }
    } catch (DateTimeException | ArithmeticException e) {
      d = null;
    }
    if (d == null || d.isNegative() || d.isZero() || d.compareTo(Duration.ofDays(3660)) > 0) {
      throw CliException.config(option + ": '" + s + "' is not a duration between 1s and 3660d;"
          + " use 90s, 15m, 12h, 30d or ISO-8601 such as PT12H");
    }
    return d;
  }
}
