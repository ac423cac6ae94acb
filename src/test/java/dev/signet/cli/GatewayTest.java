package dev.signet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.signet.IssuedToken;
import dev.signet.NewSession;
import dev.signet.TokenIssuer;
import dev.signet.TokenVerifier;
import dev.signet.http.ForwardAuthServer;
import dev.signet.keys.Keyset;
import dev.signet.keys.KeysetFile;
import dev.signet.revocation.RevocationList;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real gateway, configured with its block of docs/GATEWAYS.md, in front of an application,
 * asking a real {@code signet serve} (in-process, verifier keyset file, revocation log file);
 * and a second one of the same configuration asking a signet whose revocation store cannot
 * answer. Subclasses start the gateway.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class GatewayTest {
  private static final String ISS = "https://login.test";
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final AtomicInteger upstreamHits = new AtomicInteger();

  @TempDir static Path dir;
  private Keyset keys;
  private Path revocations;
  private HttpServer upstream;
  private Thread serve;
  private ForwardAuthServer down;
  private GatewayProcess gateway;
  private GatewayProcess gatewayToDown;

  /** Starts the gateway in {@code dir} with its documented block, for the given signet and application ports. */
  abstract GatewayProcess start(Path dir, int signetPort, int appPort) throws Exception;

  private TokenIssuer issuer(Clock clock) {
    return TokenIssuer.builder(keys).issuer(ISS).audience("app").clock(clock)
        .idleTimeout(Duration.ofMinutes(15)).absoluteTimeout(Duration.ofHours(1)).build();
  }

  @BeforeAll
  void startAll() throws Exception {
    keys = Keyset.generate();
    KeysetFile.at(dir.resolve("verifier.json")).create(keys.verifierOnly());
    revocations = Files.createFile(dir.resolve("revocations.log"));

    upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    upstream.createContext("/", ex -> {
      upstreamHits.incrementAndGet();
      String who = "subject=" + ex.getRequestHeaders().getFirst("X-Signet-Subject")
          + " roles=" + ex.getRequestHeaders().getFirst("X-Signet-Roles")
          + " session=" + ex.getRequestHeaders().getFirst("X-Signet-Session");
      byte[] body = who.getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    upstream.start();
    int appPort = upstream.getAddress().getPort();

    StringWriter serveOut = new StringWriter();
    StringWriter serveErr = new StringWriter();
    serve = new Thread(() -> Main.execute(new PrintWriter(serveOut, true), new PrintWriter(serveErr, true),
        "serve", "--keyset", dir.resolve("verifier.json").toString(), "--revocations", revocations.toString(),
        "--iss", ISS, "--aud", "app", "--listen", "127.0.0.1:0", "--threads", "2"), "signet-serve-test");
    serve.start();
    Pattern listening = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)/auth");
    int authPort = -1;
    for (int i = 0; i < 400 && authPort < 0; i++) {
      Matcher m = listening.matcher(serveOut.toString());
      if (m.find()) {
        authPort = Integer.parseInt(m.group(1));
      } else {
        assertTrue(serve.isAlive(), () -> "serve stopped: " + serveOut + serveErr);
        Thread.sleep(25);
      }
    }
    assertTrue(authPort > 0, () -> "serve did not start: " + serveOut + serveErr);
    gateway = start(dir.resolve("gateway"), authPort, appPort);

    TokenVerifier unavailable = TokenVerifier.builder(keys.verifierOnly()).issuer(ISS).audience("app")
        .revocations(session -> RevocationList.Status.UNAVAILABLE).build();
    down = ForwardAuthServer.builder(unavailable).listen(new InetSocketAddress("127.0.0.1", 0)).build().start();
    gatewayToDown = start(dir.resolve("gateway-down"), down.address().getPort(), appPort);
  }

  @AfterAll
  void stopAll() throws Exception {
    for (GatewayProcess g : new GatewayProcess[] {gateway, gatewayToDown}) {
      if (g != null) {
        g.close();
      }
    }
    if (down != null) {
      down.close();
    }
    if (serve != null) {
      serve.interrupt();
      serve.join(10_000);
    }
    if (upstream != null) {
      upstream.stop(0);
    }
  }

  private HttpResponse<String> get(GatewayProcess via, String cookie, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + via.port + "/orders/42"))
        .timeout(Duration.ofSeconds(10));
    if (cookie != null) {
      b.header("Cookie", "__Host-signet=" + cookie);
    }
    if (headers.length > 0) {
      b.headers(headers);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private int refusedStatus(String cookie, String... headers) throws Exception {
    int before = upstreamHits.get();
    int status = get(gateway, cookie, headers).statusCode();
    assertEquals(before, upstreamHits.get(), "the application must not see the request");
    return status;
  }

  @Test
  void validSession_reachesTheApplicationWithTheIdentityHeaders() throws Exception {
    IssuedToken t = issuer(Clock.systemUTC()).start(NewSession.forSubject("alice").withRoles("user"));
    HttpResponse<String> r = get(gateway, t.token());
    assertEquals(200, r.statusCode(), gateway::errorLog);
    assertEquals("subject=alice roles=user session=" + t.session().sessionId(), r.body());
  }

  @Test
  void forgedIdentityHeaders_areReplacedByTheVerifiedOnes() throws Exception {
    IssuedToken t = issuer(Clock.systemUTC()).start(NewSession.forSubject("alice"));
    HttpResponse<String> r = get(gateway, t.token(),
        "X-Signet-Subject", "admin", "X-Signet-Roles", "admin", "X-Signet-Session", "forged");
    assertEquals(200, r.statusCode(), gateway::errorLog);
    // nginx removes an empty header, Caddy passes it on empty: either way the forged value is gone.
    String body = r.body().replace("roles=null ", "roles= ");
    assertEquals("subject=alice roles= session=" + t.session().sessionId(), body,
        "the verified subject and session replace the forged ones; a session without roles leaves no roles");
  }

  @Test
  void tamperedToken_is401() throws Exception {
    String t = issuer(Clock.systemUTC()).start(NewSession.forSubject("alice")).token();
    int i = t.length() - 10;
    String tampered = t.substring(0, i) + (t.charAt(i) == 'A' ? 'B' : 'A') + t.substring(i + 1);
    assertEquals(401, refusedStatus(tampered));
  }

  @Test
  void expiredToken_is401() throws Exception {
    Clock past = Clock.fixed(Instant.now().minus(Duration.ofMinutes(30)), ZoneOffset.UTC);
    assertEquals(401, refusedStatus(issuer(past).start(NewSession.forSubject("alice")).token()));
  }

  @Test
  void revokedToken_is401() throws Exception {
    IssuedToken t = issuer(Clock.systemUTC()).start(NewSession.forSubject("bob"));
    assertEquals(200, get(gateway, t.token()).statusCode(), gateway::errorLog);
    CliRun revoke = CliRun.run("revoke", "--revocations", revocations.toString(), "--sid", t.session().sessionId());
    assertEquals(0, revoke.code, revoke::toString);
    // serve follows the revocation log (polled every second).
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    int status = 200;
    while (status == 200 && System.nanoTime() < deadline) {
      status = get(gateway, t.token()).statusCode();
      if (status == 200) {
        Thread.sleep(50);
      }
    }
    assertEquals(401, status, "a revoked session is refused within the poll interval");
  }

  @Test
  void missingToken_evenWithForgedIdentityHeaders_is401() throws Exception {
    assertEquals(401, refusedStatus(null, "X-Signet-Subject", "alice"));
  }

  @Test
  void revocationStoreUnavailable_is503() throws Exception {
    String t = issuer(Clock.systemUTC()).start(NewSession.forSubject("alice")).token();
    int before = upstreamHits.get();
    assertEquals(503, get(gatewayToDown, t).statusCode(), gatewayToDown::errorLog);
    assertEquals(before, upstreamHits.get(), "the application must not see the request");
  }
}
