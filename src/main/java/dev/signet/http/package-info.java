/**
 * Signet on HTTP: the session cookie, CSRF tokens, a Jakarta Servlet filter that verifies
 * and renews sessions in-process, and the forward-auth server for gateways.
 *
 * <p>The servlet API is an optional, {@code provided} dependency: only {@link
 * dev.signet.http.SignetFilter} needs it. Jetty 12 ({@code org.eclipse.jetty:jetty-server}) is an
 * optional dependency too: only {@link dev.signet.http.ForwardAuthServer} needs it. Both read the
 * request's token through one package-private reader, so they agree on which token counts.
 */
package dev.signet.http;
