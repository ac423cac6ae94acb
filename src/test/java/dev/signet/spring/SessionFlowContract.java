package dev.signet.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.MutableClock;
import dev.signet.keys.KeyPurpose;
import dev.signet.keys.KeysetFile;
import dev.signet.keys.KeysetSource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What a user of a Spring Boot application with Signet sessions sees: the application started
 * twice, on real ports, sharing one keyset file and one Redis, driven by a real HTTP client. The
 * servlet and the WebFlux example applications answer the same HTTP contract, so both run these
 * tests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class SessionFlowContract {
  /** The application class. */
  protected abstract Class<?> application();

  /** Servlet or reactive. */
  protected abstract WebApplicationType type();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String COOKIE = "__Host-signet";

  @TempDir static Path dir;
  private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
  private String prefix;
  private Path keyset;
  private ConfigurableApplicationContext one;
  private ConfigurableApplicationContext two;

  @BeforeAll
  void start() throws Exception {
    SpringFixtures.assumeRedis();
    prefix = SpringFixtures.uniquePrefix();
    keyset = SpringFixtures.newKeyset(dir);
    // The README's properties as printed, with this test's keyset file and Redis key prefix.
    Map<String, Object> props = new LinkedHashMap<>(DocBlocks.properties("README.md", "### Spring Boot", 0));
    assertEquals("redis://127.0.0.1:6379", props.get("signet.revocations"));
    props.put("signet.keyset", keyset);
    props.put("signet.revocations", SpringFixtures.redisStore(prefix));
    props.put("signet.keyset-reload-interval", "50ms");
    props.put("management.endpoints.web.exposure.include", "health,metrics");
    props.put("management.endpoint.health.show-details", "always");
    one = Apps.start(application(), type(), clock, props);
    two = Apps.start(application(), type(), clock, props);
  }

  @AfterAll
  void stop() {
    if (one != null) {
      one.close();
    }
    if (two != null) {
      two.close();
    }
    if (prefix != null) {
      SpringFixtures.deleteAll(prefix);
    }
  }

  private Browser login(String user) {
    Browser b = new Browser(Apps.base(one));
    String csrf = json(b.get("/csrf")).get("token").asText();
    Browser.Response r = b.postForm("/login", Map.of("username", user, "password", user + "-password", "_csrf", csrf));
    assertEquals(204, r.status, r::toString);
    return b;
  }

  private static JsonNode json(Browser.Response r) {
    assertEquals(200, r.status, r::toString);
    try {
      return JSON.readTree(r.body);
    } catch (Exception e) {
      throw new AssertionError(r.body, e);
    }
  }

  @Test
  void login_setsHostPrefixedSecureHttpOnlyCookie_andNoServerSession() {
    Browser b = new Browser(Apps.base(one));
    String csrf = json(b.get("/csrf")).get("token").asText();
    Browser.Response r = b.postForm("/login", Map.of("username", "alice", "password", "alice-password", "_csrf", csrf));
    assertEquals(204, r.status, r::toString);
    String set = r.setCookie(COOKIE);
    assertNotNull(set, r::toString);
    assertTrue(set.matches("__Host-signet=[A-Za-z0-9._-]+; Max-Age=1[78][0-9][0-9]; Path=/; Secure; HttpOnly; SameSite=Lax"), set);
    for (String c : r.setCookies) {
      assertTrue(c.startsWith(COOKIE + "=") || c.startsWith("XSRF-TOKEN=;"), "no other cookie (no server session): " + c);
    }
  }

  @Test
  void login_withWrongPassword_setsNoSessionCookie() {
    Browser b = new Browser(Apps.base(one));
    String csrf = json(b.get("/csrf")).get("token").asText();
    Browser.Response r = b.postForm("/login", Map.of("username", "alice", "password", "wrong", "_csrf", csrf));
    assertEquals(401, r.status);
    assertNull(r.setCookie(COOKIE));
  }

  @Test
  void me_returnsSubjectAndRoles_onEitherInstance() {
    Browser b = login("bob");
    JsonNode me = json(b.get("/api/me"));
    assertEquals("bob", me.get("subject").asText());
    assertEquals("[\"admin\",\"user\"]", me.get("roles").toString());
    assertEquals(me, json(b.at(Apps.base(two)).get("/api/me")));
  }

  @Test
  void preAuthorizeHasRoleAdmin_refusesUser_admitsAdmin() {
    assertEquals(403, login("alice").get("/api/admin").status);
    assertEquals("bob", json(login("bob").get("/api/admin")).get("admin").asText());
  }

  @Test
  void request_withoutSession_isAnswered401() {
    Browser.Response r = new Browser(Apps.base(one)).get("/api/me");
    assertEquals(401, r.status);
    assertEquals("no-store", r.raw.headers().firstValue("Cache-Control").orElse(""));
  }

  @Test
  void request_pastHalfTheIdleWindow_setsNewCookieForTheSameSession() {
    Browser b = login("alice");
    String first = b.cookies().get(COOKIE);
    String sid = json(b.get("/api/me")).get("sid").asText();
    assertEquals(first, b.cookies().get(COOKIE), "no renewal before half the idle window");
    clock.advance(Duration.ofMinutes(16));
    Browser.Response r = b.get("/api/me");
    assertNotNull(r.setCookie(COOKIE), "renewed past half the idle window");
    assertNotEquals(first, b.cookies().get(COOKIE));
    assertEquals(sid, json(r).get("sid").asText());
    assertEquals(sid, json(b.at(Apps.base(two)).get("/api/me")).get("sid").asText());
  }

  @Test
  void post_withoutCsrfToken_isRefused_withSessionToken_isAccepted() {
    Browser b = login("alice");
    assertEquals(403, b.post("/api/notes").status);
    JsonNode csrf = json(b.get("/csrf"));
    assertEquals("X-CSRF-TOKEN", csrf.get("header").asText());
    Browser.Response r = b.at(Apps.base(two)).post("/api/notes", "X-CSRF-TOKEN", csrf.get("token").asText());
    assertEquals("alice", json(r).get("saved").asText());
  }

  @Test
  void bearerToken_authenticates_withoutCsrf() {
    Browser cookieUser = login("alice");
    String token = cookieUser.cookies().get(COOKIE);
    Browser api = new Browser(Apps.base(two));
    assertEquals("alice", json(api.post("/api/notes", "Authorization", "Bearer " + token)).get("saved").asText());
  }

  @Test
  void logout_onOneInstance_endsTheSessionOnTheOther() {
    Browser b = login("alice");
    String token = b.cookies().get(COOKIE);
    String csrf = json(b.get("/csrf")).get("token").asText();
    Browser.Response out = b.post("/logout", "X-CSRF-TOKEN", csrf);
    assertEquals(200, out.status, out::toString);
    assertTrue(out.setCookie(COOKIE).contains("Max-Age=0"), out::toString);
    Browser replay = new Browser(Apps.base(two));
    replay.cookies().put(COOKIE, token);
    assertEquals(401, replay.get("/api/me").status);
  }

  @Test
  void logoutEverywhere_endsEverySessionOfTheUser_onBothInstances() {
    Browser laptop = login("bob");
    Browser phone = login("bob");
    Browser other = login("alice");
    String csrf = json(phone.get("/csrf")).get("token").asText();
    assertEquals(403, phone.post("/logout/everywhere").status, "logout everywhere needs the CSRF token");
    assertEquals(200, laptop.get("/api/me").status);
    assertEquals(200, phone.at(Apps.base(two)).post("/logout/everywhere", "X-CSRF-TOKEN", csrf).status);
    assertEquals(401, laptop.get("/api/me").status);
    assertEquals(401, laptop.at(Apps.base(two)).get("/api/me").status);
    assertEquals(200, other.at(Apps.base(two)).get("/api/me").status);
    clock.advance(Duration.ofSeconds(1));
    assertEquals(200, login("bob").at(Apps.base(two)).get("/api/me").status, "a new login is not cut off");
  }

  @Test
  void keyRotationWithTheCli_changesNothingForSignedInUsers() throws Exception {
    Browser before = login("alice");
    String oldKid = activeSigningKid(one);
    SpringFixtures.cli("keys", "rotate", "--keyset", keyset.toString(), "--force");
    String newKid = KeysetFile.at(keyset).load().active(KeyPurpose.SIGNING).orElseThrow().kid();
    assertNotEquals(oldKid, newKid);
    awaitKid(one, newKid);
    awaitKid(two, newKid);
    assertEquals(200, before.get("/api/me").status);
    assertEquals(200, before.at(Apps.base(two)).get("/api/me").status);
    Browser after = login("bob");
    assertEquals(200, after.at(Apps.base(two)).get("/api/me").status);
  }

  private static String activeSigningKid(ConfigurableApplicationContext ctx) {
    return ctx.getBean(KeysetSource.class).current().active(KeyPurpose.SIGNING).orElseThrow().kid();
  }

  private static void awaitKid(ConfigurableApplicationContext ctx, String kid) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!kid.equals(activeSigningKid(ctx))) {
      assertTrue(System.nanoTime() < deadline, "the application did not reload the rotated keyset");
      Thread.sleep(20);
    }
  }

  @Test
  void health_reportsSignetUp_withFreshRevocationsAndKeysetAge() {
    JsonNode health = json(new Browser(Apps.base(one)).get("/actuator/health/signet"));
    assertEquals("UP", health.get("status").asText(), health::toString);
    assertEquals("redis", health.get("details").get("revocations").asText());
    assertTrue(health.get("details").get("revocationsFresh").asBoolean());
    assertTrue(health.get("details").get("keysetAgeSeconds").asLong() >= 0);
    java.util.Set<String> names = new java.util.TreeSet<>();
    health.get("details").fieldNames().forEachRemaining(names::add);
    assertEquals(java.util.Set.of("keysetAgeSeconds", "revocationEntries", "revocations", "revocationsFresh"), names,
        "no key material, no session ids");
  }

  @Test
  void metrics_includeKeysetAgeAndRevocationFreshness() {
    Browser b = login("alice");
    assertEquals(1.0, json(b.get("/actuator/metrics/signet.revocations.fresh")).get("measurements").get(0)
        .get("value").asDouble());
    assertTrue(json(b.get("/actuator/metrics/signet.keyset.age")).get("measurements").get(0)
        .get("value").asDouble() >= 0);
  }
}
