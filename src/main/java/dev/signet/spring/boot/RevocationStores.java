package dev.signet.spring.boot;

import dev.signet.revocation.FileRevocationList;
import dev.signet.revocation.InMemoryRevocationList;
import dev.signet.revocation.RedisRevocationList;
import dev.signet.revocation.RevocationStore;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;

/**
 * Opens the store named by {@code signet.revocations}, with the rules of the CLI's
 * {@code --revocations STORE}: a revocation log file (created when missing), or
 * {@code redis://host[:port][?prefix=KEYPREFIX]}. Unset means in memory.
 *
 * <p>The one place that turns the property into a store, so new store options (credentials,
 * TLS, Sentinel) land here.
 */
final class RevocationStores {
  static final int DEFAULT_REDIS_PORT = 6379;

  private RevocationStores() {}

  /**
   * Opens the store.
   *
   * @throws IllegalStateException naming the property when the value is malformed or names an
   *     option this store does not support
   * @throws IOException when the file or the Redis server cannot be used
   */
  static RevocationStore open(String location, SignetProperties.Redis redis, Clock clock) throws IOException {
    if (location == null || location.isBlank()) {
      return new InMemoryRevocationList(clock);
    }
    String scheme = location.indexOf("://") > 0
        ? location.substring(0, location.indexOf("://")).toLowerCase(Locale.ROOT) : "";
    if (scheme.equals("redis")) {
      requireNoCredentials(redis);
      URI u = redisUri(location);
      int port = u.getPort() == -1 ? DEFAULT_REDIS_PORT : u.getPort();
      String prefix = RedisRevocationList.DEFAULT_KEY_PREFIX;
      if (u.getRawQuery() != null) {
        String q = u.getQuery();
        if (!q.startsWith("prefix=") || q.length() == 7 || q.indexOf('&') >= 0) {
          throw malformed(location, "the only query parameter is prefix=KEYPREFIX");
        }
        prefix = q.substring(7);
      }
      return RedisRevocationList.builder(u.getHost(), port).keyPrefix(prefix).clock(clock).build();
    }
    if (!scheme.isEmpty()) {
      throw malformed(location, "use a file path or redis://host:port");
    }
    Path path;
    try {
      path = Path.of(location);
    } catch (InvalidPathException e) {
      throw malformed(location, e.getReason());
    }
    return FileRevocationList.builder(path).clock(clock).createIfMissing(true).build();
  }

  private static void requireNoCredentials(SignetProperties.Redis redis) {
    String set = redis.getPasswordEnv() != null ? "signet.redis.password-env"
        : redis.getPasswordFile() != null ? "signet.redis.password-file"
        : redis.getCaFile() != null ? "signet.redis.ca-file" : null;
    if (set != null) {
      // Refused rather than ignored: a store configured with credentials must never connect without them.
      throw new IllegalStateException(set + " is set, but this version's Redis revocation store connects "
          + "without credentials or TLS; remove it or upgrade Signet");
    }
  }

  private static URI redisUri(String location) {
    URI u;
    try {
      u = new URI(location);
    } catch (URISyntaxException e) {
      throw malformed(location, e.getReason());
    }
    if (u.getHost() == null || u.getHost().isEmpty()) {
      throw malformed(location, "a host is required");
    }
    if (u.getRawUserInfo() != null) {
      throw malformed(location, "credentials in the URL are not supported: use signet.redis.password-env or -file");
    }
    if (u.getRawPath() != null && !u.getRawPath().isEmpty() && !"/".equals(u.getRawPath())) {
      throw malformed(location, "a path is not supported");
    }
    if (u.getRawFragment() != null) {
      throw malformed(location, "a fragment is not supported");
    }
    if (u.getPort() != -1 && (u.getPort() < 1 || u.getPort() > 65535)) {
      throw malformed(location, "the port must be between 1 and 65535");
    }
    return u;
  }

  private static IllegalStateException malformed(String location, String why) {
    // A URL may carry a password by mistake: name the problem, never echo the value.
    return new IllegalStateException("signet.revocations is malformed: " + why);
  }
}
