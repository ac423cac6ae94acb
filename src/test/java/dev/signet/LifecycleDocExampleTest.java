package dev.signet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.http.CsrfTokens;
import dev.signet.http.SessionCookie;
import dev.signet.keys.Keyset;
import dev.signet.revocation.InMemoryRevocationList;
import dev.signet.revocation.RevocationStore;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The login-handler example of docs/LIFECYCLE.md, kept compiling and passing. */
class LifecycleDocExampleTest {
  @Test
  void docExample_loginRequestElevateLogout() throws Exception {
    // --- LIFECYCLE.md example begins ---
    Keyset keys = Keyset.generate();
    RevocationStore revocations = new InMemoryRevocationList();
    TokenIssuer issuer = TokenIssuer.builder(keys).issuer("https://login.example.com").audience("app")
        .idleTimeout(Duration.ofMinutes(30)).absoluteTimeout(Duration.ofHours(12)).build();
    TokenVerifier verifier = TokenVerifier.builder(keys).issuer("https://login.example.com").audience("app")
        .revocations(revocations).build();
    SessionManager sessions = SessionManager.builder(issuer, verifier, revocations)
        .policy(SessionPolicy.ASVS_L2)            // refuses looser timeouts at build time
        .build();
    SessionCookie cookie = SessionCookie.builder().policy(SessionPolicy.ASVS_L2).build();
    CsrfTokens csrf = CsrfTokens.fromKeyset(keys);

    // Login: after the password check. A fresh sid, whatever the browser sent before.
    SessionGrant login = sessions.start(NewSession.forSubject("alice").withRoles("user"));
    String setCookie = cookie.setCookie(login.token());       // Set-Cookie: __Host-signet=...
    String formToken = csrf.tokenFor(login.session());        // into every form

    // Each request: read, verify, renew when due.
    Optional<String> token = cookie.read("__Host-signet=" + login.token().token());
    Verification v = sessions.verify(token.orElseThrow());
    Session session = v.session().orElseThrow();               // else answer 401
    sessions.renewIfDue(session).ifPresent(renewed -> cookie.setCookie(renewed));
    boolean csrfOk = csrf.isValid(session, formToken);        // on state-changing requests

    // Sensitive action: ask for the password again if the last login is older than the policy's age.
    if (!sessions.requireRecentAuth(session)) {
      session = sessions.reauthenticate(session, d -> d).session();
    }
    // Privilege change: new sid, the old one revoked.
    SessionGrant admin = sessions.elevate(session, d -> d.withRoles("user", "admin"));

    // Logout: revoke the sid everywhere, clear the cookie.
    sessions.end(admin.session());
    String clear = cookie.clearing();                         // Set-Cookie: __Host-signet=; Max-Age=0; ...
    // --- LIFECYCLE.md example ends ---

    assertTrue(setCookie.startsWith("__Host-signet="));
    assertTrue(csrfOk);
    assertEquals(Rejection.REVOKED, sessions.verify(login.token().token()).rejection().orElseThrow());
    assertEquals(Rejection.REVOKED, sessions.verify(admin.token().token()).rejection().orElseThrow());
    assertEquals("__Host-signet=; Max-Age=0; Path=/; Secure; HttpOnly; SameSite=Lax", clear);
  }
}
