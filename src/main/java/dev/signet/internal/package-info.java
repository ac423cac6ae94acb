/**
 * Signet's internals: the JOSE codec, strict base64url and JSON, and Ed25519 glue.
 *
 * <p><b>Not API.</b> Classes here are public only so that Signet's own packages can share them;
 * they may change in any release. Applications use {@code dev.signet} and its first-level
 * packages.
 */
package dev.signet.internal;
