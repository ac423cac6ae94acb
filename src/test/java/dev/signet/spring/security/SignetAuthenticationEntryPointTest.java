package dev.signet.spring.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.signet.IssuedToken;
import dev.signet.NewSession;
import dev.signet.TokenIssuer;
import dev.signet.TokenVerifier;
import dev.signet.keys.Keyset;
import dev.signet.revocation.RevocationList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.InsufficientAuthenticationException;

/** What a servlet application answers a request that needs a session and has no valid one. */
class SignetAuthenticationEntryPointTest {
  private static final Keyset KEYS = Keyset.generate();
  private static final TokenIssuer ISSUER =
      TokenIssuer.builder(KEYS).issuer("https://login.test").audience("app").build();

  private static SignetSecurityContextRepository repository(RevocationList revocations) {
    TokenVerifier verifier = TokenVerifier.builder(KEYS).issuer("https://login.test").audience("app")
        .revocations(revocations).build();
    return new SignetSecurityContextRepository(SignetSessions.builder(verifier).build());
  }

  private static FakeHttp answer(SignetSecurityContextRepository repo, FakeHttp http) throws Exception {
    new SignetAuthenticationEntryPoint(repo, null)
        .commence(http.request(), http.response(), new InsufficientAuthenticationException("no session"));
    return http;
  }

  @Test
  void sessionThatCannotBeChecked_isAnswered503_noStore_emptyBody() throws Exception {
    IssuedToken t = ISSUER.start(NewSession.forSubject("alice"));
    FakeHttp http = answer(repository(s -> RevocationList.Status.UNAVAILABLE),
        new FakeHttp().header("Cookie", "__Host-signet=" + t.token()));
    assertEquals(503, http.status);
    assertEquals(List.of("no-store"), http.responseHeaders.get("Cache-Control"));
    assertEquals(0, http.contentLength);
    assertNull(http.responseHeaders.get("WWW-Authenticate"));
  }

  @Test
  void revokedSession_isAnswered401() throws Exception {
    IssuedToken t = ISSUER.start(NewSession.forSubject("alice"));
    FakeHttp http = answer(repository(s -> RevocationList.Status.REVOKED),
        new FakeHttp().header("Cookie", "__Host-signet=" + t.token()));
    assertEquals(401, http.status);
    assertEquals(List.of("Bearer"), http.responseHeaders.get("WWW-Authenticate"));
  }

  @Test
  void noToken_isAnswered401() throws Exception {
    FakeHttp http = answer(repository(RevocationList.none()), new FakeHttp());
    assertEquals(401, http.status);
    assertEquals(List.of("no-store"), http.responseHeaders.get("Cache-Control"));
  }

  @Test
  void repeatedAuthorizationHeaders_areNoBearerToken() {
    IssuedToken t = ISSUER.start(NewSession.forSubject("alice"));
    FakeHttp http = new FakeHttp().header("Authorization", "Bearer " + t.token())
        .header("Authorization", "Bearer " + t.token());
    assertFalse(repository(RevocationList.none()).containsContext(http.request()));
  }

  @Test
  void sessionCookie_isReadBeforeABearerToken() {
    IssuedToken cookie = ISSUER.start(NewSession.forSubject("alice"));
    IssuedToken bearer = ISSUER.start(NewSession.forSubject("mallory"));
    FakeHttp http = new FakeHttp().header("Cookie", "__Host-signet=" + cookie.token())
        .header("Authorization", "Bearer " + bearer.token());
    assertEquals("alice", repository(RevocationList.none()).session(http.request()).orElseThrow().subject());
  }
}
