package dev.signet.revocation;

import dev.signet.Session;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;

/**
 * The local memory every store answers {@link RevocationList#check} from: lock-free for readers,
 * small per entry, and exact where it matters.
 *
 * <ul>
 *   <li>Token ({@code jti}) and session ({@code sid}) entries live in one open-addressing table
 *       (linear probing) of fingerprints, with the entry's expiry in a parallel array that is
 *       read only on a hit. A fingerprint is 96 bits of hash: the id's 32-bit
 *       {@code String.hashCode} mixed with a random seed (cheap, and the key of a small blocked
 *       Bloom filter that answers most misses from CPU cache) and a 64-bit seeded hash of the id
 *       (computed only when the filter says maybe; it also chooses the slot). The id strings are not kept: about 40 to 50 bytes per entry
 *       at one million entries instead of well over 100.
 *   <li>Subject cut-offs live in a second table of the same kind that also keeps the subject
 *       string and compares it on a fingerprint hit, because subjects may be chosen by users.
 *   <li>The global cut-off is one volatile pair.
 * </ul>
 *
 * <p><b>Exactness.</b> A fingerprint is a function of the id, so a revoked id always finds its
 * own fingerprint: a collision can never make a revoked token pass. The only error possible is
 * the reverse, a token whose unrevoked {@code jti} or {@code sid} has the same 96-bit
 * fingerprint as a revoked one; with ids drawn from the issuer's CSPRNG and n live entries the
 * chance per verification is at most about {@code 2n / 2^96} (below 2^-75 for a million
 * entries), and it would reject a valid token, never accept a revoked one. Subject entries have no such error at all.
 *
 * <p><b>Concurrency.</b> Writers are serialized by a lock; readers never lock. A new slot is
 * filled (low half, expiry, value) before its high half is published with release semantics;
 * readers load the high half with acquire semantics, so a slot that looks occupied is complete.
 * Updates of an existing slot only ever widen it (later expiry, later cut-off), so a reader
 * that sees half of an update sees something between the old and the new entry. Growing and
 * purging build a new table and publish it through a volatile field: slots are never removed
 * in place, so a probe sequence never breaks under a reader.
 */
final class RevocationIndex {
  private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
  private static final int MIN_CAPACITY = 16;
  private static final byte TOKEN = 1;
  private static final byte SESSION = 2;
  private static final byte SUBJECT = 3;

  private final Clock clock;
  private final long seed1;
  private final long seed2;
  private final Object writeLock = new Object();
  private volatile Table ids;
  private volatile Table subjects;
  /** {beforeMs, expiresMs}, or null; replaced, never changed in place. */
  private volatile long[] global;
  private volatile long lastPurge;

  RevocationIndex(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    SecureRandom r = new SecureRandom();
    this.seed1 = r.nextLong();
    this.seed2 = r.nextLong();
    this.ids = new Table(MIN_CAPACITY, false);
    this.subjects = new Table(MIN_CAPACITY, true);
  }

  Clock clock() {
    return clock;
  }

  /** Adds an entry, or widens the matching one. Entries already past their expiry are ignored. */
  void add(Revocation r) {
    long expires = r.expiresAt().toEpochMilli();
    if (clock.millis() >= expires) {
      return;
    }
    switch (r.kind()) {
      case TOKEN:
        addId(TOKEN, r.id().orElseThrow(), expires, 0, null);
        break;
      case SESSION:
        addId(SESSION, r.id().orElseThrow(), expires, 0, null);
        break;
      case SUBJECT:
        addId(SUBJECT, r.id().orElseThrow(), expires, r.before().orElseThrow().toEpochMilli(), r.id().orElseThrow());
        break;
      case GLOBAL:
      default:
        synchronized (writeLock) {
          long before = r.before().orElseThrow().toEpochMilli();
          long[] g = global;
          global = g == null ? new long[] {before, expires} : new long[] {Math.max(g[0], before), Math.max(g[1], expires)};
        }
    }
  }

  private void addId(byte kind, String id, long expires, long before, String subject) {
    long h1 = cheap(kind, id, seed1);
    long h2 = hash(kind, id, seed2);
    synchronized (writeLock) {
      Table t = kind == SUBJECT ? subjects : ids;
      if (!t.put(h1, h2, expires, before, subject)) {
        // Full: grow (dropping what has expired meanwhile) and publish the new table.
        t = t.rebuild(t.capacity() * 2, clock.millis());
        t.put(h1, h2, expires, before, subject);
        publish(kind, t);
      }
    }
  }

  private void publish(byte kind, Table t) {
    if (kind == SUBJECT) {
      subjects = t;
    } else {
      ids = t;
    }
  }

