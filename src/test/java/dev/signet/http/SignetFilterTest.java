package dev.signet.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.Lifecycle;
import dev.signet.NewSession;
import dev.signet.Session;
import dev.signet.SessionEvent;
import dev.signet.SessionGrant;
import dev.signet.SessionManager;
import dev.signet.TokenVerifier;
import dev.signet.revocation.Revocation;
import dev.signet.revocation.RevocationStore;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The filter in a real embedded Jetty 12 (Servlet 6.0) container, over HTTP on loopback. */
class SignetFilterTest {
  private static final Lifecycle PLAIN = new Lifecycle();
  private static final Lifecycle BOUND = new Lifecycle(i -> {}, v -> {}, SessionManager.Builder::fingerprint);
  /** A revocation store that cannot answer (say, Redis unreachable past the staleness bound). */
  private static final RevocationStore UNREACHABLE = new RevocationStore() {
    @Override
    public void revoke(Revocation entry) throws IOException {
      throw new IOException("unreachable");
    }

    @Override
    public Status check(Session session) {
      return Status.UNAVAILABLE;
    }
  };
  private static final SessionManager DOWN = SessionManager.builder(PLAIN.issuer,
      TokenVerifier.builder(PLAIN.keys).issuer(Lifecycle.ISS).audience("app").clock(PLAIN.clock)
          .revocations(UNREACHABLE).build()).build();
  private static final SessionCookie COOKIE = SessionCookie.builder().clock(PLAIN.clock).build();
  /** What the verify-only filter's verifier reported. */
  private static final List<SessionEvent> READ_ONLY_EVENTS = new java.util.concurrent.CopyOnWriteArrayList<>();
  /** A resource server's verifier: a verifier-only keyset (no private signing key), no renewal. */
  private static final TokenVerifier READ_ONLY = TokenVerifier.builder(PLAIN.keys.verifierOnly()).issuer(Lifecycle.ISS)
      .audience("app").clock(PLAIN.clock).revocations(PLAIN.store).listener(READ_ONLY_EVENTS::add).build();
  private static final SessionCookie FGP_COOKIE =
      SessionCookie.builder().name(SessionCookie.DEFAULT_FINGERPRINT_NAME).clock(BOUND.clock).build();
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static Server server;
  private static String base;

