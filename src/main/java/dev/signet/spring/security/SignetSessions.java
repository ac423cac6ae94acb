package dev.signet.spring.security;

import dev.signet.IssuedToken;
import dev.signet.NewSession;
import dev.signet.RequestBinding;
import dev.signet.Session;
import dev.signet.SessionGrant;
import dev.signet.SessionManager;
import dev.signet.TokenVerifier;
import dev.signet.Verification;
import dev.signet.http.SessionCookie;
import dev.signet.revocation.Revocation;
import dev.signet.revocation.RevocationStore;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.springframework.security.core.Authentication;

/**
 * Signet's session lifecycle in Spring Security's terms, shared by the servlet and WebFlux
 * integrations and the gateway filter, and there for an application's own code (a login of its
 * own, "log out everywhere" after a password change).
 *
 * <pre>{@code
 * SessionGrant grant = signetSessions.start(authentication, RequestBinding.none());
 * response.addHeader("Set-Cookie", signetSessions.cookie().setCookie(grant.token()));
 * signetSessions.endAll(session.subject());   // every session of the user, on every instance
 * }</pre>
 *
 * <p>A request's token is read from the session cookie first, then from a single
 * {@code Authorization: Bearer} header (unless {@linkplain Builder#cookieOnly() cookie only}).
 * An application whose keyset cannot sign (a verifier keyset) verifies and ends sessions but
 * cannot {@linkplain #start start} or renew them.
 *
 * <p>Immutable and thread-safe.
 */
public final class SignetSessions {
  private final TokenVerifier verifier;
  private final SessionManager sessions;
  private final RevocationStore store;
  private final SessionCookie cookie;
  private final boolean bearer;

  private SignetSessions(Builder b) {
    this.verifier = b.verifier;
    this.sessions = b.sessions;
    this.store = b.store;
    this.cookie = b.cookie;
    this.bearer = b.bearer;
  }

  /** A builder over the verifier every request goes through. */
  public static Builder builder(TokenVerifier verifier) {
    return new Builder(verifier);
  }

  /** The session cookie. */
  public SessionCookie cookie() {
    return cookie;
  }

  /** Whether sessions can be started and renewed here (a {@link SessionManager} was given). */
  public boolean canStart() {
    return sessions != null;
  }

  /** The session token in a {@code Cookie} header, if present exactly once. */
  public Optional<String> cookieToken(String cookieHeader) {
    return cookie.read(cookieHeader);
  }

  /**
   * The token of the request's one {@code Authorization: Bearer} header; empty when bearer tokens
   * are off, the header is absent, repeated, or not a bearer token.
   */
  public Optional<String> bearerToken(List<String> authorizationHeaders) {
    if (!bearer || authorizationHeaders == null || authorizationHeaders.size() != 1) {
      return Optional.empty();
    }
    String h = authorizationHeaders.get(0);
    if (h == null || h.length() < 8 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    String t = h.substring(7).strip();
    for (int i = 0; i < t.length(); i++) {
      if (t.charAt(i) <= 0x20 || t.charAt(i) >= 0x7f) {
        return Optional.empty();
      }
    }
    return t.isEmpty() ? Optional.empty() : Optional.of(t);
  }

  /**
   * Verifies a token (through the {@link SessionManager} when there is one, so rejections are
   * events). Never throws for anything in the token.
   */
  public Verification verify(String token, RequestBinding request) {
    return sessions != null ? sessions.verify(token, request) : verifier.verify(token, request);
  }

  /**
   * Starts a session for a successful authentication: its name is the subject, and its
   * {@code ROLE_} authorities, without the prefix, are the roles (other authorities, such as
   * OAuth2 scopes, are not carried).
   *
   * @throws IllegalStateException if this application cannot start sessions (no signing key)
   */
  public SessionGrant start(Authentication authentication, RequestBinding request) {
    Objects.requireNonNull(authentication, "authentication");
    return managerFor("start a session").start(
        NewSession.forSubject(authentication.getName())
            .withRoles(SignetAuthentication.roles(authentication.getAuthorities())),
        request);
  }

  /** The renewed token when the session is past its renewal point and can be renewed here; empty otherwise. */
  public Optional<IssuedToken> renewIfDue(Session session) {
    return sessions == null ? Optional.empty() : sessions.renewIfDue(session);
  }

  /**
   * Ends a session (logout) in the revocation store, for every instance that consults it.
   *
   * @throws IOException if the store did not acknowledge the revocation
   */
  public void end(Session session) throws IOException {
    Objects.requireNonNull(session, "session");
    if (sessions != null) {
      sessions.end(session);
    } else {
      requireStore().revoke(Revocation.session(session.sessionId(), session.hardExpiresAt().plus(verifier.leeway())));
    }
  }

  /**
   * Ends every session of a subject started up to now ("log out everywhere").
   *
   * @throws IOException if the store did not acknowledge the revocation
   * @throws IllegalStateException if this application cannot start sessions (the cut-off's
   *     lifetime comes from the issuer's absolute timeout)
   */
  public void endAll(String subject) throws IOException {
    managerFor("end every session of a subject").endAll(subject);
  }

  private SessionManager managerFor(String what) {
    if (sessions == null) {
      throw new IllegalStateException("cannot " + what + ": this application only verifies "
          + "(its keyset holds no private signing key, so no SessionManager was built)");
    }
    return sessions;
  }

  private RevocationStore requireStore() {
    if (store == null) {
      throw new IllegalStateException("cannot end a session: no revocation store was given");
    }
    return store;
  }

  @Override
  public String toString() {
    return "SignetSessions{cookie=" + cookie.name() + ", bearer=" + bearer + ", canStart=" + canStart() + "}";
  }

  /** Configures {@link SignetSessions}. */
  public static final class Builder {
    private final TokenVerifier verifier;
    private SessionManager sessions;
    private RevocationStore store;
    private SessionCookie cookie = SessionCookie.builder().build();
    private boolean bearer = true;

    private Builder(TokenVerifier verifier) {
      this.verifier = Objects.requireNonNull(verifier, "verifier");
    }

    /** The manager that starts, renews and ends sessions; without it, sessions are only verified and ended. */
    public Builder sessions(SessionManager sessions) {
      this.sessions = Objects.requireNonNull(sessions, "sessions");
      return this;
    }

    /** The store the verifier consults, to end sessions without a {@link SessionManager}. */
    public Builder revocations(RevocationStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /** The session cookie; default {@code SessionCookie.builder().build()}. */
    public Builder cookie(SessionCookie cookie) {
      this.cookie = Objects.requireNonNull(cookie, "cookie");
      return this;
    }

    /** Accept only the cookie, never an {@code Authorization: Bearer} header. */
    public Builder cookieOnly() {
      this.bearer = false;
      return this;
    }

    /**
     * Builds the sessions helper.
     *
     * @throws IllegalStateException if the cookie is a local-development one
     *     ({@link SessionCookie.Builder#insecureForLocalDevelopment()}) and the verifier's issuer is
     *     not on loopback, the rule {@code SignetFilter} and the forward-auth server apply too
     */
    public SignetSessions build() {
      cookie.checkLocalDevelopment(verifier.issuer(), null);
      return new SignetSessions(this);
    }
  }
}
