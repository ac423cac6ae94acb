package dev.signet.spring.security;

import dev.signet.IssuedToken;
import dev.signet.Rejection;
import dev.signet.RequestBinding;
import dev.signet.Session;
import dev.signet.SessionGrant;
import dev.signet.Verification;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.DeferredSecurityContext;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.context.HttpRequestResponseHolder;
import org.springframework.security.web.context.SecurityContextRepository;

/**
 * A {@link SecurityContextRepository} backed by the Signet session cookie instead of the
 * {@code HttpSession}: Spring Security's own seam, so {@code formLogin}, {@code oauth2Login},
 * logout and CSRF keep working unchanged while no server keeps any session state.
 *
 * <ul>
 *   <li><b>load</b>: the session cookie (or a bearer token) is verified once per request; a
 *       valid session becomes a {@link SignetAuthentication}, anything else an empty context;
 *   <li><b>save</b>: a fresh authentication (form login, OAuth2 login, or the application's own
 *       call to {@code saveContext}) starts a new Signet session (new {@code sid}: session
 *       fixation is impossible) and sets its cookie; a context that already holds a Signet
 *       session, an anonymous one or an empty one changes nothing.
 * </ul>
 *
 * <p>Wired by {@link SignetConfigurer}; available as a bean for an application's own login:
 *
 * <pre>{@code
 * SecurityContext ctx = SecurityContextHolder.createEmptyContext();
 * ctx.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, null, authorities));
 * signetRepository.saveContext(ctx, request, response);   // Set-Cookie: __Host-signet=...
 * }</pre>
 */
public final class SignetSecurityContextRepository implements SecurityContextRepository {
  private static final Logger LOG = LoggerFactory.getLogger(SignetSecurityContextRepository.class);
  private static final String RESOLVED = SignetSecurityContextRepository.class.getName() + ".RESOLVED";

  private final SignetSessions sessions;

  /** A repository over the application's {@link SignetSessions}. */
  public SignetSecurityContextRepository(SignetSessions sessions) {
    this.sessions = Objects.requireNonNull(sessions, "sessions");
  }

  /** The sessions helper this repository uses. */
  public SignetSessions sessions() {
    return sessions;
  }

  @Override
  public DeferredSecurityContext loadDeferredContext(HttpServletRequest request) {
    return new DeferredSecurityContext() {
      @Override
      public SecurityContext get() {
        return resolve(request).context();
      }

      @Override
      public boolean isGenerated() {
        return resolve(request).session == null;
      }
    };
  }

  /** Spring Security's older entry point; the same as {@link #loadDeferredContext}. */
  @Override
  @Deprecated
  public SecurityContext loadContext(HttpRequestResponseHolder holder) {
    return resolve(holder.getRequest()).context();
  }

  @Override
  public void saveContext(SecurityContext context, HttpServletRequest request, HttpServletResponse response) {
    Authentication a = context == null ? null : context.getAuthentication();
    if (a == null || !a.isAuthenticated() || a instanceof SignetAuthentication
        || a instanceof AnonymousAuthenticationToken) {
      return;
    }
    SessionGrant grant = sessions.start(a, binding(request));
    response.addHeader("Set-Cookie", sessions.cookie().setCookie(grant.token()));
    request.setAttribute(RESOLVED, new Resolved(grant.session(), true, null));
  }

  /** Whether the request presents a valid Signet session. */
  @Override
  public boolean containsContext(HttpServletRequest request) {
    return resolve(request).session != null;
  }

  /** The request's verified session, if it presented a valid one (verified once per request). */
  public Optional<Session> session(HttpServletRequest request) {
    return Optional.ofNullable(resolve(request).session);
  }

  /** Why the request's token was rejected, if it presented one that was. */
  Optional<Rejection> rejection(HttpServletRequest request) {
    return Optional.ofNullable(resolve(request).rejection);
  }

  /**
   * Renews the request's cookie session when it is past its renewal point: sets the new cookie
   * and puts the renewed session in the current security context. A failed renewal is logged
   * and changes nothing: the current token stays valid and the next request tries again.
   */
  void renewIfDue(HttpServletRequest request, HttpServletResponse response) {
    Resolved r = resolve(request);
    if (r.session == null || !r.fromCookie) {
      return;
    }
    try {
      Optional<IssuedToken> renewed = sessions.renewIfDue(r.session);
      if (renewed.isPresent()) {
        response.addHeader("Set-Cookie", sessions.cookie().setCookie(renewed.get()));
        Resolved next = new Resolved(renewed.get().session(), true, null);
        request.setAttribute(RESOLVED, next);
        SecurityContextHolder.getContextHolderStrategy().getContext()
            .setAuthentication(SignetAuthentication.of(next.session));
      }
    } catch (RuntimeException e) {
      LOG.warn("session renewal failed for sid={} ({})", r.session.sessionId(), e.getClass().getName());
    }
  }

  private Resolved resolve(HttpServletRequest request) {
    Object memo = request.getAttribute(RESOLVED);
    if (memo instanceof Resolved) {
      return (Resolved) memo;
    }
    Resolved r;
    Optional<String> cookie = sessions.cookieToken(joined(request.getHeaders("Cookie")));
    Optional<String> token = cookie.isPresent() ? cookie : sessions.bearerToken(list(request.getHeaders("Authorization")));
    if (token.isEmpty()) {
      r = Resolved.NONE;
    } else {
      Verification v = sessions.verify(token.get(), binding(request));
      r = v.isAccepted()
          ? new Resolved(v.session().orElseThrow(), cookie.isPresent(), null)
          : new Resolved(null, cookie.isPresent(), v.rejection().orElseThrow());
    }
    request.setAttribute(RESOLVED, r);
    return r;
  }

  private static RequestBinding binding(HttpServletRequest request) {
    return RequestBinding.builder()
        .userAgent(request.getHeader("User-Agent"))
        .clientAddress(request.getRemoteAddr())
        .build();
  }

  private static List<String> list(Enumeration<String> e) {
    return e == null ? List.of() : Collections.list(e);
  }

  private static String joined(Enumeration<String> headers) {
    List<String> all = list(headers);
    return all.isEmpty() ? null : String.join("; ", all);
  }

  @Override
  public String toString() {
    return "SignetSecurityContextRepository{" + sessions + "}";
  }

  /** What one request presented: a verified session, a rejection, or nothing. */
  private static final class Resolved {
    static final Resolved NONE = new Resolved(null, false, null);
    final Session session;
    final boolean fromCookie;
    final Rejection rejection;

    Resolved(Session session, boolean fromCookie, Rejection rejection) {
      this.session = session;
      this.fromCookie = fromCookie;
      this.rejection = rejection;
    }

    SecurityContext context() {
      return session == null
          ? SecurityContextHolder.getContextHolderStrategy().createEmptyContext()
          : new SecurityContextImpl(SignetAuthentication.of(session));
    }
  }
}
