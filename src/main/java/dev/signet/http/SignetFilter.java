package dev.signet.http;

import dev.signet.IssuedToken;
import dev.signet.RequestBinding;
import dev.signet.Session;
import dev.signet.SessionManager;
import dev.signet.SessionRejectedException;
import dev.signet.TokenVerifier;
import dev.signet.Verification;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Jakarta Servlet filter that lets through only requests with a valid session.
 *
 * <p>For each request it reads the token from an {@code Authorization: Bearer} header, or else
 * from the session cookie (the package's one precedence, the same as {@link ForwardAuthServer}'s:
 * another {@code Authorization} scheme never hides the cookie); verifies it with the
 * {@link TokenVerifier} (with the fingerprint cookie, {@code User-Agent} and client address as
 * the {@link RequestBinding}); and then either
 * <ul>
 *   <li>exposes the {@link Session} as the request attribute {@link #SESSION_ATTRIBUTE} (see
 *       {@link #session(ServletRequest)}), renews the cookie when renewal is due if built
 *       {@linkplain Builder#renewWith with a session manager} (a new {@code Set-Cookie} on the
 *       response), and passes the request on; or
 *   <li>answers 401 (503 for a {@linkplain dev.signet.Rejection#isTransient() transient}
 *       reason) with an empty body and {@code Cache-Control: no-store}. The reason goes to the
 *       {@code dev.signet.events} log only, never to the client.
 * </ul>
 *
 * <pre>{@code
 * SessionCookie cookie = SessionCookie.builder().build();   // the one the login handler writes
 * SignetFilter filter = SignetFilter.builder(verifier).renewWith(sessions).cookie(cookie).build();
 * // a resource server that only verifies (a verifier-only keyset, no renewal):
 * SignetFilter readOnly = SignetFilter.builder(verifier).cookie(cookie).build();
 * servletContext.addFilter("signet", filter).addMappingForUrlPatterns(null, false, "/app/*");
 * }</pre>
 *
 * <p>The filter takes the {@link SessionCookie} object itself, never a bare name, and has no
 * default: built with the same object as the login handler's, reader and writer cannot disagree
 * on the name (which would answer every request 401). A local-development cookie
 * ({@link SessionCookie.Builder#insecureForLocalDevelopment()}) is refused at build time unless
 * the verifier's issuer is on loopback.
 *
 * <p>Immutable and thread-safe.
 */
public final class SignetFilter implements Filter {
  /** The request attribute holding the verified {@link Session}. */
  public static final String SESSION_ATTRIBUTE = "dev.signet.session";

  private static final Logger LOG = LoggerFactory.getLogger(SignetFilter.class);

  private final TokenVerifier verifier;
  private final SessionManager sessions;
  private final SessionCookie cookie;
  private final SessionCookie fingerprintCookie;
  private final boolean bearer;

  private SignetFilter(Builder b) {
    this.verifier = b.verifier;
    this.sessions = b.sessions;
    this.cookie = b.cookie;
    this.fingerprintCookie = b.fingerprintCookie;
    this.bearer = b.bearer;
  }

  /**
   * A builder over the verifier that checks every request. Add {@link Builder#renewWith} for
   * sliding renewal; without it the filter only verifies, so a resource server holding a
   * verifier-only keyset can use it.
   */
  public static Builder builder(TokenVerifier verifier) {
    return new Builder(verifier);
  }

  /** Shorthand for {@code builder(sessions.verifier()).renewWith(sessions)}: verifies and renews. */
  public static Builder builder(SessionManager sessions) {
    return new Builder(sessions.verifier()).renewWith(sessions);
  }

  /** The session the filter verified for this request, if it let the request through. */
  public static Optional<Session> session(ServletRequest request) {
    Object s = request.getAttribute(SESSION_ATTRIBUTE);
    return s instanceof Session ? Optional.of((Session) s) : Optional.empty();
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (!(req instanceof HttpServletRequest) || !(res instanceof HttpServletResponse)) {
      throw new ServletException("SignetFilter handles HTTP requests only");
    }
    HttpServletRequest request = (HttpServletRequest) req;
    HttpServletResponse response = (HttpServletResponse) res;
    List<String> cookies = list(request.getHeaders("Cookie"));
    RequestTokens.Found found = RequestTokens.find(list(request.getHeaders("Authorization")), cookies, cookie.name(), bearer);
    if (found == null) {
      deny(response, 401);
      return;
    }
    String token = found.token;
    boolean fromCookie = found.source == RequestTokens.Source.COOKIE;
    RequestBinding binding = RequestBinding.builder()
        .fingerprint(fingerprintCookie == null ? null : RequestTokens.cookie(cookies, fingerprintCookie.name()))
        .userAgent(request.getHeader("User-Agent"))
        .clientAddress(request.getRemoteAddr())
        .build();
    Verification v = sessions != null ? sessions.verify(token, binding) : verifier.verify(token, binding);
    if (!v.isAccepted()) {
      deny(response, v.rejection().orElseThrow().isTransient() ? 503 : 401);
      return;
    }
    Session session = v.session().orElseThrow();
    if (fromCookie && sessions != null) {
      try {
        Optional<IssuedToken> renewed = sessions.renewIfDue(session);
        if (renewed.isPresent()) {
          response.addHeader("Set-Cookie", cookie.setCookie(renewed.get()));
          session = renewed.get().session();
        }
      } catch (SessionRejectedException e) {
        if (!e.rejection().isTransient()) {
          // Revoked between the verification and the renewal: the session has ended.
          deny(response, 401);
          return;
        }
        // The list cannot answer now; the token the verifier accepted stays until it expires.
        LOG.warn("session renewal refused for sid={}: {}", session.sessionId(), e.rejection());
      } catch (RuntimeException e) {
        // The current token is still valid; the next request retries the renewal.
        LOG.warn("session renewal failed for sid={} ({})", session.sessionId(), e.getClass().getName());
      }
    }
    request.setAttribute(SESSION_ATTRIBUTE, session);
    chain.doFilter(request, response);
  }

  private void deny(HttpServletResponse response, int status) {
    response.setStatus(status);
    response.setHeader("Cache-Control", "no-store");
    if (status == 401 && bearer) {
      response.setHeader("WWW-Authenticate", "Bearer");
    }
    response.setContentLength(0);
  }

  private static List<String> list(Enumeration<String> headers) {
    return headers == null ? List.of() : Collections.list(headers);
  }

  @Override
  public String toString() {
    return "SignetFilter{cookie=" + cookie.name() + ", bearer=" + bearer + "}";
  }

  /** Configures a {@link SignetFilter}. */
  public static final class Builder {
    private final TokenVerifier verifier;
    private SessionManager sessions;
    private SessionCookie cookie;
    private SessionCookie fingerprintCookie;
    private boolean bearer = true;

    private Builder(TokenVerifier verifier) {
      this.verifier = Objects.requireNonNull(verifier, "verifier");
    }

    /**
     * Renews the session cookie when renewal is due (sliding idle timeout) with this manager,
     * which must be built over the filter's verifier. Without it the filter never renews.
     *
     * @throws IllegalArgumentException if the manager verifies with another verifier
     */
    public Builder renewWith(SessionManager sessions) {
      Objects.requireNonNull(sessions, "sessions");
      if (sessions.verifier() != verifier) {
        throw new IllegalArgumentException("renewWith: the session manager must be built over the filter's verifier"
            + " (SessionManager.builder(issuer, verifier)), so that renewal and verification agree");
      }
      this.sessions = sessions;
      return this;
    }

    /**
     * The session cookie: the same {@link SessionCookie} the login handler writes with. Required.
     */
    public Builder cookie(SessionCookie cookie) {
      this.cookie = Objects.requireNonNull(cookie, "cookie");
      return this;
    }

    /** The fingerprint cookie, when the manager binds sessions to a fingerprint. */
    public Builder fingerprintCookie(SessionCookie fingerprintCookie) {
      this.fingerprintCookie = Objects.requireNonNull(fingerprintCookie, "fingerprintCookie");
      return this;
    }

    /** Accept only the cookie, never an {@code Authorization: Bearer} header. */
    public Builder cookieOnly() {
      this.bearer = false;
      return this;
    }

    /**
     * Builds the filter.
     *
     * @throws IllegalStateException if no {@link #cookie} was given; if the session and
     *     fingerprint cookies share a name or disagree on local development; or if a
     *     local-development cookie serves an issuer that is not on loopback; or if the renewing manager's
     *     issuer may mint tokens longer than the session cookie can carry (a renewal would then fail
     *     and the user be logged out at {@code exp}); the message names both sizes
     */
    public SignetFilter build() {
      if (cookie == null) {
        throw new IllegalStateException("SignetFilter needs the session cookie the login handler writes:"
            + " .cookie(cookie), the same SessionCookie object, so both use one name");
      }
      if (fingerprintCookie != null) {
        requireCompanion(cookie, fingerprintCookie);
      }
      cookie.checkLocalDevelopment(verifier.issuer(), null);
      int mints = sessions == null ? 0 : sessions.maxTokenSize();
      if (mints > cookie.maxTokenLength()) {
        throw new IllegalStateException(
            "the issuer may mint tokens of up to " + mints + " characters, but cookie " + cookie.name()
                + " carries at most " + cookie.maxTokenLength() + " within the 4096-byte Set-Cookie limit:"
                + " set TokenIssuer.Builder.maxTokenSize(" + cookie.maxTokenLength() + ") or use a shorter"
                + " cookie name");
      }
      return new SignetFilter(this);
    }

    /** A second cookie beside the session cookie: another name, the same local-development mode. */
    private static void requireCompanion(SessionCookie session, SessionCookie other) {
      if (other.name().equals(session.name())) {
        throw new IllegalStateException("the session and fingerprint cookies are both named " + session.name());
      }
      if (other.isLocalDevelopment() != session.isLocalDevelopment()) {
        throw new IllegalStateException("the session cookie " + session.name() + " and the fingerprint cookie "
            + other.name() + " disagree on insecureForLocalDevelopment()");
      }
    }
  }
}
