package dev.signet.revocation;

import java.time.Instant;
import java.util.Objects;

/**
 * What Signet writes into Redis: key names, change messages and the two scripts that write them.
 *
 * <p>Every name starts with the hash tag {@code "{" + prefix + "}"}, so in a Redis Cluster every
 * entry, the change channel's script and the generation marker live in one hash slot, on one
 * shard: a revocation is written and published by one atomic script, a resync reads one node,
 * and the list (small, since every entry expires) never needs cross-slot operations.
 *
 * <ul>
 *   <li>entry: {@code {PREFIX}t:JTI}, {@code {PREFIX}s:SID}, {@code {PREFIX}u:BEFORE_MS:SUBJECT},
 *       {@code {PREFIX}g:BEFORE_MS}; the value is the entry's expiry (epoch ms) and the key's TTL
 *       ends at that expiry;
 *   <li>channel {@code {PREFIX}changes}: one message {@code "EXPIRES_MS SUFFIX"} per change;
 *   <li>{@code {PREFIX}generation}: a random marker written once; when it disappears or changes,
 *       the data set was wiped or replaced.
 * </ul>
 */
final class RedisWire {
  /** The suffix of the generation marker, which is not an entry. */
  static final String GENERATION = "generation";

  /**
   * KEYS[1] the entry key; ARGV[1] its expiry (epoch ms), ARGV[2] the channel, ARGV[3] the
   * message. Keeps the later expiry, then publishes, atomically.
   */
  static final String REVOKE_SCRIPT =
      "local cur = tonumber(redis.call('GET', KEYS[1]) or '0')\n"
          + "if cur < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], ARGV[1], 'PXAT', ARGV[1]) end\n"
          + "return redis.call('PUBLISH', ARGV[2], ARGV[3])";

  /**
   * KEYS: entry keys; ARGV[1] the channel, ARGV[2] the length of the tag, ARGV[2+i] the expiry
   * of KEYS[i]. Writes and publishes only the entries Redis lacks (or holds with an earlier
   * expiry), so many mirrors re-seeding the same wiped store publish each entry about once.
   * Returns how many it wrote.
   */
  static final String RESEED_SCRIPT =
      "local n = 0\n"
          + "for i, k in ipairs(KEYS) do\n"
          + "  local exp = ARGV[i + 2]\n"
          + "  local cur = tonumber(redis.call('GET', k) or '0')\n"
          + "  if cur < tonumber(exp) then\n"
          + "    redis.call('SET', k, exp, 'PXAT', exp)\n"
          + "    redis.call('PUBLISH', ARGV[1], exp .. ' ' .. string.sub(k, tonumber(ARGV[2]) + 1))\n"
          + "    n = n + 1\n"
          + "  end\n"
          + "end\n"
          + "return n";

  private final String tag;
  private final String channel;
  private final String generationKey;

  /** @param prefix the configured key prefix, without braces */
  RedisWire(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    this.tag = "{" + prefix + "}";
    this.channel = tag + "changes";
    this.generationKey = tag + GENERATION;
  }

  /** The hash tag every name starts with: {@code {PREFIX}}. */
  String tag() {
    return tag;
  }

  String channel() {
    return channel;
  }

  String generationKey() {
    return generationKey;
  }

  /** The key of an entry. */
  String key(Revocation r) {
    return tag + suffix(r);
  }

  /** The key of a suffix. */
  String key(String suffix) {
    return tag + suffix;
  }

  /** The SCAN pattern that matches every entry key (and the generation marker). */
  String scanPattern() {
    return globEscape(tag) + "*";
  }

  /** The suffix of a key read by SCAN, or null if it is not an entry. */
  String suffixOf(String key) {
    if (!key.startsWith(tag)) {
      return null;
    }
    String s = key.substring(tag.length());
    return GENERATION.equals(s) ? null : s;
  }

  /** The change message of an entry. */
  static String message(long expiresMs, String suffix) {
    return expiresMs + " " + suffix;
  }

  /** Reads a change message; null if unreadable. */
  static Revocation parseMessage(String message) {
    int sp = message.indexOf(' ');
    return sp <= 0 ? null : parse(message.substring(0, sp), message.substring(sp + 1));
  }

  /** {@code t:JTI}, {@code s:SID}, {@code u:BEFORE_MS:SUBJECT} or {@code g:BEFORE_MS}. */
  static String suffix(Revocation r) {
    switch (r.kind()) {
      case TOKEN:
        return "t:" + r.id().orElseThrow();
      case SESSION:
        return "s:" + r.id().orElseThrow();
      case SUBJECT:
        return "u:" + r.before().orElseThrow().toEpochMilli() + ":" + r.id().orElseThrow();
      case GLOBAL:
      default:
        return "g:" + r.before().orElseThrow().toEpochMilli();
    }
  }

  /** Parses a key suffix and its expiry; null if unreadable. */
  static Revocation parse(String expiresMs, String suffix) {
    try {
      Instant exp = Instant.ofEpochMilli(Long.parseLong(expiresMs));
      if (suffix.length() < 3 || suffix.charAt(1) != ':') {
        return null;
      }
      String rest = suffix.substring(2);
      switch (suffix.charAt(0)) {
        case 't':
          return Revocation.token(rest, exp);
        case 's':
          return Revocation.session(rest, exp);
        case 'u': {
          int c = rest.indexOf(':');
          if (c <= 0) {
            return null;
          }
          return Revocation.subject(rest.substring(c + 1), Instant.ofEpochMilli(Long.parseLong(rest.substring(0, c))), exp);
        }
        case 'g':
          return Revocation.global(Instant.ofEpochMilli(Long.parseLong(rest)), exp);
        default:
          return null;
      }
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Escapes the characters SCAN's MATCH pattern treats specially. */
  static String globEscape(String s) {
    StringBuilder b = new StringBuilder(s.length() + 4);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
        b.append('\\');
      }
      b.append(c);
    }
    return b.toString();
  }
}
