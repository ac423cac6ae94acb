package dev.signet;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A bounded cache of tokens that passed every check up to the claims (size, header, key,
 * decryption, signature, strict claims, issuer and audience), keyed by the exact token string.
 *
 * <p>Lock-free and set-associative: a token can live in one of {@link #WAYS} slots of a set
 * chosen by a hash of its last characters (the GCM tag or the signature, which no one can choose
 * for a token that verifies). When a set is full the oldest entry is replaced. Races between
 * threads only ever lose an insertion, which costs a later full verification, never a wrong
 * answer.
 *
 * <p>Invariants the verifier relies on: an entry is returned only for the identical token string
 * (compared in constant time once the hashes match, see {@link #sameToken}), only while the keyset it was verified
 * against is still the verifier's current keyset, and only before both its lifetime and the
 * token's {@code exp} have passed. Time and revocation checks are not cached: the verifier runs
 * them on every hit.
 */
final class VerifiedTokenCache {
  static final int WAYS = 4;
  private static final int TAIL = 16;
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** One verified token. Immutable. */
  static final class Entry {
    /** The token's characters, one byte each: a verified token is printable ASCII. */
    final byte[] token;
    final long hash;
    final CompiledKeys keys;
    final Session session;
    final long notBefore;
    final long insertedAt;
    final long usableUntil;

    Entry(byte[] token, long hash, CompiledKeys keys, Session session, long notBefore, long insertedAt,
        long usableUntil) {
      this.token = token;
      this.hash = hash;
      this.keys = keys;
      this.session = session;
      this.notBefore = notBefore;
      this.insertedAt = insertedAt;
      this.usableUntil = usableUntil;
    }
  }

  private final AtomicReferenceArray<Entry> slots;
  private final int sets;
  private final int ways;
  private final long maxLifetimeMs;

  /**
   * @param maxEntries the most entries held at once, at least 1
   * @param maxLifetimeMs how long an entry may be used after it was verified, in milliseconds
   */
  VerifiedTokenCache(int maxEntries, long maxLifetimeMs) {
    this.ways = Math.min(WAYS, maxEntries);
    this.sets = maxEntries / ways;
    this.slots = new AtomicReferenceArray<>(sets * ways);
    this.maxLifetimeMs = maxLifetimeMs;
  }

  /** The number of slots: never more than the configured maximum. */
  int capacity() {
    return slots.length();
  }

  /** The cached verification of exactly {@code token}, if usable at {@code now} with {@code keys}. */
  Entry get(String token, CompiledKeys keys, long now) {
    long h = hash(token);
    int base = set(h) * ways;
    for (int i = 0; i < ways; i++) {
      Entry e = slots.get(base + i);
      if (e != null && e.hash == h && e.keys == keys && now < e.usableUntil && sameToken(e.token, token)) {
        return e;
      }
    }
    return null;
  }

  /** Remembers a token that passed every check before the time checks, unless already unusable. */
  void put(String token, CompiledKeys keys, Session session, long notBefore, long now) {
    long until = Math.min(now + maxLifetimeMs, session.expiresAt().toEpochMilli());
    if (until <= now || !isTokenAscii(token)) {
      return;
    }
    long h = hash(token);
    int base = set(h) * ways;
    int victim = base;
    long oldest = Long.MAX_VALUE;
    for (int i = 0; i < ways; i++) {
      Entry e = slots.get(base + i);
      if (e == null || now >= e.usableUntil || e.keys != keys) {
        victim = base + i;
        break;
      }
      if (e.insertedAt < oldest) {
        oldest = e.insertedAt;
        victim = base + i;
      }
    }
    slots.set(victim, new Entry(token.getBytes(StandardCharsets.US_ASCII), h, keys, session, notBefore, now, until));
  }

  private int set(long h) {
    return (int) (((h >>> 32) * sets) >>> 32);
  }

  /** A 64-bit hash of the token's length and last characters; cheap, and fixed for a token. */
  static long hash(String token) {
    int n = token.length();
    long h = n;
    for (int i = Math.max(0, n - TAIL); i < n; i++) {
      h = h * 0x100000001b3L + token.charAt(i);
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }

  /**
   * Whether {@code candidate} is the cached token, in time that depends only on the lengths.
   *
   * <p>The candidate is encoded as ISO-8859-1, which maps each character to one byte and any
   * character above U+00FF to {@code '?'}. The cached token holds only characters of compact
   * JOSE (base64url and dots, never {@code '?'}), so the bytes are equal exactly when the
   * strings are. The encoding is one vectorised copy and the comparison reads eight bytes at a
   * time with no early exit: about a third of the cost of comparing character by character.
   */
  static boolean sameToken(byte[] cached, String candidate) {
    if (candidate.length() != cached.length) {
      return false;
    }
    byte[] c = candidate.getBytes(StandardCharsets.ISO_8859_1);
    if (c.length != cached.length) {
      return false;
    }
    long diff = 0;
    int i = 0;
    for (; i + Long.BYTES <= c.length; i += Long.BYTES) {
      diff |= (long) LONGS.get(cached, i) ^ (long) LONGS.get(c, i);
    }
    for (; i < c.length; i++) {
      diff |= cached[i] ^ c[i];
    }
    return diff == 0;
  }

  /** Whether every character is one a compact JOSE token can hold: base64url or a dot. */
  static boolean isTokenAscii(String token) {
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
