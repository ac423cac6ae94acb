package dev.signet.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.Lifecycle;
import dev.signet.NewSession;
import dev.signet.Session;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/** The filter's renewal: never a token its cookie cannot carry, never a session revoked meanwhile. */
class SignetFilterRenewalTest {
  @Test
  void build_withACookieThatCannotCarryTheIssuersLargestToken_isRefusedNamingBothSizes() {
    Lifecycle l = new Lifecycle(i -> i.maxTokenSize(8192), v -> {}, m -> {});
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> SignetFilter.builder(l.sessions).cookie(SessionCookie.builder().build()).build());
    assertTrue(e.getMessage().contains("8192") && e.getMessage().contains("4024"), e.getMessage());
  }

  @Test
  void build_withTheDefaultIssuerAndALongCookieName_isRefused() {
    Lifecycle l = new Lifecycle();
    SessionCookie longName = SessionCookie.builder().name("__Host-" + "n".repeat(100)).build();
    assertThrows(IllegalStateException.class, () -> SignetFilter.builder(l.sessions).cookie(longName).build());
    SignetFilter.builder(l.sessions).cookie(SessionCookie.builder().build()).build();
  }

  /** The protected resource. */
  static final class Ok extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.getWriter().print("ok");
    }
  }

  @Test
  void sessionRevokedBetweenVerificationAndRenewal_is401WithoutARenewedCookie() throws Exception {
    Lifecycle l = new Lifecycle();
    AtomicInteger checks = new AtomicInteger();
    // Answers "not revoked" to the verification and "revoked" from the renewal on: a logout
    // that lands while the request is being handled.
    RevocationStore racing = new RevocationStore() {
      @Override
      public void revoke(Revocation entry) {
      }

      @Override
      public Status check(Session session) {
        return checks.getAndIncrement() == 0 ? Status.NOT_REVOKED : Status.REVOKED;
      }
    };
    TokenVerifier verifier = TokenVerifier.builder(l.keys).issuer(Lifecycle.ISS).audience("app").clock(l.clock)
        .revocations(racing).build();
    SessionManager sessions = SessionManager.builder(l.issuer, verifier).build();
    SessionCookie cookie = SessionCookie.builder().clock(l.clock).build();
    SessionGrant g = sessions.start(NewSession.forSubject("alice"));
    l.clock.advance(Duration.ofMinutes(20));

    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addFilter(new FilterHolder(SignetFilter.builder(sessions).cookie(cookie).build()), "/*",
        EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(new Ok()), "/*");
    server.setHandler(context);
    server.start();
    try {
      HttpResponse<String> r = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/x"))
              .header("Cookie", "__Host-signet=" + g.token().token()).timeout(Duration.ofSeconds(10)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(401, r.statusCode());
      assertEquals("", r.body());
      assertTrue(r.headers().allValues("Set-Cookie").isEmpty());
      assertEquals(2, checks.get(), "verified once, then asked again by the renewal");
    } finally {
      server.stop();
    }
  }
}