  /** The protected resource: says whose session it sees. */
  static final class Hello extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      Optional<Session> s = SignetFilter.session(req);
      resp.setContentType("text/plain");
      resp.getWriter().print("hello " + s.map(Session::subject).orElse("nobody") + " " + s.map(Session::sessionId).orElse(""));
    }
  }

  @BeforeAll
  static void startJetty() throws Exception {
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addFilter(new FilterHolder(SignetFilter.builder(PLAIN.sessions).cookie(COOKIE).build()), "/app/*",
        EnumSet.of(DispatcherType.REQUEST));
    context.addFilter(new FilterHolder(SignetFilter.builder(BOUND.sessions)
            .cookie(SessionCookie.builder().clock(BOUND.clock).build()).fingerprintCookie(FGP_COOKIE).build()),
        "/bound/*", EnumSet.of(DispatcherType.REQUEST));
    context.addFilter(new FilterHolder(SignetFilter.builder(DOWN).cookie(COOKIE).build()), "/down/*",
        EnumSet.of(DispatcherType.REQUEST));
    context.addFilter(new FilterHolder(SignetFilter.builder(READ_ONLY).cookie(COOKIE).build()), "/readonly/*",
        EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(new Hello()), "/*");
    server.setHandler(context);
    server.start();
    base = "http://127.0.0.1:" + connector.getLocalPort();
  }

  @AfterAll
  static void stopJetty() throws Exception {
    server.stop();
  }

  private static HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).GET();
    if (headers.length > 0) {
      b.headers(headers);
    }
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static SessionGrant login(String subject) {
    return PLAIN.sessions.start(NewSession.forSubject(subject));
  }

  private static void assertDenied(HttpResponse<String> r) {
    assertEquals(401, r.statusCode());
    assertEquals("", r.body(), "no reason in the body");
    assertEquals(Optional.of("no-store"), r.headers().firstValue("Cache-Control"));
    assertTrue(r.headers().allValues("Set-Cookie").isEmpty());
  }

  @Test
  void verifierOnlyKeyset_filterWithoutRenewal_servesAValidSession() throws Exception {
    SessionGrant g = login("vera");
    HttpResponse<String> r = get("/readonly/x", "Cookie", "__Host-signet=" + g.token().token());
    assertEquals(200, r.statusCode());
    assertEquals("hello vera " + g.session().sessionId(), r.body());
    assertTrue(r.headers().allValues("Set-Cookie").isEmpty(), "a verify-only filter never renews");
  }

  @Test
  void verifierOnlyKeyset_filterRejection_reachesTheVerifiersListener() throws Exception {
    String token = login("mallory").token().token();
    String tampered = token.substring(0, 40) + (token.charAt(40) == 'A' ? 'B' : 'A') + token.substring(41);
    READ_ONLY_EVENTS.clear();
    HttpResponse<String> r = get("/readonly/x", "Cookie", "__Host-signet=" + tampered);
    assertDenied(r);
    assertEquals(1, READ_ONLY_EVENTS.size(), READ_ONLY_EVENTS::toString);
    assertEquals(SessionEvent.Type.REJECTED, READ_ONLY_EVENTS.get(0).type());
    assertTrue(READ_ONLY_EVENTS.get(0).reason().isPresent());
  }

  @Test
  void validCookie_servesTheProtectedResource() throws Exception {
    SessionGrant g = login("alice");
    HttpResponse<String> r = get("/app/x", "Cookie", "theme=dark; __Host-signet=" + g.token().token());
    assertEquals(200, r.statusCode());
    assertEquals("hello alice " + g.session().sessionId(), r.body());
    assertTrue(r.headers().allValues("Set-Cookie").isEmpty(), "no renewal before it is due");
  }

  @Test
  void bearerHeader_servesTheProtectedResource() throws Exception {
    SessionGrant g = login("bob");
    HttpResponse<String> r = get("/app/x", "Authorization", "Bearer " + g.token().token());
    assertEquals(200, r.statusCode());
    assertEquals("hello bob " + g.session().sessionId(), r.body());
  }

  @Test
  void noToken_is401WithAnEmptyBody() throws Exception {
    HttpResponse<String> r = get("/app/x");
    assertDenied(r);
    assertEquals(Optional.of("Bearer"), r.headers().firstValue("WWW-Authenticate"));
  }

  @Test
  void tamperedCookie_is401() throws Exception {
    String t = login("alice").token().token();
    int i = t.length() / 2;
    String tampered = t.substring(0, i) + (t.charAt(i) == 'A' ? 'B' : 'A') + t.substring(i + 1);
    assertDenied(get("/app/x", "Cookie", "__Host-signet=" + tampered));
  }

  @Test
  void expiredCookie_is401() throws Exception {
    Lifecycle l = new Lifecycle();
    // Minted 31 minutes before the server's clock: its exp has passed.
    l.clock.set(PLAIN.clock.instant().minus(Duration.ofMinutes(31)));
    String t = l.sessions.start(NewSession.forSubject("alice")).token().token();
    assertDenied(get("/app/x", "Cookie", "__Host-signet=" + t));
  }

  @Test
  void revokedCookie_is401() throws Exception {
    SessionGrant g = login("alice");
    PLAIN.sessions.end(g.session());
    assertDenied(get("/app/x", "Cookie", "__Host-signet=" + g.token().token()));
  }

  @Test
  void duplicatedSessionCookie_is401() throws Exception {
    SessionGrant a = login("alice");
    SessionGrant m = login("mallory");
    assertDenied(get("/app/x", "Cookie",
        "__Host-signet=" + m.token().token() + "; __Host-signet=" + a.token().token()));
  }

  @Test
  void renewalDue_setsARenewedCookieWithTheSameSid() throws Exception {
    Lifecycle l = new Lifecycle();
    l.clock.set(PLAIN.clock.instant().minus(Duration.ofMinutes(20)));
    SessionGrant g = l.sessions.start(NewSession.forSubject("carol"));
    HttpResponse<String> r = get("/app/x", "Cookie", "__Host-signet=" + g.token().token());
    assertEquals(200, r.statusCode());
    List<String> set = r.headers().allValues("Set-Cookie");
    assertEquals(1, set.size(), set::toString);
    String header = set.get(0);
    assertTrue(header.startsWith("__Host-signet="), header);
    assertTrue(header.endsWith("; Max-Age=1800; Path=/; Secure; HttpOnly; SameSite=Lax"), header);
    String renewed = header.substring("__Host-signet=".length(), header.indexOf(';'));
    Session s = PLAIN.verified(renewed);
    assertEquals(g.session().sessionId(), s.sessionId());
    assertFalse(renewed.equals(g.token().token()));
    assertEquals(PLAIN.clock.instant().plus(Duration.ofMinutes(30)), s.expiresAt());
  }

  @Test
  void fingerprintBound_withBothCookies_isServed_withoutTheFingerprintCookie_is401() throws Exception {
    SessionGrant g = BOUND.sessions.start(NewSession.forSubject("dora"));
    String session = "__Host-signet=" + g.token().token();
    String fgp = FGP_COOKIE.setCookie(g.fingerprint().orElseThrow(), g.session().hardExpiresAt()).split(";")[0];
    assertEquals(200, get("/bound/x", "Cookie", session + "; " + fgp).statusCode());
    assertDenied(get("/bound/x", "Cookie", session));
    assertDenied(get("/bound/x", "Authorization", "Bearer " + g.token().token()));
  }

  @Test
  void revocationStoreUnavailable_is503WithAnEmptyBody() throws Exception {
    SessionGrant g = login("erin");
    HttpResponse<String> r = get("/down/x", "Cookie", "__Host-signet=" + g.token().token());
    assertEquals(503, r.statusCode());
    assertEquals("", r.body());
    assertEquals(Optional.of("no-store"), r.headers().firstValue("Cache-Control"));
  }
}
