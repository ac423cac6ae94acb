package dev.signet.spring.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.signet.IssuedToken;
import dev.signet.NewSession;
import dev.signet.TokenIssuer;
import dev.signet.TokenVerifier;
import dev.signet.keys.KeysetFile;
import dev.signet.revocation.RedisRevocationList;
import dev.signet.revocation.Revocation;
import dev.signet.spring.Apps;
import dev.signet.spring.Browser;
import dev.signet.spring.DocBlocks;
import dev.signet.spring.SpringFixtures;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Spring Cloud Gateway with the {@code Signet} filter in front of a real service, verifying with
 * a verifier keyset (it cannot mint) against a Redis server of its own, which the last test stops.
 */
@Tag("spring-gateway") // its own surefire execution: Spring Cloud Gateway cannot share the class path with Spring MVC
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SignetGatewayFilterFactoryTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ISS = "https://login.test";

  @TempDir static Path dir;
  private Process redis;
  private int redisPort;
  private final String prefix = SpringFixtures.uniquePrefix();
  private HttpServer downstream;
  private ConfigurableApplicationContext gateway;
  private TokenIssuer issuer;
  private RedisRevocationList revoker;

  @BeforeAll
  void start() throws Exception {
    redisPort = startRedis();
    downstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    downstream.createContext("/", exchange -> {
      Map<String, Object> seen = new TreeMap<>();
      exchange.getRequestHeaders().forEach((name, values) -> {
        if (name.toLowerCase(Locale.ROOT).startsWith("x-signet-")) {
          seen.put(name.toLowerCase(Locale.ROOT), values);
        }
      });
      byte[] body = JSON.writeValueAsBytes(seen);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    downstream.start();
    Path full = SpringFixtures.newKeyset(dir);
    Path verifierOnly = dir.resolve("verifier.json");
    SpringFixtures.cli("keys", "export", "--keyset", full.toString(), "--verifier", verifierOnly.toString());
    issuer = TokenIssuer.builder(KeysetFile.at(full).load()).issuer(ISS).audience("api").build();
    revoker = RedisRevocationList.builder("127.0.0.1", redisPort).keyPrefix(prefix).mirror(false).build();
    String service = "http://127.0.0.1:" + downstream.getAddress().getPort();
    // The route of docs/SPRING.md as printed, to this test's service.
    Map<String, Object> props = new LinkedHashMap<>(DocBlocks.properties("docs/SPRING.md", "## Spring Cloud Gateway", 0));
    assertEquals("http://orders.internal:8080", props.put("spring.cloud.gateway.server.webflux.routes[0].uri", service));
    props.put("signet.keyset", verifierOnly);
    props.put("signet.issuer", ISS);
    props.put("signet.audience", "api");
    props.put("test.downstream", service);
    props.put("test.redis-port", redisPort);
    props.put("test.redis-prefix", prefix);
    gateway = Apps.start(GatewayApplication.class, WebApplicationType.REACTIVE, null, props);
  }

  @AfterAll
  void stop() throws Exception {
    if (gateway != null) {
      gateway.close();
    }
    if (revoker != null) {
      revoker.close();
    }
    if (downstream != null) {
      downstream.stop(0);
    }
    if (redis != null) {
      redis.destroyForcibly().waitFor();
    }
  }

  /** A Redis server of this test's own, on a free port, so that it can be stopped. */
  private int startRedis() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    try {
      redis = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
          "--save", "", "--appendonly", "no")
          .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
    } catch (IOException e) {
      if ("1".equals(System.getenv("REQUIRE_REDIS"))) {
        fail("REQUIRE_REDIS=1 but redis-server cannot be started: " + e);
      }
      org.junit.jupiter.api.Assumptions.abort("redis-server cannot be started: " + e);
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return port;
      } catch (IOException e) {
        assertTrue(System.nanoTime() < deadline, "redis-server did not start");
        Thread.sleep(20);
      }
    }
  }

  private Browser client() {
    return new Browser(Apps.base(gateway));
  }

  private static JsonNode seen(Browser.Response r) throws IOException {
    assertEquals(200, r.status, r::toString);
    return JSON.readTree(r.body);
  }

  private IssuedToken login(String subject, String... roles) {
    return issuer.start(NewSession.forSubject(subject).withRoles(roles));
  }

  @Test
  @Order(1)
  void gateway_withVerifierKeyset_verifiesButHasNoIssuer() {
    assertTrue(gateway.getBeanProvider(TokenVerifier.class).getIfAvailable() != null);
    assertNull(gateway.getBeanProvider(TokenIssuer.class).getIfAvailable());
  }

  @Test
  @Order(2)
  void validSessionCookie_forwardsSubjectSessionAndRoles() throws IOException {
    IssuedToken t = login("alice", "user", "admin");
    Browser b = client();
    b.cookies().put("__Host-signet", t.token());
    JsonNode seen = seen(b.get("/api/orders"));
    assertEquals("[\"alice\"]", seen.get("x-signet-subject").toString());
    assertEquals("[\"" + t.session().sessionId() + "\"]", seen.get("x-signet-session").toString());
    assertEquals("[\"admin,user\"]", seen.get("x-signet-roles").toString().replace("user,admin", "admin,user"));
  }

  @Test
  @Order(3)
  void bearerToken_forwardsSubject() throws IOException {
    IssuedToken t = login("bob");
    JsonNode seen = seen(client().get("/api/orders", "Authorization", "Bearer " + t.token()));
    assertEquals("[\"bob\"]", seen.get("x-signet-subject").toString());
  }

  @Test
  @Order(4)
  void clientForgedIdentityHeaders_neverReachTheService() throws IOException {
    IssuedToken t = login("alice", "user");
    Browser b = client();
    b.cookies().put("__Host-signet", t.token());
    JsonNode seen = seen(b.get("/api/orders", "X-Signet-Subject", "admin", "x-signet-roles", "admin",
        "X-SIGNET-EXTRA", "1"));
    assertEquals("[\"alice\"]", seen.get("x-signet-subject").toString());
    assertEquals("[\"user\"]", seen.get("x-signet-roles").toString());
    assertNull(seen.get("x-signet-extra"));
  }

  @Test
  @Order(5)
  void clientForgedIdentityHeaders_areRemovedOnRoutesWithoutTheFilter() throws IOException {
    JsonNode seen = seen(client().get("/open/page", "X-Signet-Subject", "admin", "x-signet-session", "s"));
    assertEquals(0, seen.size(), seen::toString);
  }

  @Test
  @Order(6)
  void noToken_orForgedToken_isAnswered401_andNeverForwarded() {
    Browser.Response none = client().get("/api/orders", "X-Signet-Subject", "admin");
    assertEquals(401, none.status);
    assertEquals("", none.body);
    Browser b = client();
    b.cookies().put("__Host-signet", login("alice").token() + "x");
    assertEquals(401, b.get("/api/orders").status);
  }

  @Test
  @Order(7)
  void revokedSession_isAnswered401() throws Exception {
    IssuedToken t = login("carol");
    Browser b = client();
    b.cookies().put("__Host-signet", t.token());
    assertEquals(200, b.get("/api/orders").status);
    revoker.revoke(Revocation.session(t.session().sessionId(), t.session().hardExpiresAt().plusSeconds(120)));
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    int status;
    while ((status = b.get("/api/orders").status) == 200 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(401, status);
  }

  @Test
  @Order(8)
  void revocationStoreDown_isAnswered503() throws Exception {
    IssuedToken t = login("dave");
    Browser b = client();
    b.cookies().put("__Host-signet", t.token());
    assertEquals(200, b.get("/api/orders").status);
    redis.destroyForcibly().waitFor();
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    Browser.Response r;
    while ((r = b.get("/api/orders")).status == 200 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertEquals(503, r.status);
    assertEquals("no-store", r.raw.headers().firstValue("Cache-Control").orElse(""));
    assertEquals("", new String(r.body.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
  }
}
