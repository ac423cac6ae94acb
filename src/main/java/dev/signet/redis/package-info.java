/**
 * How Signet reaches Redis: {@link dev.signet.redis.RedisOptions} (a URL for one server, TLS,
 * Sentinel or Cluster; an ACL user; the password from an environment variable or an owner-only
 * file; TLS trust and client certificates), shared by the revocation store and the keyset channel.
 *
 * <p>{@link dev.signet.redis.RedisConnector} is public only so that those two packages share it;
 * it is not API. This package depends on nothing else in Signet.
 */
package dev.signet.redis;
