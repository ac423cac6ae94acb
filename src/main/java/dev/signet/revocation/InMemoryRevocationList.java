package dev.signet.revocation;

import dev.signet.Session;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The embedded revocation store: entries in local memory, lost on restart. Use it in a single
 * process (tests, a monolith); use the file or Redis store to share revocations.
 *
 * <p>Thread-safe; {@link #check} is lock-free. Entries past their expiry are dropped by
 * {@link #purgeExpired()} and lazily on lookup.
 */
public final class InMemoryRevocationList implements RevocationStore {
  private final Clock clock;
  private final ConcurrentHashMap<String, Instant> tokens = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Instant> sessions = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Revocation> subjects = new ConcurrentHashMap<>();
  private volatile Revocation global;

  /** An empty list using the system clock for expiry. */
  public InMemoryRevocationList() {
    this(Clock.systemUTC());
  }

  /** An empty list using {@code clock} for expiry. */
  public InMemoryRevocationList(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void revoke(Revocation entry) {
    Objects.requireNonNull(entry, "entry");
    switch (entry.kind()) {
      case TOKEN:
        tokens.merge(entry.id().orElseThrow(), entry.expiresAt(), Revocations::later);
        break;
      case SESSION:
        sessions.merge(entry.id().orElseThrow(), entry.expiresAt(), Revocations::later);
        break;
      case SUBJECT:
        subjects.merge(entry.id().orElseThrow(), entry, Revocations::widerCutoff);
        break;
      case GLOBAL:
      default:
        synchronized (this) {
          global = global == null ? entry : Revocations.widerCutoff(global, entry);
        }
    }
  }

  @Override
  public Status check(Session s) {
    Instant now = clock.instant();
    Instant t = tokens.get(s.tokenId());
    if (t != null && now.isBefore(t)) {
      return Status.REVOKED;
    }
    Instant sid = sessions.get(s.sessionId());
    if (sid != null && now.isBefore(sid)) {
      return Status.REVOKED;
    }
    Revocation sub = subjects.get(s.subject());
    if (sub != null && !sub.isExpired(now) && sub.matches(s)) {
      return Status.REVOKED;
    }
    Revocation g = global;
    if (g != null && !g.isExpired(now) && g.matches(s)) {
      return Status.REVOKED;
    }
    return Status.NOT_REVOKED;
  }

  /** Drops every entry past its expiry. */
  public void purgeExpired() {
    Instant now = clock.instant();
    tokens.values().removeIf(e -> !now.isBefore(e));
    sessions.values().removeIf(e -> !now.isBefore(e));
    subjects.values().removeIf(r -> r.isExpired(now));
    synchronized (this) {
      if (global != null && global.isExpired(now)) {
        global = null;
      }
    }
  }

  /** The number of live entries (expired ones not yet purged included). */
  public int size() {
    return tokens.size() + sessions.size() + subjects.size() + (global == null ? 0 : 1);
  }
}
