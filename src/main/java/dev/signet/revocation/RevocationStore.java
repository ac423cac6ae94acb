package dev.signet.revocation;

import java.io.IOException;

/**
 * A revocation list that can also record revocations: in memory, in an append-only file, or in
 * Redis for many gateways.
 *
 * <p>{@link #revoke(Revocation)} returns only once the entry is acknowledged by the store (in
 * memory; flushed to stable storage; written to Redis) and is visible to this instance's own
 * {@link #check}; other instances sharing the store see it within the store's propagation
 * interval.
 */
public interface RevocationStore extends RevocationList, AutoCloseable {
  /**
   * Records a revocation.
   *
   * @throws IOException if the store could not acknowledge it; the revocation may then be lost
   */
  void revoke(Revocation entry) throws IOException;

  /** Releases files, connections and threads. */
  @Override
  default void close() throws IOException {}
}
