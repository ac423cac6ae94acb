package dev.signet.spring.webflux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.signet.IssuedToken;
import dev.signet.NewSession;
import dev.signet.TokenIssuer;
import dev.signet.TokenVerifier;
import dev.signet.keys.Keyset;
import dev.signet.revocation.RevocationList;
import dev.signet.spring.security.SignetSessions;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** What a WebFlux application answers an exchange that needs a session and has no valid one. */
class SignetServerSecurityTest {
  private static final Keyset KEYS = Keyset.generate();
  private static final TokenIssuer ISSUER =
      TokenIssuer.builder(KEYS).issuer("https://login.test").audience("app").build();

  private final HttpHeaders requestHeaders = new HttpHeaders();
  private final HttpHeaders responseHeaders = new HttpHeaders();
  private final Map<String, Object> attributes = new HashMap<>();
  private HttpStatusCode status;

  private ServerWebExchange exchange() {
    ServerHttpRequest request = proxy(ServerHttpRequest.class, (name, args) ->
        name.equals("getHeaders") ? requestHeaders : null);
    ServerHttpResponse response = proxy(ServerHttpResponse.class, (name, args) -> {
      switch (name) {
        case "setStatusCode":
          status = (HttpStatusCode) args[0];
          return true;
        case "getHeaders":
          return responseHeaders;
        case "setComplete":
          return Mono.empty();
        case "isCommitted":
          return false;
        default:
          throw new UnsupportedOperationException(name);
      }
    });
    return proxy(ServerWebExchange.class, (name, args) -> {
      switch (name) {
        case "getRequest":
          return request;
        case "getResponse":
          return response;
        case "getAttributes":
          return attributes;
        default:
          throw new UnsupportedOperationException(name);
      }
    });
  }

  interface Answer {
    Object answer(String method, Object[] args);
  }

  @SuppressWarnings("unchecked")
  private static <T> T proxy(Class<T> type, Answer a) {
    return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
        (p, m, args) -> a.answer(m.getName(), args));
  }

  private static SignetServerSecurity security(RevocationList revocations) {
    TokenVerifier verifier = TokenVerifier.builder(KEYS).issuer("https://login.test").audience("app")
        .revocations(revocations).build();
    return new SignetServerSecurity(
        new SignetServerSecurityContextRepository(SignetSessions.builder(verifier).build()), null);
  }

  @Test
  void sessionThatCannotBeChecked_isAnswered503_noStore() {
    IssuedToken t = ISSUER.start(NewSession.forSubject("alice"));
    requestHeaders.add(HttpHeaders.COOKIE, "__Host-signet=" + t.token());
    security(s -> RevocationList.Status.UNAVAILABLE).entryPoint()
        .commence(exchange(), new InsufficientAuthenticationException("no session")).block();
    assertEquals(503, status.value());
    assertEquals("no-store", responseHeaders.getFirst(HttpHeaders.CACHE_CONTROL));
    assertNull(responseHeaders.getFirst(HttpHeaders.WWW_AUTHENTICATE));
  }

  @Test
  void noToken_isAnswered401() {
    security(RevocationList.none()).entryPoint()
        .commence(exchange(), new InsufficientAuthenticationException("no session")).block();
    assertEquals(401, status.value());
    assertEquals("Bearer", responseHeaders.getFirst(HttpHeaders.WWW_AUTHENTICATE));
  }
}
