/**
 * Byte-level helpers shared by Signet's packages: strict base64url ({@code Base64Url}), strict
 * JSON ({@code StrictJson}), and atomic, owner-only file writes under a lock plus the one
 * reader of owner-only secret files (keyset, passphrase and password files), bounded and
 * permission-checked ({@code AtomicFiles}, which reads them through the package-private
 * {@code SecretFiles}).
 *
 * <p><b>Not API.</b> A leaf: it imports nothing from the rest of Signet. Its classes are public
 * only so that Signet's own packages can share them; they may change in any release.
 */
package dev.signet.internal;
