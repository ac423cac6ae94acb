package dev.signet.spring.boot;

import dev.signet.revocation.FileRevocationList;
import dev.signet.revocation.InMemoryRevocationList;
import dev.signet.revocation.RedisRevocationList;
import dev.signet.revocation.RevocationStore;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;

/**
 * Opens the store named by {@code signet.revocations}, with the rules of the CLI's
 * {@code --revocations STORE}: a revocation log file (created when missing), or a Redis URL
 * ({@code redis://[USER@]HOST[:PORT][/DB][?prefix=P]}, {@code rediss://} for TLS,
 * {@code redis-sentinel://}, {@code redis-cluster://}; see
 * {@link RedisRevocationList#builder(String)}) with the password and CA of
 * {@code signet.redis.*}. Unset means in memory.
 *
 * <p>The one place that turns the properties into a store.
 */
final class RevocationStores {
  private RevocationStores() {}

  /**
   * Opens the store.
   *
   * @throws IllegalStateException naming the property when the value is malformed or the options
   *     do not fit the store (never repeating a password a URL might carry)
   * @throws IOException when the file, a password or CA file, or the Redis server cannot be used
   */
  static RevocationStore open(String location, SignetProperties.Redis redis, Clock clock) throws IOException {
    if (location == null || location.isBlank()) {
      requireNoRedisOptions(redis, "in memory");
      return new InMemoryRevocationList(clock);
    }
    String scheme = location.indexOf("://") > 0
        ? location.substring(0, location.indexOf("://")).toLowerCase(Locale.ROOT) : "";
    if (scheme.startsWith("redis")) {
      return redis(location, redis, clock);
    }
    if (!scheme.isEmpty()) {
      throw malformed("use a file path or a redis:// URL");
    }
    requireNoRedisOptions(redis, "a file");
    Path path;
    try {
      path = Path.of(location);
    } catch (InvalidPathException e) {
      throw malformed(e.getReason());
    }
    return FileRevocationList.builder(path).clock(clock).createIfMissing(true).build();
  }

  private static RevocationStore redis(String location, SignetProperties.Redis redis, Clock clock) throws IOException {
    RedisRevocationList.Builder b;
    try {
      b = RedisRevocationList.builder(location);
    } catch (IllegalArgumentException e) {
      // The builder's messages never repeat a password; neither does this one.
      String why = e.getMessage();
      if (why != null && why.startsWith("a password in the URL")) {
        why = "a password in the URL is refused: use signet.redis.password-env or signet.redis.password-file";
      }
      throw malformed(why);
    }
    if (redis.getPasswordEnv() != null && redis.getPasswordFile() != null) {
      throw new IllegalStateException("give either signet.redis.password-env or signet.redis.password-file, not both");
    }
    if (redis.getPasswordEnv() != null) {
      b.passwordFromEnvironment(redis.getPasswordEnv());
    } else if (redis.getPasswordFile() != null) {
      b.passwordFile(Path.of(redis.getPasswordFile()));
    }
    if (redis.getCaFile() != null) {
      b.trustedCertificates(Path.of(redis.getCaFile()));
    }
    try {
      return b.clock(clock).build();
    } catch (IllegalStateException e) {
      throw new IllegalStateException("signet.revocations: " + e.getMessage(), e);
    }
  }

  private static void requireNoRedisOptions(SignetProperties.Redis redis, String store) {
    String set = redis.getPasswordEnv() != null ? "signet.redis.password-env"
        : redis.getPasswordFile() != null ? "signet.redis.password-file"
        : redis.getCaFile() != null ? "signet.redis.ca-file" : null;
    if (set != null) {
      // Refused rather than ignored: credentials meant for Redis must not silently go unused.
      throw new IllegalStateException(set + " is set, but signet.revocations is " + store + ", not Redis");
    }
  }

  private static IllegalStateException malformed(String why) {
    // A URL may carry a password by mistake: name the problem, never echo the value.
    return new IllegalStateException("signet.revocations is malformed: " + why);
  }
}
