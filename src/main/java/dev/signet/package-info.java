/**
 * Signet's public entry types and, beside them, the token codec.
 *
 * <p>An application meets {@link dev.signet.TokenIssuer} (mints tokens in the login handler),
 * {@link dev.signet.TokenVerifier} (verifies them anywhere), {@link dev.signet.Session} (what a
 * token carries), {@link dev.signet.Verification} and {@link dev.signet.Rejection} (the typed
 * result), and {@link dev.signet.SessionManager} (the whole lifecycle: start, renew, elevate,
 * end, end all).
 *
 * <p>The codec that reads and writes tokens ({@code TokenReader}, {@code TokenWriter},
 * {@code Claims}, the compiled keys and the JOSE cryptography) is package-private here, beside
 * {@code Session}, because a {@code Session} can only be constructed by that code: holding one
 * means a token was issued or verified. No JOSE library type appears in a public signature.
 *
 * <p>{@code SessionManager} is a facade over package-private decisions: {@code RenewalSchedule}
 * (when a token is renewed), {@code SessionReplacement} (what elevation and re-authentication
 * keep) and {@code SessionRevocations} (what ending a session writes, and the question asked of
 * the revocation list before a session is extended or replaced).
 */
package dev.signet;
