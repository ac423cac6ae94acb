package dev.signet.spring.security;

import dev.signet.Session;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The Spring Security {@code Authentication} of a request that presented a valid Signet session:
 * the {@link Session} is the principal ({@code @AuthenticationPrincipal Session session}), its
 * subject the name, and each role {@code r} the authority {@code ROLE_r}, so
 * {@code hasRole('admin')} and {@code @PreAuthorize("hasRole('admin')")} work on the session's
 * roles.
 *
 * <p><b>Security:</b> the credentials are always null: the token never leaves the repository
 * that verified it, so it cannot end up in a log or a serialized context.
 */
public final class SignetAuthentication extends AbstractAuthenticationToken {
  private static final long serialVersionUID = 1L;
  /** The prefix Spring Security's {@code hasRole} expects on role authorities. */
  public static final String ROLE_PREFIX = "ROLE_";

  private final transient Session session;

  private SignetAuthentication(Session session) {
    super(authorities(session));
    this.session = session;
    setAuthenticated(true);
  }

  /** The authentication of a verified session. */
  public static SignetAuthentication of(Session session) {
    return new SignetAuthentication(Objects.requireNonNull(session, "session"));
  }

  /** The verified session. */
  public Session session() {
    return session;
  }

  /** The verified {@link Session}. */
  @Override
  public Object getPrincipal() {
    return session;
  }

  /** Always null: the token is never exposed. */
  @Override
  public Object getCredentials() {
    return null;
  }

  /** The session's subject. */
  @Override
  public String getName() {
    return session.subject();
  }

  private static List<GrantedAuthority> authorities(Session session) {
    List<GrantedAuthority> a = new ArrayList<>(session.roles().size());
    for (String r : session.roles()) {
      a.add(new SimpleGrantedAuthority(ROLE_PREFIX + r));
    }
    return a;
  }

  /** The roles of an authentication: its {@code ROLE_} authorities without the prefix, in order. */
  static List<String> roles(Collection<? extends GrantedAuthority> authorities) {
    List<String> roles = new ArrayList<>();
    for (GrantedAuthority g : authorities) {
      String name = g.getAuthority();
      if (name != null && name.startsWith(ROLE_PREFIX) && name.length() > ROLE_PREFIX.length()) {
        roles.add(name.substring(ROLE_PREFIX.length()));
      }
    }
    return roles;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SignetAuthentication && ((SignetAuthentication) o).session.equals(session);
  }

  @Override
  public int hashCode() {
    return session.hashCode();
  }

  @Override
  public String toString() {
    return "SignetAuthentication{" + session + "}";
  }
}