  /** Whether an entry matches the session. Lock-free, allocation-free; reads the clock only on a hit. */
  boolean isRevoked(Session s) {
    Table t = ids;
    if (t.size != 0) {
      String jti = s.tokenId();
      String sid = s.sessionId();
      // The filter answers most misses from a few MB that stay in the CPU cache; the table's
      // slots (tens of MB at a million entries) are touched only when the filter says maybe.
      long a1 = cheap(TOKEN, jti, seed1);
      long b1 = cheap(SESSION, sid, seed1);
      boolean ma = t.mightContain(a1);
      boolean mb = t.mightContain(b1);
      if (ma || mb) {
        int a = ma ? t.find(a1, hash(TOKEN, jti, seed2), null) : -1;
        int b = mb ? t.find(b1, hash(SESSION, sid, seed2), null) : -1;
        if (a >= 0 || b >= 0) {
          long now = clock.millis();
          if ((a >= 0 && now < t.expires(a)) || (b >= 0 && now < t.expires(b))) {
            return true;
          }
        }
      }
    }
    Table u = subjects;
    if (u.size != 0) {
      String sub = s.subject();
      long c1 = cheap(SUBJECT, sub, seed1);
      if (u.mightContain(c1)) {
        int c = u.find(c1, hash(SUBJECT, sub, seed2), sub);
        if (c >= 0 && s.startedAt().toEpochMilli() <= u.value(c) && clock.millis() < u.expires(c)) {
          return true;
        }
      }
    }
    long[] g = global;
    return g != null && s.startedAt().toEpochMilli() <= g[0] && clock.millis() < g[1];
  }

  /**
   * Drops expired entries if the last purge was at least {@code everyMs} ago (a purge scans the
   * whole table, so background threads call this rather than purging on every tick). Returns
   * how many were dropped, or -1 if no purge was due.
   */
  int purgeExpiredIfDue(long everyMs) {
    long now = clock.millis();
    if (now - lastPurge < everyMs && now >= lastPurge) {
      return -1;
    }
    return purgeExpired();
  }

  /** Drops every entry past its expiry; returns how many were dropped. */
  int purgeExpired() {
    synchronized (writeLock) {
      long now = clock.millis();
      lastPurge = now;
      int dropped = 0;
      Table t = ids;
      Table nt = t.rebuildIfExpired(now);
      if (nt != t) {
        dropped += t.size - nt.size;
        ids = nt;
      }
      Table u = subjects;
      Table nu = u.rebuildIfExpired(now);
      if (nu != u) {
        dropped += u.size - nu.size;
        subjects = nu;
      }
      long[] g = global;
      if (g != null && now >= g[1]) {
        global = null;
        dropped++;
      }
      return dropped;
    }
  }

  /** The number of entries held, expired ones not yet purged included. */
  int size() {
    return ids.size + subjects.size + (global == null ? 0 : 1);
  }

  /** Bytes held by the tables (the arrays and, for subjects, nothing of the strings). */
  long tableBytes() {
    return ids.bytes() + subjects.bytes();
  }

  /**
   * The high half of a fingerprint: the id's {@link String#hashCode()} (32 bits, and cheap: it
   * runs on every verification, before the filter) mixed with the kind and a seed. Never 0.
   */
  static long cheap(byte kind, String s, long seed) {
    long h = fmix(((s.hashCode() & 0xFFFFFFFFL) | ((long) kind << 32)) ^ seed);
    return h == 0 ? 1 : h;
  }

  /**
   * A 64-bit MurmurHash3-style hash of (kind, id) under a seed: the low half of the fingerprint,
   * which also chooses the slot; computed only when the filter says maybe. Reads the chars directly: no allocation, no encoding step.
   */
  static long hash(byte kind, String s, long seed) {
    int n = s.length();
    long h = seed ^ (kind * 0x9E3779B97F4A7C15L) ^ ((long) n << 32);
    int i = 0;
    for (; i + 4 <= n; i += 4) {
      long k = s.charAt(i) | ((long) s.charAt(i + 1) << 16) | ((long) s.charAt(i + 2) << 32)
          | ((long) s.charAt(i + 3) << 48);
      k *= 0x87C37B91114253D5L;
      k = Long.rotateLeft(k, 31);
      k *= 0x4CF5AD432745937FL;
      h ^= k;
      h = Long.rotateLeft(h, 27) * 5 + 0x52DCE729;
    }
    long k = 0;
    for (int shift = 0; i < n; i++, shift += 16) {
      k |= (long) s.charAt(i) << shift;
    }
    k *= 0x87C37B91114253D5L;
    k = Long.rotateLeft(k, 31);
    k *= 0x4CF5AD432745937FL;
    h ^= k;
    return fmix(h ^ n);
  }

  private static long fmix(long k) {
    k ^= k >>> 33;
    k *= 0xFF51AFD7ED558CCDL;
    k ^= k >>> 33;
    k *= 0xC4CEB9FE1A85EC53L;
    k ^= k >>> 33;
    return k;
  }

