package dev.signet.http;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.Lifecycle;
import dev.signet.NewSession;
import dev.signet.ReadmeBlocks;
import dev.signet.Session;
import dev.signet.SessionGrant;
import dev.signet.TokenVerifier;
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
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Function;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The one local-development switch, {@code SessionCookie.Builder.insecureForLocalDevelopment()}:
 * the cookie it makes works over plain HTTP on loopback through the servlet filter and the
 * forward-auth server, and both refuse it at build time anywhere else.
 */
class LocalDevelopmentTest {
  private static final String DEV_ISS = "http://localhost:8080";
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final Lifecycle dev = new Lifecycle(i -> i.issuer(DEV_ISS), v -> v.issuer(DEV_ISS), m -> {});
  private final Lifecycle prod = new Lifecycle();

  private SessionCookie devCookie() {
    return SessionCookie.builder().clock(dev.clock).insecureForLocalDevelopment().build();
  }

  private static TokenVerifier verifierFor(String issuer) {
    Lifecycle l = new Lifecycle(i -> i.issuer(issuer), v -> v.issuer(issuer), m -> {});
    return l.verifier;
  }

  @Test
  void insecureForLocalDevelopment_namesTheCookieSignetDevWithoutSecure() {
    SessionCookie c = devCookie();
    assertEquals(SessionCookie.LOCAL_DEVELOPMENT_NAME, c.name());
    assertTrue(c.isLocalDevelopment());
    assertEquals("signet-dev=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax", c.clearing());
  }

