package dev.signet.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import dev.signet.IssuedToken;
import dev.signet.NewSession;
import dev.signet.TokenIssuer;
import dev.signet.TokenVerifier;
import dev.signet.keys.Keyset;
import dev.signet.revocation.InMemoryRevocationList;
import dev.signet.revocation.Revocation;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real nginx in front of an upstream, asking the forward-auth server through {@code auth_request}. */
class ForwardAuthNginxTest {
  private static final Keyset KEYS = Keyset.generate();
  private static final InMemoryRevocationList REVOKED = new InMemoryRevocationList();
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static final AtomicInteger UPSTREAM_HITS = new AtomicInteger();

  @TempDir static Path dir;
  private static HttpServer upstream;
  private static ForwardAuthServer auth;
  private static Nginx nginx;

  private static TokenIssuer issuer(Clock clock) {
    return TokenIssuer.builder(KEYS).issuer("https://login.test").audience("app").clock(clock)
        .idleTimeout(Duration.ofMinutes(15)).absoluteTimeout(Duration.ofHours(1)).build();
  }

  @BeforeAll
  static void start() throws Exception {
    Nginx.binary();
    upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    upstream.createContext("/", ex -> {
      UPSTREAM_HITS.incrementAndGet();
      String who = "subject=" + ex.getRequestHeaders().getFirst("X-Signet-Subject")
          + " roles=" + ex.getRequestHeaders().getFirst("X-Signet-Roles")
          + " session=" + ex.getRequestHeaders().getFirst("X-Signet-Session");
      byte[] body = who.getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    upstream.start();
    TokenVerifier verifier = TokenVerifier.builder(KEYS.verifierOnly()).issuer("https://login.test")
        .audience("app").revocations(REVOKED).build();
    auth = ForwardAuthServer.builder(verifier).listen(new InetSocketAddress("127.0.0.1", 0)).threads(2).build().start();
    int authPort = auth.address().getPort();
    int upstreamPort = upstream.getAddress().getPort();
    nginx = Nginx.start(dir, port -> GatewayConfigs.nginxServer(port, "127.0.0.1:" + authPort, "127.0.0.1:" + upstreamPort));
  }

  @AfterAll
  static void stop() throws Exception {
    if (nginx != null) {
      nginx.close();
    }
    if (auth != null) {
      auth.close();
    }
    if (upstream != null) {
      upstream.stop(0);
    }
  }

  private static HttpResponse<String> get(String cookie, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + nginx.port + "/orders/42"));
    if (cookie != null) {
      b.header("Cookie", "__Host-signet=" + cookie);
    }
    if (headers.length > 0) {
      b.headers(headers);
    }
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void validCookie_reachesUpstreamWithSubjectHeader() throws Exception {
    IssuedToken t = issuer(Clock.systemUTC()).start(NewSession.forSubject("alice").withRoles("user"));
    HttpResponse<String> r = get(t.token());
    assertEquals(200, r.statusCode(), nginx::errorLog);
    assertEquals("subject=alice roles=user session=" + t.session().sessionId(), r.body());
  }

  @Test
  void forgedSubjectHeader_isOverwrittenByTheVerifiedOne() throws Exception {
    IssuedToken t = issuer(Clock.systemUTC()).start(NewSession.forSubject("alice"));
    HttpResponse<String> r = get(t.token(), "X-Signet-Subject", "admin", "X-Signet-Roles", "admin");
    assertEquals(200, r.statusCode(), nginx::errorLog);
    assertEquals("subject=alice roles=null session=" + t.session().sessionId(), r.body(), "an empty role list removes the forged header");
  }

  @Test
  void tamperedCookie_gets401FromNginx() throws Exception {
    String t = issuer(Clock.systemUTC()).start(NewSession.forSubject("alice")).token();
    int i = t.length() - 10;
    String tampered = t.substring(0, i) + (t.charAt(i) == 'A' ? 'B' : 'A') + t.substring(i + 1);
    int before = UPSTREAM_HITS.get();
    assertEquals(401, get(tampered).statusCode());
    assertEquals(before, UPSTREAM_HITS.get(), "upstream must not see the request");
  }

  @Test
  void expiredCookie_gets401FromNginx() throws Exception {
    Clock past = Clock.fixed(Instant.now().minus(Duration.ofMinutes(30)), ZoneOffset.UTC);
    assertEquals(401, get(issuer(past).start(NewSession.forSubject("alice")).token()).statusCode());
  }

  @Test
  void revokedCookie_gets401FromNginx() throws Exception {
    IssuedToken t = issuer(Clock.systemUTC()).start(NewSession.forSubject("bob"));
    assertEquals(200, get(t.token()).statusCode(), nginx::errorLog);
    REVOKED.revoke(Revocation.session(t.session().sessionId(), t.session().hardExpiresAt()));
    assertEquals(401, get(t.token()).statusCode());
  }

  @Test
  void noCookieWithForgedSubjectHeader_gets401FromNginx() throws Exception {
    assertEquals(401, get(null, "X-Signet-Subject", "alice").statusCode());
  }
}
