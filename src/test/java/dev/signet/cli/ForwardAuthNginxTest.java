package dev.signet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.signet.IssuedToken;
import dev.signet.NewSession;
import dev.signet.TokenIssuer;
import dev.signet.keys.Keyset;
import dev.signet.keys.KeysetFile;
import java.io.PrintWriter;
import java.io.StringWriter;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real nginx in front of an upstream application, asking {@code signet serve} (run in-process,
 * with a verifier keyset file and a revocation log file) through {@code auth_request}, with the
 * configuration of docs/GATEWAYS.md.
 */
class ForwardAuthNginxTest {
  private static final String ISS = "https://login.test";
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static final AtomicInteger UPSTREAM_HITS = new AtomicInteger();

  @TempDir static Path dir;
  private static Keyset keys;
  private static Path revocations;
  private static HttpServer upstream;
  private static Thread serve;
  private static Nginx nginx;

  private static TokenIssuer issuer(Clock clock) {
    return TokenIssuer.builder(keys).issuer(ISS).audience("app").clock(clock)
        .idleTimeout(Duration.ofMinutes(15)).absoluteTimeout(Duration.ofHours(1)).build();
  }

  @BeforeAll
  static void start() throws Exception {
    Nginx.binary();
    keys = Keyset.generate();
    KeysetFile.at(dir.resolve("verifier.json")).create(keys.verifierOnly());
    revocations = java.nio.file.Files.createFile(dir.resolve("revocations.log"));

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

    StringWriter serveOut = new StringWriter();
    StringWriter serveErr = new StringWriter();
    serve = new Thread(() -> Main.execute(new PrintWriter(serveOut, true), new PrintWriter(serveErr, true),
        "serve", "--keyset", dir.resolve("verifier.json").toString(), "--revocations", revocations.toString(),
        "--iss", ISS, "--aud", "app", "--listen", "127.0.0.1:0", "--threads", "2"), "signet-serve-test");
    serve.start();
    Pattern listening = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)/auth");
    int authPort = -1;
    for (int i = 0; i < 200 && authPort < 0; i++) {
      Matcher m = listening.matcher(serveOut.toString());
      if (m.find()) {
        authPort = Integer.parseInt(m.group(1));
      } else {
        assertTrue(serve.isAlive(), () -> "serve stopped: " + serveOut + serveErr);
        Thread.sleep(25);
      }
    }
    assertTrue(authPort > 0, () -> "serve did not start: " + serveOut + serveErr);
    int port = authPort;
    int upstreamPort = upstream.getAddress().getPort();
    nginx = Nginx.start(dir.resolve("nginx"), p -> GatewayConfigs.nginxServer(p, "127.0.0.1:" + port, "127.0.0.1:" + upstreamPort));
  }

  @AfterAll
  static void stop() throws Exception {
    if (nginx != null) {
      nginx.close();
    }
    if (serve != null) {
      serve.interrupt();
      serve.join(10_000);
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
    assertEquals("subject=alice roles=null session=" + t.session().sessionId(), r.body(),
        "the verified subject replaces the forged one; an empty role list removes the forged header");
  }

  @Test
  void tamperedCookie_gets401FromNginx() throws Exception {
    String t = issuer(Clock.systemUTC()).start(NewSession.forSubject("alice")).token();
    int i = t.length() - 10;
    String tampered = t.substring(0, i) + (t.charAt(i) == 'A' ? 'B' : 'A') + t.substring(i + 1);
    int before = UPSTREAM_HITS.get();
    assertEquals(401, get(tampered).statusCode());
    assertEquals(before, UPSTREAM_HITS.get(), "the upstream must not see the request");
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
    CliRun revoke = CliRun.run("revoke", "--revocations", revocations.toString(), "--sid", t.session().sessionId());
    assertEquals(0, revoke.code, revoke::toString);
    // serve follows the revocation log (polled every second by default).
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    int status = 200;
    while (status == 200 && System.nanoTime() < deadline) {
      status = get(t.token()).statusCode();
      if (status == 200) {
        Thread.sleep(50);
      }
    }
    assertEquals(401, status, "a revoked session is refused within the poll interval");
  }

  @Test
  void noCookieWithForgedSubjectHeader_gets401FromNginx() throws Exception {
    assertEquals(401, get(null, "X-Signet-Subject", "alice").statusCode());
  }
}