  /** One open-addressing table. {@code size} and every write are guarded by the index's lock. */
  private static final class Table {
    /**
     * A blocked Bloom filter over the high halves: one 64-bit word per key, two bits in it. Eight
     * bits per slot, so about 16 bits per entry at the usual load and a false "maybe" for about
     * 2% of misses. Bits are only ever set; a rebuild starts a new filter.
     */
    final long[] filter;
    final int filterMask;
    /** Two longs per slot: the high half (0 = empty) and the low half of the fingerprint. */
    final long[] fp;
    /** The entry's expiry in epoch milliseconds, per slot. */
    final long[] expires;
    /** Subject tables only: the cut-off in epoch milliseconds, per slot. */
    final long[] values;
    /** Subject tables only: the subject, compared on a fingerprint hit. */
    final String[] keys;
    final int mask;
    volatile int size;

    Table(int capacity, boolean withValues) {
      filter = new long[capacity / 8];
      filterMask = filter.length - 1;
      fp = new long[capacity * 2];
      expires = new long[capacity];
      values = withValues ? new long[capacity] : null;
      keys = withValues ? new String[capacity] : null;
      mask = capacity - 1;
    }

    int capacity() {
      return mask + 1;
    }

    long bytes() {
      return 8L * filter.length + 16L * fp.length / 2 + 8L * expires.length
          + (values == null ? 0 : 8L * values.length + 4L * keys.length);
    }

    private static long high(long h1) {
      return h1 == 0 ? 1 : h1;
    }

    private static long filterBits(long h1) {
      return (1L << (h1 >>> 40)) | (1L << (h1 >>> 46));
    }

    /** False if the key is certainly absent. Lock-free. */
    boolean mightContain(long h1) {
      long hi = high(h1);
      long bits = filterBits(hi);
      return ((long) LONGS.getAcquire(filter, (int) hi & filterMask) & bits) == bits;
    }

    /** The slot holding the fingerprint, or -1. Lock-free. */
    int find(long h1, long h2, String key) {
      long hi = high(h1);
      int i = (int) (h2 ^ (h2 >>> 32)) & mask;
      while (true) {
        long cur = (long) LONGS.getAcquire(fp, 2 * i);
        if (cur == 0) {
          return -1;
        }
        if (cur == hi && fp[2 * i + 1] == h2 && (key == null || key.equals(keys[i]))) {
          return i;
        }
        i = (i + 1) & mask;
      }
    }

    long expires(int slot) {
      return (long) LONGS.getAcquire(expires, slot);
    }

    long value(int slot) {
      return (long) LONGS.getAcquire(values, slot);
    }

    /**
     * Inserts or widens an entry; returns false (and changes nothing) when a new slot is needed
     * but the table is too full to take it.
     */
    boolean put(long h1, long h2, long exp, long before, String key) {
      long hi = high(h1);
      int i = (int) (h2 ^ (h2 >>> 32)) & mask;
      while (true) {
        long cur = fp[2 * i];
        if (cur == 0) {
          if ((size + 1) * 4L > capacity() * 3L) {
            return false;
          }
          int w = (int) hi & filterMask;
          LONGS.setRelease(filter, w, filter[w] | filterBits(hi));
          fp[2 * i + 1] = h2;
          expires[i] = exp;
          if (values != null) {
            values[i] = before;
            keys[i] = key;
          }
          LONGS.setRelease(fp, 2 * i, hi);
          size = size + 1;
          return true;
        }
        if (cur == hi && fp[2 * i + 1] == h2 && (key == null || key.equals(keys[i]))) {
          if (values != null && before > values[i]) {
            LONGS.setRelease(values, i, before);
          }
          if (exp > expires[i]) {
            LONGS.setRelease(expires, i, exp);
          }
          return true;
        }
        i = (i + 1) & mask;
      }
    }

    Table rebuild(int capacity, long now) {
      Table t = new Table(capacity, values != null);
      for (int i = 0; i <= mask; i++) {
        long hi = fp[2 * i];
        if (hi != 0 && now < expires[i]) {
          t.put(hi, fp[2 * i + 1], expires[i], values == null ? 0 : values[i], keys == null ? null : keys[i]);
        }
      }
      return t;
    }

    Table rebuildIfExpired(long now) {
      int live = 0;
      for (int i = 0; i <= mask; i++) {
        if (fp[2 * i] != 0 && now < expires[i]) {
          live++;
        }
      }
      if (live == size) {
        return this;
      }
      int cap = MIN_CAPACITY;
      while (live * 4L > cap * 3L / 2) {
        cap *= 2;
      }
      return rebuild(cap, now);
    }
  }
}
