package dev.signet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.http.CsrfTokens;
import dev.signet.http.SessionCookie;
import dev.signet.keys.Keyset;
import dev.signet.revocation.InMemoryRevocationList;
import dev.signet.revocation.RevocationStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The login-handler example of docs/LIFECYCLE.md, kept compiling and passing. */
class LifecycleDocExampleTest {
  @Test
  void docExample_loginRequestElevateLogout() throws Exception {
    // --- LIFECYCLE.md example begins ---
    Keyset keys = Keyset.generate();
    RevocationStore revocations = new InMemoryRevocationList();
    TokenIssuer issuer = TokenIssuer.builder(keys).issuer("https://login.example.com").audience("app")
        .idleTimeout(Duration.ofMinutes(25)).absoluteTimeout(Duration.ofHours(11)).build();
    TokenVerifier verifier = TokenVerifier.builder(keys).issuer("https://login.example.com").audience("app")
        .revocations(revocations).build();                     // leeway 60 s by default
    SessionManager sessions = SessionManager.builder(issuer, verifier)
        .policy(SessionPolicy.ASVS_L2)            // refuses timeouts + leeway over 30 min / 12 h at build time
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

    // Logout: revoke the sid everywhere, clear the cookies.
    sessions.end(admin.session());
    String clear = cookie.clearing();                         // Set-Cookie: __Host-signet=; Max-Age=0; ...
    String clearCsrf = csrf.clearingCookie();                 // if the double-submit cookie is used
    // --- LIFECYCLE.md example ends ---

    assertTrue(setCookie.startsWith("__Host-signet="));
    assertTrue(csrfOk);
    assertEquals(Rejection.REVOKED, sessions.verify(login.token().token()).rejection().orElseThrow());
    assertEquals(Rejection.REVOKED, sessions.verify(admin.token().token()).rejection().orElseThrow());
    assertEquals("__Host-signet=; Max-Age=0; Path=/; Secure; HttpOnly; SameSite=Lax", clear);
    assertEquals("__Host-signet-csrf=; Max-Age=0; Path=/; Secure; SameSite=Strict", clearCsrf);
  }

  private static List<String> lines(String code) {
    return code.lines().map(String::strip).filter(l -> !l.isEmpty()).collect(Collectors.toList());
  }

  @Test
  void docExample_isPrintedInLifecycleMdExactlyAsThisTestRunsIt() throws IOException {
    String doc = Files.readString(Path.of("docs/LIFECYCLE.md"), StandardCharsets.UTF_8);
    int from = doc.indexOf("```java\n") + "```java\n".length();
    List<String> printed = lines(doc.substring(from, doc.indexOf("```", from)));
    String source = Files.readString(Path.of("src/test/java/dev/signet/LifecycleDocExampleTest.java"),
        StandardCharsets.UTF_8);
    String begins = "// --- LIFECYCLE.md example begins ---";
    String run = source.substring(source.indexOf(begins) + begins.length(),
        source.indexOf("// --- LIFECYCLE.md example ends ---"));
    // The one difference the page announces: cookieHeader is a fixed string here.
    assertEquals(printed, lines(run.replace("cookie.read(\"__Host-signet=\" + login.token().token())",
        "cookie.read(cookieHeader)")));
  }
}
