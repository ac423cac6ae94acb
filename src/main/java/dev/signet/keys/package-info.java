/**
 * Keys: the immutable {@link dev.signet.keys.Keyset} of {@code next}, {@code active} and
 * {@code retired} key generations, its file format ({@link dev.signet.keys.KeysetFile}:
 * atomic, owner-only, optionally sealed under a passphrase), rotation
 * ({@link dev.signet.keys.Rotation}, {@link dev.signet.keys.RotationPolicy}), hot reload
 * ({@link dev.signet.keys.ReloadingKeyset}) and exports for verifiers
 * ({@link dev.signet.keys.Jwks}, verifier-only keysets). For a fleet, the keyset and verifier
 * views can live in Redis, sealed as an encrypted keyset file
 * ({@link dev.signet.keys.RedisKeysetStore}), and be followed by every gateway
 * ({@link dev.signet.keys.RedisKeyset}); the connection options come from
 * {@code dev.signet.redis}.
 *
 * <p>Issuers and verifiers take a {@link dev.signet.keys.KeysetSource}, so a running process
 * picks up a rotated keyset without a restart.
 */
package dev.signet.keys;
