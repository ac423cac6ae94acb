package dev.signet.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.Lifecycle;
import dev.signet.NewSession;
import dev.signet.Session;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The servlet filter and the forward-auth server read a request's token by the same precedence
 * (RequestTokens): each request of a table goes to both, and both must let the same subject in.
 */
class RequestPrecedenceTest {
  private static final Lifecycle L = new Lifecycle();
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final String ALICE = L.sessions.start(NewSession.forSubject("alice")).token().token();
  private static final String BOB = L.sessions.start(NewSession.forSubject("bob")).token().token();
  private static Server jetty;
  private static String filterBase;
  private static ForwardAuthServer forwardAuth;

  /** Says whose session the filter let in. */
  static final class Who extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.getWriter().print(SignetFilter.session(req).map(Session::subject).orElse("nobody"));
    }
  }

  @BeforeAll
  static void start() throws Exception {
    jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addFilter(new FilterHolder(SignetFilter.builder(L.sessions)
        .cookie(SessionCookie.builder().clock(L.clock).build()).build()), "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(new Who()), "/*");
    jetty.setHandler(context);
    jetty.start();
    filterBase = "http://127.0.0.1:" + connector.getLocalPort();
    forwardAuth = ForwardAuthServer.builder(L.verifier).listen(new InetSocketAddress("127.0.0.1", 0)).build().start();
  }

  @AfterAll
  static void stop() throws Exception {
    jetty.stop();
    forwardAuth.close();
  }

  /** "401" or the subject let in, as the filter and as forward-auth answer. */
  private static List<String> answers(String... headers) throws Exception {
    HttpRequest.Builder f = HttpRequest.newBuilder(URI.create(filterBase + "/x")).timeout(Duration.ofSeconds(10));
    HttpRequest.Builder a = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + forwardAuth.address().getPort() + "/auth")).timeout(Duration.ofSeconds(10));
    if (headers.length > 0) {
      f.headers(headers);
      a.headers(headers);
    }
    HttpResponse<String> byFilter = CLIENT.send(f.build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> byGateway = CLIENT.send(a.build(), HttpResponse.BodyHandlers.ofString());
    return List.of(
        byFilter.statusCode() == 200 ? byFilter.body() : String.valueOf(byFilter.statusCode()),
        byGateway.statusCode() == 200
            ? byGateway.headers().firstValue("X-Signet-Subject").orElse("?")
            : String.valueOf(byGateway.statusCode()));
  }

  private static void bothAnswer(String expected, String... headers) throws Exception {
    assertEquals(List.of(expected, expected), answers(headers), "[filter, forward-auth]");
  }

  @Test
  void sessionCookieAlone_isUsedByBoth() throws Exception {
    bothAnswer("alice", "Cookie", "theme=dark; __Host-signet=" + ALICE);
  }

  @Test
  void bearerHeaderBesideACookie_winsInBoth() throws Exception {
    bothAnswer("bob", "Authorization", "Bearer " + BOB, "Cookie", "__Host-signet=" + ALICE);
  }

  @Test
  void basicAuthorizationHeader_doesNotHideTheCookieInEither() throws Exception {
    bothAnswer("alice", "Authorization", "Basic YWxpY2U6cHc=", "Cookie", "__Host-signet=" + ALICE);
  }

  @Test
  void twoBearerHeaders_are401InBoth() throws Exception {
    bothAnswer("401", "Authorization", "Bearer " + BOB, "Authorization", "Bearer " + ALICE,
        "Cookie", "__Host-signet=" + ALICE);
  }

  @Test
  void malformedBearerHeader_is401InBothWithoutFallingBackToTheCookie() throws Exception {
    bothAnswer("401", "Authorization", "Bearer " + BOB + " extra", "Cookie", "__Host-signet=" + ALICE);
  }

  @Test
  void sessionCookieTwiceAcrossCookieHeaders_is401InBoth() throws Exception {
    bothAnswer("401", "Cookie", "__Host-signet=" + BOB, "Cookie", "__Host-signet=" + ALICE);
  }
}
