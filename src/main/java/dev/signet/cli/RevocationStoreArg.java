package dev.signet.cli;

import dev.signet.revocation.FileRevocationList;
import dev.signet.revocation.RedisRevocationList;
import dev.signet.revocation.RevocationStore;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine;

/**
 * The value of a {@code --revocations STORE} option: a revocation log file path, or a Redis URL
 * ({@code redis://}, {@code rediss://}, {@code redis-sentinel://}, {@code redis-cluster://}, see
 * {@link RedisRevocationList#builder(String)}), with the {@link RedisOptions} that say how to
 * reach it.
 *
 * <p>Declare the option with this type and its converter:
 *
 * <pre>{@code
 * @Option(names = "--revocations", paramLabel = "STORE",
 *     converter = RevocationStoreArg.Converter.class,
 *     description = RevocationStoreArg.DESCRIPTION)
 * RevocationStoreArg revocations;
 * @Mixin RedisOptions redis;
 * ...
 * try (RevocationStore store = revocations.open(false, redis)) { ... }
 * }</pre>
 *
 * <p>Conversion never fails; the value is checked by {@link #open}, which reports a malformed
 * URL, an unreachable Redis, or a file that is not a revocation log as one {@link CliException}
 * with exit code 3 (configuration or I/O error), as the CLI contract says. No message repeats a
 * password that a URL might carry (such a URL is refused).
 */
final class RevocationStoreArg {
  /** Option description to reuse, so every command explains STORE the same way. */
  static final String DESCRIPTION =
      "Revocation store: a revocation log file, or redis://[USER@]HOST[:PORT][/DB][?prefix=P] (rediss:// for TLS), "
          + "redis-sentinel://HOST:PORT,HOST:PORT/MASTER or redis-cluster://HOST:PORT,HOST:PORT; "
          + "the password only from --redis-password-env or --redis-password-file.";

  private final String text;

  RevocationStoreArg(String text) {
    this.text = text;
  }

  /** The picocli converter for {@code --revocations}. */
  static final class Converter implements CommandLine.ITypeConverter<RevocationStoreArg> {
    @Override
    public RevocationStoreArg convert(String value) {
      return new RevocationStoreArg(value);
    }
  }

  /** Whether the value names a Redis deployment rather than a file. */
  boolean isRedis() {
    return text.regionMatches(true, 0, "redis", 0, 5) && text.contains("://");
  }

  /** {@link #open(boolean, RedisOptions)} without Redis options. */
  RevocationStore open(boolean follow) {
    return open(follow, null);
  }

  /**
   * Opens an existing store to verify against. A log file must exist (an empty file, as made by
   * {@code touch}, is an empty log), so a mistyped path is an error rather than an empty list.
   *
   * @param follow true for long-running commands ({@code serve}): a file is followed for records
   *     appended by other processes; false for one-shot commands ({@code verify}), which read the
   *     store once
   * @param redis how to reach a Redis store, or null
   * @throws CliException (exit 3) if the value is malformed or the store cannot be opened
   */
  RevocationStore open(boolean follow, RedisOptions redis) {
    return open(follow, false, redis, null);
  }

  /**
   * Opens the store to record revocations ({@code revoke}): a missing log file is created.
   *
   * @throws CliException (exit 3) if the value is malformed or the store cannot be opened
   */
  RevocationStore openForRevoke(RedisOptions redis, RedisOptions.Durability durability) {
    return open(false, true, redis, durability);
  }

  /** {@link #openForRevoke(RedisOptions, RedisOptions.Durability)} without Redis options. */
  RevocationStore openForRevoke() {
    return openForRevoke(null, null);
  }

  private RevocationStore open(boolean follow, boolean create, RedisOptions redis, RedisOptions.Durability durability) {
    if (isRedis()) {
      RedisRevocationList.Builder b = redis == null
          ? redisBuilder()
          : RedisRevocationList.builder(redis.options(text, this::malformed));
      if (durability != null && durability.replicas > 0) {
        try {
          b.waitForReplicas(durability.replicas, durability.timeout);
        } catch (IllegalArgumentException e) {
          throw CliException.usage("--redis-wait-replicas / --redis-wait-timeout: " + e.getMessage());
        }
      }
      try {
        // Recording needs no mirror: no subscription and no full read of the list.
        return b.mirror(!create).build();
      } catch (IOException e) {
        throw CliException.config(e.getMessage(), e);
      } catch (IllegalStateException e) {
        throw CliException.config("revocation store " + this + ": " + e.getMessage());
      }
    }
    if (redis != null && redis.any()) {
      throw CliException.usage("the --redis-* options apply only to a Redis revocation store (redis://...)");
    }
    if (durability != null && durability.replicas > 0) {
      throw CliException.usage("--redis-wait-replicas applies only to a Redis revocation store (redis://...)");
    }
    if (text.isEmpty()) {
      throw CliException.config("revocation store is empty: give a file path or redis://host:port");
    }
    if (text.contains("://")) {
      throw CliException.config("unsupported revocation store URL '" + this + "': use a file path or redis://host:port");
    }
    Path path;
    try {
      path = Path.of(text);
    } catch (InvalidPathException e) {
      throw CliException.config("invalid revocation log path '" + text + "': " + e.getReason());
    }
    try {
      return FileRevocationList.builder(path)
          .pollInterval(follow ? FileRevocationList.DEFAULT_POLL_INTERVAL : Duration.ZERO)
          .createIfMissing(create)
          .build();
    } catch (NoSuchFileException e) {
      throw CliException.config("cannot open revocation log " + path + ": no such file"
          + (create ? " or directory" : " (signet revoke creates it; an empty file is an empty log)"), e);
    } catch (IOException e) {
      String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw CliException.config("cannot open revocation log " + path + ": " + m, e);
    }
  }

  /** Parses a Redis URL; throws a one-line {@link CliException} (exit 3) if malformed. */
  RedisRevocationList.Builder redisBuilder() {
    try {
      return RedisRevocationList.builder(text);
    } catch (IllegalArgumentException e) {
      throw malformed(e);
    }
  }

  private CliException malformed(IllegalArgumentException e) {
    String why = e.getMessage();
    if (why.startsWith("a password in the URL")) {
      why = "a password in the URL is refused (other users could read it); use --redis-password-env VAR "
          + "or --redis-password-file FILE";
    }
    return CliException.config("malformed revocation store URL '" + this + "': " + why);
  }

  /** The value as given, with anything that could be a password replaced by {@code ***}. */
  @Override
  public String toString() {
    return RedisRevocationList.redact(text);
  }
}
