package dev.signet.cli;

import dev.signet.revocation.FileRevocationList;
import dev.signet.revocation.RedisRevocationList;
import dev.signet.revocation.RevocationStore;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine;

/**
 * The value of a {@code --revocations STORE} option: a revocation log file path, or a
 * {@code redis://host[:port][?prefix=KEYPREFIX]} URL.
 *
 * <p>Declare the option with this type and its converter:
 *
 * <pre>{@code
 * @Option(names = "--revocations", paramLabel = "STORE",
 *     converter = RevocationStoreArg.Converter.class,
 *     description = RevocationStoreArg.DESCRIPTION)
 * RevocationStoreArg revocations;
 * ...
 * try (RevocationStore store = revocations.open(false)) { ... }
 * }</pre>
 *
 * <p>Conversion never fails; the value is checked by {@link #open}, which reports a malformed
 * URL, an unreachable Redis, or a file that is not a revocation log as one {@link CliException}
 * with exit code 3 (configuration or I/O error), as the CLI contract says.
 */
final class RevocationStoreArg {
  /** Option description to reuse, so every command explains STORE the same way. */
  static final String DESCRIPTION =
      "Revocation store: a revocation log file or redis://host[:port][?prefix=P].";

  static final int DEFAULT_REDIS_PORT = 6379;

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

  /** Whether the value names a Redis server rather than a file. */
  boolean isRedis() {
    return text.regionMatches(true, 0, "redis:", 0, 6);
  }

  /**
   * Opens an existing store to verify against. A log file must exist (an empty file, as made by
   * {@code touch}, is an empty log), so a mistyped path is an error rather than an empty list.
   *
   * @param follow true for long-running commands ({@code serve}): a file is followed for records
   *     appended by other processes; false for one-shot commands ({@code verify}), which read the
   *     store once
   * @throws CliException (exit 3) if the value is malformed or the store cannot be opened
   */
  RevocationStore open(boolean follow) {
    return open(follow, false);
  }

  /**
   * Opens the store to record revocations ({@code revoke}): a missing log file is created.
   *
   * @throws CliException (exit 3) if the value is malformed or the store cannot be opened
   */
  RevocationStore openForRevoke() {
    return open(false, true);
  }

  private RevocationStore open(boolean follow, boolean create) {
    if (isRedis()) {
      RedisTarget t = redisTarget();
      try {
        // Recording needs no mirror: no subscription and no full read of the list.
        return RedisRevocationList.builder(t.host, t.port).keyPrefix(t.prefix).mirror(!create).build();
      } catch (IOException e) {
        throw CliException.config("cannot use Redis at " + t.host + ":" + t.port + ": " + e.getMessage(), e);
      }
    }
    if (text.isEmpty()) {
      throw CliException.config("revocation store is empty: give a file path or redis://host:port");
    }
    if (text.contains("://")) {
      throw CliException.config("unsupported revocation store URL '" + text + "': use a file path or redis://host:port");
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

  static final class RedisTarget {
    final String host;
    final int port;
    final String prefix;

    RedisTarget(String host, int port, String prefix) {
      this.host = host;
      this.port = port;
      this.prefix = prefix;
    }
  }

  /** Parses a {@code redis://} value; throws a one-line {@link CliException} (exit 3) if malformed. */
  RedisTarget redisTarget() {
    URI u;
    try {
      u = new URI(text);
    } catch (URISyntaxException e) {
      throw malformed(e.getReason());
    }
    if (!"redis".equals(u.getScheme().toLowerCase(Locale.ROOT))) {
      throw malformed("the scheme must be redis");
    }
    if (u.getHost() == null || u.getHost().isEmpty()) {
      throw malformed("a host is required");
    }
    if (u.getRawUserInfo() != null) {
      throw malformed("credentials in the URL are not supported");
    }
    if (u.getRawPath() != null && !u.getRawPath().isEmpty() && !"/".equals(u.getRawPath())) {
      throw malformed("a path is not supported");
    }
    if (u.getRawFragment() != null) {
      throw malformed("a fragment is not supported");
    }
    int port = u.getPort() == -1 ? DEFAULT_REDIS_PORT : u.getPort();
    if (port < 1 || port > 65535) {
      throw malformed("the port must be between 1 and 65535");
    }
    String prefix = RedisRevocationList.DEFAULT_KEY_PREFIX;
    if (u.getRawQuery() != null) {
      String q = u.getQuery();
      if (!q.startsWith("prefix=") || q.length() == 7 || q.indexOf('&') >= 0) {
        throw malformed("the only query parameter is prefix=KEYPREFIX");
      }
      prefix = q.substring(7);
    }
    return new RedisTarget(u.getHost(), port, prefix);
  }

  private CliException malformed(String why) {
    return CliException.config("malformed revocation store URL '" + text + "': " + why);
  }

  @Override
  public String toString() {
    return text;
  }
}
