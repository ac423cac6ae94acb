/**
 * Revocation: the {@link dev.signet.revocation.RevocationList} SPI the verifier consults on
 * every verification, and its stores: {@link dev.signet.revocation.InMemoryRevocationList},
 * {@link dev.signet.revocation.FileRevocationList} (append-only, fsynced, followed by other
 * processes) and {@link dev.signet.revocation.RedisRevocationList} (many gateways, pub/sub to
 * local mirrors).
 *
 * <p>Entries revoke a token ({@code jti}), a session ({@code sid}), every earlier session of a
 * subject, or every earlier session; each expires by itself once nothing it matches can still
 * be valid. The verify path reads only local memory.
 *
 * <p>The file store is cut in three: {@code FileRevocationList} (the API, locking, the index and
 * the follower thread), {@code RevocationLogFile} (the open file: append and force, replay,
 * create, rewrite and rename) and {@code RevocationLog} (the record format: framing, encoding,
 * CRC32C).
 */
package dev.signet.revocation;