  @Test
  void defaultCookie_isNotLocalDevelopment() {
    assertFalse(SessionCookie.builder().build().isLocalDevelopment());
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://localhost:8080", "http://LOCALHOST", "https://localhost/app", "http://127.0.0.1:8080",
      "http://127.8.9.10", "http://[::1]:8080"})
  void checkLocalDevelopment_loopbackIssuer_isAccepted(String issuer) {
    assertDoesNotThrow(() -> devCookie().checkLocalDevelopment(issuer, new InetSocketAddress("127.0.0.1", 8080)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://login.example.com", "http://10.0.0.5:8080", "http://0.0.0.0:8080",
      "http://localhost.example.com", "http://127.0.0.1.nip.io", "http://[::]:8080", "ftp://localhost",
      "localhost", "my-app", "http://user@evil.example/localhost"})
  void checkLocalDevelopment_nonLoopbackIssuer_isRefused(String issuer) {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> devCookie().checkLocalDevelopment(issuer, null));
    assertTrue(e.getMessage().contains("issuer " + issuer), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.0.0.0", "10.0.0.5", "::"})
  void checkLocalDevelopment_nonLoopbackListenAddress_isRefused(String host) {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> devCookie().checkLocalDevelopment(DEV_ISS, new InetSocketAddress(host, 8080)));
    assertTrue(e.getMessage().contains("listens on"), e.getMessage());
  }

  @Test
  void checkLocalDevelopment_secureCookie_acceptsAnyIssuerAndAddress() {
    assertDoesNotThrow(() -> SessionCookie.builder().build()
        .checkLocalDevelopment("https://login.example.com", new InetSocketAddress("0.0.0.0", 443)));
  }

  @Test
  void filter_withLocalDevelopmentCookie_isRefusedForANonLoopbackIssuer() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> SignetFilter.builder(prod.sessions).cookie(devCookie()).build());
    assertTrue(e.getMessage().contains(Lifecycle.ISS), e.getMessage());
  }

  @Test
  void filter_withoutCookie_isRefusedAtBuild() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> SignetFilter.builder(dev.sessions).build());
    assertTrue(e.getMessage().contains(".cookie(cookie)"), e.getMessage());
  }

  @Test
  void filter_withSecureFingerprintCookieBesideLocalDevelopmentCookie_isRefusedAtBuild() {
    SessionCookie securePrint = SessionCookie.builder().name(SessionCookie.DEFAULT_FINGERPRINT_NAME).build();
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> SignetFilter.builder(dev.sessions).cookie(devCookie()).fingerprintCookie(securePrint).build());
    assertTrue(e.getMessage().contains("disagree"), e.getMessage());
  }

  @Test
  void filter_withFingerprintCookieOfTheSessionCookiesName_isRefusedAtBuild() {
    SessionCookie same = SessionCookie.builder().build();
    assertThrows(IllegalStateException.class,
        () -> SignetFilter.builder(prod.sessions).cookie(same).fingerprintCookie(same).build());
  }

  @Test
  void forwardAuth_withLocalDevelopmentCookie_isRefusedOnAWildcardAddress() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> ForwardAuthServer.builder(dev.verifier).cookie(devCookie())
            .listen(new InetSocketAddress("0.0.0.0", 0)).build());
    assertTrue(e.getMessage().contains("listens on 0.0.0.0"), e.getMessage());
  }

  @Test
  void forwardAuth_withLocalDevelopmentCookie_isRefusedForANonLoopbackIssuer() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> ForwardAuthServer.builder(verifierFor("https://login.example.com")).cookie(devCookie())
            .listen(new InetSocketAddress("127.0.0.1", 0)).build());
    assertTrue(e.getMessage().contains("https://login.example.com"), e.getMessage());
  }

  @Test
  void forwardAuth_withLocalDevelopmentCookie_onLoopback_readsTheCookieItWrites() throws Exception {
    SessionGrant grant = dev.sessions.start(NewSession.forSubject("alice"));
    String setCookie = devCookie().setCookie(grant.token());
    try (ForwardAuthServer server = ForwardAuthServer.builder(dev.verifier).cookie(devCookie())
        .listen(new InetSocketAddress("127.0.0.1", 0)).threads(1).build().start()) {
      HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + server.address().getPort() + "/auth"))
          .header("Cookie", cookiePair(setCookie)).timeout(Duration.ofSeconds(10)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode());
      assertEquals("alice", r.headers().firstValue("X-Signet-Subject").orElseThrow());
    }
  }

  /** The protected resource: says whose session it sees. */
  static final class Hello extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.getWriter().print("hello " + SignetFilter.session(req).map(Session::subject).orElse("nobody"));
    }
  }

  @Test
  void filter_withLocalDevelopmentCookie_onLoopback_acceptsTheCookieAndRenewsItWithoutSecure() throws Exception {
    SessionCookie cookie = devCookie();
    SessionGrant grant = dev.sessions.start(NewSession.forSubject("alice"));
    String setCookie = cookie.setCookie(grant.token());
    assertFalse(setCookie.contains("Secure"), setCookie);
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addFilter(new FilterHolder(SignetFilter.builder(dev.sessions).cookie(cookie).build()), "/*",
        EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(new Hello()), "/*");
    server.setHandler(context);
    server.start();
    try {
      dev.clock.advance(Duration.ofMinutes(20)); // past the renewal point of a 30-minute idle window
      HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/app"))
          .header("Cookie", cookiePair(setCookie)).timeout(Duration.ofSeconds(10)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode());
      assertEquals("hello alice", r.body());
      String renewed = r.headers().firstValue("Set-Cookie").orElseThrow();
      assertTrue(renewed.startsWith(SessionCookie.LOCAL_DEVELOPMENT_NAME + "="), renewed);
      assertFalse(renewed.contains("Secure"), renewed);
    } finally {
      server.stop();
    }
  }

  @Test
  void readmeSnippet_asPrinted_buildsTheFilterOnLoopbackAndIsRefusedElsewhere(@TempDir Path dir) throws Exception {
    String snippet = ReadmeBlocks.only("### Developing on `http://localhost`", "java");
    Function<dev.signet.SessionManager, Object> readme = compileReadmeSnippet(snippet, dir);
    assertTrue(readme.apply(dev.sessions) instanceof SignetFilter);
    assertThrows(IllegalStateException.class, () -> readme.apply(prod.sessions));
  }

  /** The README's snippet as the body of {@code Function<SessionManager, Object>}, returning its {@code filter}. */
  @SuppressWarnings("unchecked")
  private static Function<dev.signet.SessionManager, Object> compileReadmeSnippet(String snippet, Path dir)
      throws Exception {
    String source = "import dev.signet.SessionManager;\nimport dev.signet.http.*;\n"
        + "public class ReadmeLocalDevelopment implements java.util.function.Function<SessionManager, Object> {\n"
        + "  public Object apply(SessionManager sessions) {\n" + snippet + "    return filter;\n  }\n}\n";
    Path file = dir.resolve("ReadmeLocalDevelopment.java");
    Files.writeString(file, source);
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int rc = javac.run(null, null, null, "-proc:none", "--release", "17", "-cp", classPath,
        "-d", dir.toString(), file.toString());
    assertEquals(0, rc, "the README snippet does not compile:\n" + source);
    List<URL> urls = List.of(dir.toUri().toURL());
    URLClassLoader loader = new URLClassLoader(urls.toArray(new URL[0]), LocalDevelopmentTest.class.getClassLoader());
    return (Function<dev.signet.SessionManager, Object>)
        loader.loadClass("ReadmeLocalDevelopment").getDeclaredConstructor().newInstance();
  }

  /** {@code name=value} of a {@code Set-Cookie} value, as a browser sends it back. */
  private static String cookiePair(String setCookie) {
    return setCookie.substring(0, setCookie.indexOf(';'));
  }
}
