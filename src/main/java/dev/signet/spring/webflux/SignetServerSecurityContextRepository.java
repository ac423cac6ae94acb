package dev.signet.spring.webflux;

import dev.signet.IssuedToken;
import dev.signet.Rejection;
import dev.signet.RequestBinding;
import dev.signet.Session;
import dev.signet.SessionGrant;
import dev.signet.Verification;
import dev.signet.spring.security.SignetAuthentication;
import dev.signet.spring.security.SignetSessions;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.server.context.ServerSecurityContextRepository;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * A {@link ServerSecurityContextRepository} backed by the Signet session cookie instead of the
 * {@code WebSession}: the reactive twin of
 * {@link dev.signet.spring.security.SignetSecurityContextRepository}.
 *
 * <ul>
 *   <li><b>load</b>: the session cookie (or a bearer token) is verified once per exchange; a
 *       valid session becomes a {@link SignetAuthentication}; a cookie session past its renewal
 *       point is renewed (a new {@code Set-Cookie}, same {@code sid});
 *   <li><b>save</b>: a fresh authentication (form login, OAuth2 login, or the application's own
 *       call) starts a new Signet session and sets its cookie; a null context (logout) clears
 *       the cookie; a context that already holds a Signet session changes nothing.
 * </ul>
 *
 * <p>Wired by {@link SignetServerSecurity}. Verification and issuing read only memory and do
 * no I/O, so they run on the calling thread.
 */
public final class SignetServerSecurityContextRepository implements ServerSecurityContextRepository {
  private static final Logger LOG = LoggerFactory.getLogger(SignetServerSecurityContextRepository.class);
  private static final String RESOLVED = SignetServerSecurityContextRepository.class.getName() + ".RESOLVED";

  private final SignetSessions sessions;

  /** A repository over the application's {@link SignetSessions}. */
  public SignetServerSecurityContextRepository(SignetSessions sessions) {
    this.sessions = Objects.requireNonNull(sessions, "sessions");
  }

  /** The sessions helper this repository uses. */
  public SignetSessions sessions() {
    return sessions;
  }

  @Override
  public Mono<SecurityContext> load(ServerWebExchange exchange) {
    return Mono.fromSupplier(() -> resolve(exchange))
        .filter(r -> r.session != null)
        .map(r -> new SecurityContextImpl(SignetAuthentication.of(r.session)));
  }

  @Override
  public Mono<Void> save(ServerWebExchange exchange, SecurityContext context) {
    return Mono.fromRunnable(() -> {
      Authentication a = context == null ? null : context.getAuthentication();
      if (a == null) {
        exchange.getResponse().getHeaders().add(HttpHeaders.SET_COOKIE, sessions.cookie().clearing());
        exchange.getAttributes().put(RESOLVED, Resolved.NONE);
        return;
      }
      if (!a.isAuthenticated() || a instanceof SignetAuthentication || a instanceof AnonymousAuthenticationToken) {
        return;
      }
      SessionGrant grant = sessions.start(a, binding(exchange.getRequest()));
      exchange.getResponse().getHeaders().add(HttpHeaders.SET_COOKIE, sessions.cookie().setCookie(grant.token()));
      exchange.getAttributes().put(RESOLVED, new Resolved(grant.session(), null));
    });
  }

  /** The exchange's verified session, if it presented a valid one (verified once per exchange). */
  public Optional<Session> session(ServerWebExchange exchange) {
    return Optional.ofNullable(resolve(exchange).session);
  }

  /** Why the exchange's token was rejected, if it presented one that was. */
  Optional<Rejection> rejection(ServerWebExchange exchange) {
    return Optional.ofNullable(resolve(exchange).rejection);
  }

  private Resolved resolve(ServerWebExchange exchange) {
    Object memo = exchange.getAttributes().get(RESOLVED);
    if (memo instanceof Resolved) {
      return (Resolved) memo;
    }
    ServerHttpRequest request = exchange.getRequest();
    HttpHeaders h = request.getHeaders();
    Optional<String> cookie = sessions.cookieToken(Headers.cookies(h));
    Optional<String> token = cookie.isPresent() ? cookie : sessions.bearerToken(Headers.values(h, HttpHeaders.AUTHORIZATION));
    Resolved r;
    if (token.isEmpty()) {
      r = Resolved.NONE;
    } else {
      Verification v = sessions.verify(token.get(), binding(request));
      if (!v.isAccepted()) {
        r = new Resolved(null, v.rejection().orElseThrow());
      } else {
        Session s = v.session().orElseThrow();
        r = new Resolved(cookie.isPresent() ? renewIfDue(exchange, s) : s, null);
      }
    }
    exchange.getAttributes().put(RESOLVED, r);
    return r;
  }

  private Session renewIfDue(ServerWebExchange exchange, Session s) {
    try {
      Optional<IssuedToken> renewed = sessions.renewIfDue(s);
      if (renewed.isPresent() && !exchange.getResponse().isCommitted()) {
        exchange.getResponse().getHeaders().add(HttpHeaders.SET_COOKIE, sessions.cookie().setCookie(renewed.get()));
        return renewed.get().session();
      }
    } catch (RuntimeException e) {
      // The current token is still valid; the next request tries again.
      LOG.warn("session renewal failed for sid={} ({})", s.sessionId(), e.getClass().getName());
    }
    return s;
  }

  static RequestBinding binding(ServerHttpRequest request) {
    InetSocketAddress remote = request.getRemoteAddress();
    return RequestBinding.builder()
        .userAgent(request.getHeaders().getFirst(HttpHeaders.USER_AGENT))
        .clientAddress(remote == null || remote.getAddress() == null ? null : remote.getAddress().getHostAddress())
        .build();
  }

  @Override
  public String toString() {
    return "SignetServerSecurityContextRepository{" + sessions + "}";
  }

  /** What one exchange presented: a verified session, a rejection, or nothing. */
  private static final class Resolved {
    static final Resolved NONE = new Resolved(null, null);
    final Session session;
    final Rejection rejection;

    Resolved(Session session, Rejection rejection) {
      this.session = session;
      this.rejection = rejection;
    }
  }
}
