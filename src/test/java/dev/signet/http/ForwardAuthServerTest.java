package dev.signet.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.Fingerprint;
import dev.signet.IssuedToken;
import dev.signet.NewSession;
import dev.signet.TokenIssuer;
import dev.signet.TokenVerifier;
import dev.signet.keys.Keyset;
import dev.signet.revocation.InMemoryRevocationList;
import dev.signet.revocation.Revocation;
import dev.signet.revocation.RevocationList;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ForwardAuthServerTest {
  private static final Keyset KEYS = Keyset.generate();
  private static final InMemoryRevocationList REVOKED = new InMemoryRevocationList();
  private static final TokenIssuer ISSUER = issuer(Clock.systemUTC());
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static ForwardAuthServer server;

  private static TokenIssuer issuer(Clock clock) {
    return TokenIssuer.builder(KEYS).issuer("https://login.test").audience("api").clock(clock)
        .idleTimeout(Duration.ofMinutes(15)).absoluteTimeout(Duration.ofHours(1)).build();
  }

  private static TokenVerifier verifier(RevocationList revocations) {
    return TokenVerifier.builder(KEYS.verifierOnly()).issuer("https://login.test").audience("api")
        .revocations(revocations).build();
  }

  @BeforeAll
  static void start() throws IOException {
    server = ForwardAuthServer.builder(verifier(REVOKED))
        .listen(new InetSocketAddress("127.0.0.1", 0)).threads(2).build().start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<String> get(ForwardAuthServer s, String path, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + s.address().getPort() + path));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return CLIENT.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String token(String subject, String... roles) {
    return ISSUER.start(NewSession.forSubject(subject).withRoles(roles)).token();
  }

  @Test
  void validCookie_answers200WithSubjectSessionAndRoles() throws Exception {
    IssuedToken t = ISSUER.start(NewSession.forSubject("alice").withRoles("user", "admin"));
    HttpResponse<String> r = get(server, "/auth", "Cookie", "theme=dark; __Host-signet=" + t.token() + "; x=1");
    assertEquals(200, r.statusCode());
    assertEquals("alice", r.headers().firstValue("X-Signet-Subject").orElseThrow());
    assertEquals(t.session().sessionId(), r.headers().firstValue("X-Signet-Session").orElseThrow());
    assertEquals("admin,user", r.headers().firstValue("X-Signet-Roles").orElseThrow());
  }

  @Test
  void validBearerHeader_answers200() throws Exception {
    HttpResponse<String> r = get(server, "/auth", "Authorization", "Bearer " + token("bob"));
    assertEquals(200, r.statusCode());
    assertEquals("bob", r.headers().firstValue("X-Signet-Subject").orElseThrow());
  }

  @Test
  void fingerprintedToken_withItsFingerprintCookie_answers200() throws Exception {
    String fingerprint = Fingerprint.newValue();
    String t = ISSUER.start(NewSession.forSubject("carol").withFingerprintHash(Fingerprint.hash(fingerprint))).token();
    HttpResponse<String> r = get(server, "/auth",
        "Cookie", "__Host-signet=" + t + "; __Host-signet-fgp=" + fingerprint);
    assertEquals(200, r.statusCode());
    assertEquals("carol", r.headers().firstValue("X-Signet-Subject").orElseThrow());
  }

  @Test
  void fingerprintedToken_withoutOrWithAnotherFingerprintCookie_answers401() throws Exception {
    String fingerprint = Fingerprint.newValue();
    String t = ISSUER.start(NewSession.forSubject("carol").withFingerprintHash(Fingerprint.hash(fingerprint))).token();
    assertEquals(401, get(server, "/auth", "Cookie", "__Host-signet=" + t).statusCode());
    assertEquals(401, get(server, "/auth",
        "Cookie", "__Host-signet=" + t + "; __Host-signet-fgp=" + Fingerprint.newValue()).statusCode());
    assertEquals(401, get(server, "/auth",
        "Cookie", "__Host-signet=" + t + "; __Host-signet-fgp=" + fingerprint + "; __Host-signet-fgp=" + fingerprint)
        .statusCode());
  }

  @Test
  void tamperedToken_answers401WithEmptyBodyAndNoSessionHeaders() throws Exception {
    String t = token("alice");
    int i = t.length() / 2;
    String tampered = t.substring(0, i) + (t.charAt(i) == 'A' ? 'B' : 'A') + t.substring(i + 1);
    HttpResponse<String> r = get(server, "/auth", "Cookie", "__Host-signet=" + tampered);
    assertEquals(401, r.statusCode());
    assertEquals("", r.body());
    assertFalse(r.headers().firstValue("X-Signet-Subject").isPresent());
  }

  @Test
  void expiredToken_answers401() throws Exception {
    Clock past = Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC);
    String t = issuer(past).start(NewSession.forSubject("alice")).token();
    assertEquals(401, get(server, "/auth", "Cookie", "__Host-signet=" + t).statusCode());
  }

  @Test
  void revokedSession_answers401() throws Exception {
    IssuedToken t = ISSUER.start(NewSession.forSubject("carol"));
    assertEquals(200, get(server, "/auth", "Cookie", "__Host-signet=" + t.token()).statusCode());
    REVOKED.revoke(Revocation.session(t.session().sessionId(), t.session().hardExpiresAt()));
    assertEquals(401, get(server, "/auth", "Cookie", "__Host-signet=" + t.token()).statusCode());
  }

  @Test
  void noToken_answers401() throws Exception {
    assertEquals(401, get(server, "/auth").statusCode());
    assertEquals(401, get(server, "/auth", "Cookie", "other=" + token("alice")).statusCode());
    assertEquals(401, get(server, "/auth", "Authorization", "Basic YWxpY2U6cHc=").statusCode());
  }

  @Test
  void basicAuthorizationHeader_doesNotHideAValidSessionCookie() throws Exception {
    HttpResponse<String> r = get(server, "/auth",
        "Authorization", "Basic YWxpY2U6cHc=", "Cookie", "__Host-signet=" + token("alice"));
    assertEquals(200, r.statusCode());
    assertEquals("alice", r.headers().firstValue("X-Signet-Subject").orElseThrow());
  }

  @Test
  void twoSessionCookies_answer401() throws Exception {
    String header = "__Host-signet=" + token("alice") + "; __Host-signet=" + token("mallory");
    assertEquals(401, get(server, "/auth", "Cookie", header).statusCode());
  }

  @Test
  void revocationListUnavailable_answers503() throws Exception {
    try (ForwardAuthServer s = ForwardAuthServer.builder(verifier(x -> RevocationList.Status.UNAVAILABLE))
        .listen(new InetSocketAddress("127.0.0.1", 0)).threads(1).build().start()) {
      HttpResponse<String> r = get(s, "/auth", "Cookie", "__Host-signet=" + token("alice"));
      assertEquals(503, r.statusCode());
      assertEquals("", r.body());
    }
  }

  @Test
  void pathBelowAuthPath_isAnAuthRequest() throws Exception {
    HttpResponse<String> r = get(server, "/auth/app/orders?id=3", "Cookie", "__Host-signet=" + token("alice"));
    assertEquals(200, r.statusCode());
    assertEquals(404, get(server, "/authx", "Cookie", "__Host-signet=" + token("alice")).statusCode());
  }

  @Test
  void configuredPathAndCookieName_areUsed() throws Exception {
    try (ForwardAuthServer s = ForwardAuthServer.builder(verifier(RevocationList.none()))
        .listen(new InetSocketAddress("127.0.0.1", 0)).authPath("/check").cookieName("sess")
        .threads(1).build().start()) {
      assertEquals(200, get(s, "/check", "Cookie", "sess=" + token("alice")).statusCode());
      assertEquals(401, get(s, "/check", "Cookie", "__Host-signet=" + token("alice")).statusCode());
      assertEquals(404, get(s, "/auth", "Cookie", "sess=" + token("alice")).statusCode());
    }
  }

  @Test
  void healthz_answers200() throws Exception {
    HttpResponse<String> r = get(server, "/healthz");
    assertEquals(200, r.statusCode());
    assertEquals("", r.body());
  }

  @Test
  void close_stopsListening() throws Exception {
    ForwardAuthServer s = ForwardAuthServer.builder(verifier(RevocationList.none()))
        .listen(new InetSocketAddress("127.0.0.1", 0)).threads(1).shutdownGrace(Duration.ZERO).build().start();
    int port = s.address().getPort();
    s.close();
    s.close();
    HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz")).build();
    assertThrows(IOException.class, () -> HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString()));
  }

  @Test
  void close_refusesNewConnectionsBeforeTheFirstConnectionCloseAnswer() throws Exception {
    ForwardAuthServer s = ForwardAuthServer.builder(verifier(RevocationList.none()))
        .listen(new InetSocketAddress("127.0.0.1", 0)).threads(2).shutdownGrace(Duration.ofSeconds(5)).build().start();
    InetSocketAddress address = new InetSocketAddress("127.0.0.1", s.address().getPort());
    byte[] request = "GET /healthz HTTP/1.1\r\nHost: gw\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    Thread closing = new Thread(s::close, "close");
    try (Socket busy = new Socket()) {
      busy.connect(address, 2000);
      busy.setSoTimeout(10_000);
      String head = exchange(busy, request);
      assertTrue(head.startsWith("HTTP/1.1 200"), head);
      closing.start();
      while (!head.toLowerCase(Locale.ROOT).contains("\r\nconnection: close")) {
        head = exchange(busy, request);
        assertTrue(head.startsWith("HTTP/1.1 200"), head);
      }
      // A client told to close reconnects at once: it must be refused, not queued in a backlog
      // that the kernel resets when the listening socket is finally released.
      try (Socket again = new Socket()) {
        assertThrows(ConnectException.class, () -> again.connect(address, 2000));
      }
    } finally {
      closing.join(10_000);
      s.close();
    }
  }

  /** Sends one request and reads the response head (Content-Length 0 answers only). */
  private static String exchange(Socket socket, byte[] request) throws IOException {
    socket.getOutputStream().write(request);
    socket.getOutputStream().flush();
    InputStream in = socket.getInputStream();
    StringBuilder head = new StringBuilder();
    while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("connection ended after " + head.length() + " bytes of a response head");
      }
      head.append((char) c);
    }
    return head.toString();
  }

  @Test
  void builder_rejectsBadPathAndCookieName() {
    ForwardAuthServer.Builder b = ForwardAuthServer.builder(verifier(RevocationList.none()));
    assertThrows(IllegalArgumentException.class, () -> b.authPath("auth"));
    assertThrows(IllegalArgumentException.class, () -> b.authPath("/healthz"));
    assertThrows(IllegalArgumentException.class, () -> b.cookieName("a b"));
    assertThrows(IllegalArgumentException.class, () -> b.cookieName("a;b"));
  }

  @Test
  void counters_countAnswers() throws Exception {
    try (ForwardAuthServer s = ForwardAuthServer.builder(verifier(RevocationList.none()))
        .listen(new InetSocketAddress("127.0.0.1", 0)).threads(1).build().start()) {
      get(s, "/auth", "Cookie", "__Host-signet=" + token("alice"));
      get(s, "/auth");
      assertTrue(s.acceptedCount() == 1 && s.rejectedCount() == 1, "1 accepted, 1 rejected");
    }
  }
}
