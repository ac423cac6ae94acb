package dev.signet.spring.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.IssuedToken;
import dev.signet.NewSession;
import dev.signet.TokenIssuer;
import dev.signet.keys.Keyset;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

class SignetAuthenticationTest {
  private static final TokenIssuer ISSUER =
      TokenIssuer.builder(Keyset.generate()).issuer("https://login.test").audience("app").build();

  @Test
  void roles_becomeRolePrefixedAuthorities_sessionIsPrincipal_credentialsNeverExposed() {
    IssuedToken t = ISSUER.start(NewSession.forSubject("bob").withRoles("admin", "user"));
    SignetAuthentication a = SignetAuthentication.of(t.session());
    assertEquals(Set.of("ROLE_admin", "ROLE_user"),
        a.getAuthorities().stream().map(GrantedAuthority::getAuthority).collect(Collectors.toSet()));
    assertSame(t.session(), a.getPrincipal());
    assertEquals("bob", a.getName());
    assertNull(a.getCredentials());
    assertTrue(a.isAuthenticated());
    assertTrue(!a.toString().contains(t.token()));
  }

  @Test
  void rolesOfALogin_areItsRoleAuthoritiesWithoutPrefix_otherAuthoritiesDropped() {
    assertEquals(List.of("admin", "user"), SignetAuthentication.roles(List.of(
        new SimpleGrantedAuthority("ROLE_admin"), new SimpleGrantedAuthority("SCOPE_read"),
        new SimpleGrantedAuthority("ROLE_user"), new SimpleGrantedAuthority("ROLE_"))));
  }
}
