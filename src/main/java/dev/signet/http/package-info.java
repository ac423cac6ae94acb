/**
 * Signet on HTTP: the session cookie, CSRF tokens, and a Jakarta Servlet filter that verifies
 * and renews sessions in-process.
 *
 * <p>The servlet API is an optional, {@code provided} dependency: only {@link
 * dev.signet.http.SignetFilter} needs it.
 */
package dev.signet.http;
