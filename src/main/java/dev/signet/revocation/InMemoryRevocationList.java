package dev.signet.revocation;

import dev.signet.Session;
import java.time.Clock;
import java.util.Objects;

/**
 * The embedded revocation store: entries in local memory, lost on restart. Use it in a single
 * process (tests, a monolith); use {@link FileRevocationList} or {@link RedisRevocationList} to
 * share revocations between processes.
 *
 * <p>Thread-safe; {@link #check} never locks and never allocates. Entries past their expiry no
 * longer match and are dropped by {@link #purgeExpired()}.
 */
public final class InMemoryRevocationList implements RevocationStore {
  private final RevocationIndex index;

  /** An empty list using the system clock for expiry. */
  public InMemoryRevocationList() {
    this(Clock.systemUTC());
  }

  /** An empty list using {@code clock} for expiry. */
  public InMemoryRevocationList(Clock clock) {
    this.index = new RevocationIndex(Objects.requireNonNull(clock, "clock"));
  }

  @Override
  public void revoke(Revocation entry) {
    index.add(Objects.requireNonNull(entry, "entry"));
  }

  @Override
  public Status check(Session session) {
    return index.isRevoked(session) ? Status.REVOKED : Status.NOT_REVOKED;
  }

  /** Drops every entry past its expiry; returns how many were dropped. */
  public int purgeExpired() {
    return index.purgeExpired();
  }

  /** The number of entries held, expired ones not yet purged included. */
  public int size() {
    return index.size();
  }
}
