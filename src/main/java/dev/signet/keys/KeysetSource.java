package dev.signet.keys;

/**
 * Where issuers and verifiers get the keyset to use for one operation.
 *
 * <p>A {@link Keyset} is its own source. A reloading source (for example one that watches a
 * keyset file) returns a new {@code Keyset} after a rotation; issuers and verifiers pick it up
 * on their next call with no restart.
 *
 * <p>Implementations must be thread-safe and fast: {@link #current()} is called on every
 * verification and must not do I/O.
 */
@FunctionalInterface
public interface KeysetSource {
  /** The keyset in force now; never null. */
  Keyset current();
}
