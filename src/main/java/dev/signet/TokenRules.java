package dev.signet;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * The configuration rules the issuer and the verifier share, so that whatever one accepts the
 * other accepts too: the token type, the token size limit and the whole-second durations.
 */
final class TokenRules {
  static final int MIN_TOKEN_SIZE_LIMIT = 256;
  static final int MAX_TOKEN_SIZE_LIMIT = 65536;

  private TokenRules() {}

  static Duration wholeSeconds(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.getSeconds() < 1 || d.getNano() != 0) {
      throw new IllegalArgumentException(name + " must be a whole number of seconds, at least 1 s");
    }
    if (d.getSeconds() > 366L * 24 * 3600) {
      throw new IllegalArgumentException(name + " must be at most 366 days");
    }
    return d;
  }

  static String checkType(String type) {
    Objects.requireNonNull(type, "type");
    if (type.isEmpty() || type.length() > 64 || !type.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new IllegalArgumentException("type must be 1 to 64 printable ASCII characters");
    }
    String t = type.toLowerCase(Locale.ROOT);
    return t.startsWith("application/") ? t.substring(12) : t;
  }

  static int checkMaxSize(int size) {
    if (size < MIN_TOKEN_SIZE_LIMIT || size > MAX_TOKEN_SIZE_LIMIT) {
      throw new IllegalArgumentException(
          "maxTokenSize must be between " + MIN_TOKEN_SIZE_LIMIT + " and " + MAX_TOKEN_SIZE_LIMIT);
    }
    return size;
  }
}
