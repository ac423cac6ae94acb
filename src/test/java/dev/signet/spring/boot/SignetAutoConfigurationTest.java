package dev.signet.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.SessionManager;
import dev.signet.TokenIssuer;
import dev.signet.TokenVerifier;
import dev.signet.http.SessionCookie;
import dev.signet.revocation.InMemoryRevocationList;
import dev.signet.revocation.RevocationStore;
import dev.signet.spring.Apps;
import dev.signet.spring.SpringFixtures;
import dev.signet.spring.security.SignetSessions;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The beans {@link SignetAutoConfiguration} makes from {@code signet.*}, in plain (non-web) applications. */
class SignetAutoConfigurationTest {
  @TempDir Path dir;

  @Configuration(proxyBeanMethods = false)
  @ImportAutoConfiguration(SignetAutoConfiguration.class)
  static class Plain {}

  @Configuration(proxyBeanMethods = false)
  @ImportAutoConfiguration(SignetAutoConfiguration.class)
  static class OwnStore {
    static final InMemoryRevocationList STORE = new InMemoryRevocationList();

    @Bean
    RevocationStore myStore() {
      return STORE;
    }
  }

  private static ConfigurableApplicationContext run(Class<?> config, String... args) {
    List<String> all = new ArrayList<>(List.of("--spring.main.banner-mode=off", "--logging.level.root=WARN",
        "--signet.audience=app"));
    if (List.of(args).stream().noneMatch(a -> a.startsWith("--signet.issuer="))) {
      all.add("--signet.issuer=https://login.test");
    }
    all.addAll(List.of(args));
    return Apps.run(new SpringApplicationBuilder(config).web(WebApplicationType.NONE), all.toArray(new String[0]));
  }

  @Test
  void fullKeyset_givesVerifierIssuerSessionManagerAndCookie() throws Exception {
    Path keyset = SpringFixtures.newKeyset(dir);
    try (ConfigurableApplicationContext ctx = run(Plain.class, "--signet.keyset=" + keyset)) {
      assertNotNull(ctx.getBean(TokenVerifier.class));
      assertNotNull(ctx.getBean(TokenIssuer.class));
      assertTrue(ctx.getBean(SignetSessions.class).canStart());
      assertNotNull(ctx.getBean(SessionManager.class));
      assertEquals(SessionCookie.DEFAULT_NAME, ctx.getBean(SessionCookie.class).name());
      assertTrue(ctx.getBean(RevocationStore.class) instanceof InMemoryRevocationList);
    }
  }

  @Test
  void verifierKeyset_givesVerifierAndNoIssuer() throws Exception {
    Path full = SpringFixtures.newKeyset(dir);
    Path verifier = dir.resolve("verifier.json");
    SpringFixtures.cli("keys", "export", "--keyset", full.toString(), "--verifier", verifier.toString());
    try (ConfigurableApplicationContext ctx = run(Plain.class, "--signet.keyset=" + verifier)) {
      assertNotNull(ctx.getBean(TokenVerifier.class));
      assertNull(ctx.getBeanProvider(TokenIssuer.class).getIfAvailable());
      assertNull(ctx.getBeanProvider(SessionManager.class).getIfAvailable());
      assertFalse(ctx.getBean(SignetSessions.class).canStart());
    }
  }

  @Test
  void insecureCookie_onLoopbackIssuer_isTheLocalDevelopmentCookie() throws Exception {
    Path keyset = SpringFixtures.newKeyset(dir);
    try (ConfigurableApplicationContext ctx = run(Plain.class, "--signet.keyset=" + keyset,
        "--signet.issuer=http://localhost:8080", "--signet.cookie.secure=false")) {
      SessionCookie cookie = ctx.getBean(SessionCookie.class);
      assertEquals(SessionCookie.LOCAL_DEVELOPMENT_NAME, cookie.name());
      assertFalse(cookie.isSecure());
    }
  }

  @Test
  void insecureCookie_withIssuerNotOnLoopback_failsStartUp() throws Exception {
    Path keyset = SpringFixtures.newKeyset(dir);
    Exception e = assertThrows(Exception.class, () -> run(Plain.class, "--signet.keyset=" + keyset,
        "--signet.cookie.secure=false"));
    assertTrue(rootMessage(e).contains("is not an http(s) URL on localhost or a loopback address"), rootMessage(e));
  }

  @Test
  void absoluteTimeout_longerThanTheKeysetsMaxSession_failsStartUp() throws Exception {
    Path keyset = SpringFixtures.newKeyset(dir);
    Exception e = assertThrows(Exception.class, () -> run(Plain.class, "--signet.keyset=" + keyset,
        "--signet.absolute-timeout=24h"));
    assertTrue(rootMessage(e).contains("is longer than the keyset's max session"), rootMessage(e));
  }

  @Test
  void noKeysetProperty_makesNoBeans() {
    try (ConfigurableApplicationContext ctx = run(Plain.class)) {
      assertNull(ctx.getBeanProvider(TokenVerifier.class).getIfAvailable());
    }
  }

  @Test
  void applicationStore_replacesTheAutoConfiguredOne_andIsTheOneLogoutWritesTo() throws Exception {
    Path keyset = SpringFixtures.newKeyset(dir);
    try (ConfigurableApplicationContext ctx = run(OwnStore.class, "--signet.keyset=" + keyset)) {
      assertSame(OwnStore.STORE, ctx.getBean(RevocationStore.class));
      assertEquals(1, ctx.getBeansOfType(RevocationStore.class).size());
      assertNotNull(ctx.getBean(SessionManager.class));
    }
  }

  @Test
  void policy_withLooserIdleTimeout_failsStartUpNamingTheRule() throws Exception {
    Path keyset = SpringFixtures.newKeyset(dir);
    Exception e = assertThrows(Exception.class, () -> run(Plain.class, "--signet.keyset=" + keyset,
        "--signet.policy=asvs-l2", "--signet.idle-timeout=2h"));
    assertTrue(rootMessage(e).contains("IDLE_TIMEOUT"), rootMessage(e));
  }

  @Test
  void revocationUrlWithCredentials_failsStartUpWithoutEchoingThem() throws Exception {
    Path keyset = SpringFixtures.newKeyset(dir);
    Exception e = assertThrows(Exception.class, () -> run(Plain.class, "--signet.keyset=" + keyset,
        "--signet.revocations=redis://user:hunter2@127.0.0.1:6379"));
    assertTrue(rootMessage(e).startsWith("signet.revocations is malformed"), rootMessage(e));
    assertFalse(allMessages(e).contains("hunter2"), allMessages(e));
  }

  @Test
  void redisPasswordEnv_isRead_anUnsetVariableFailsStartUpNamingIt() throws Exception {
    Path keyset = SpringFixtures.newKeyset(dir);
    String variable = "SIGNET_TEST_UNSET_" + UUID.randomUUID().toString().replace('-', '_').toUpperCase(Locale.ROOT);
    Exception e = assertThrows(Exception.class, () -> run(Plain.class, "--signet.keyset=" + keyset,
        "--signet.revocations=redis://127.0.0.1:6379", "--signet.redis.password-env=" + variable));
    assertTrue(rootMessage(e).contains("the Redis password variable " + variable + " is not set"), rootMessage(e));
  }

  @Test
  void redisCaFile_withoutTls_failsStartUp() throws Exception {
    Path keyset = SpringFixtures.newKeyset(dir);
    Exception e = assertThrows(Exception.class, () -> run(Plain.class, "--signet.keyset=" + keyset,
        "--signet.revocations=redis://127.0.0.1:6379", "--signet.redis.ca-file=" + dir.resolve("ca.pem")));
    assertTrue(rootMessage(e).contains("need TLS"), rootMessage(e));
  }

  @Test
  void redisPassword_withStoreThatIsNotRedis_isRefusedRatherThanIgnored() throws Exception {
    Path keyset = SpringFixtures.newKeyset(dir);
    Exception e = assertThrows(Exception.class, () -> run(Plain.class, "--signet.keyset=" + keyset,
        "--signet.redis.password-env=REDIS_PASSWORD"));
    assertTrue(rootMessage(e).startsWith("signet.redis.password-env is set"), rootMessage(e));
  }

  @Test
  void configurationMetadata_documentsEveryProperty() throws Exception {
    Set<String> bound = new TreeSet<>();
    collect("signet", SignetProperties.class, bound);
    Set<String> documented = new TreeSet<>();
    try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      for (JsonNode p : new ObjectMapper().readTree(in).get("properties")) {
        documented.add(p.get("name").asText());
        assertFalse(p.get("description").asText().isBlank(), p.toString());
      }
    }
    assertEquals(bound, documented);
  }

  private static void collect(String prefix, Class<?> type, Set<String> out) {
    for (Method m : type.getDeclaredMethods()) {
      String n = m.getName();
      if (m.getParameterCount() != 0 || !(n.startsWith("get") || n.startsWith("is"))) {
        continue;
      }
      String prop = prefix + "." + kebab(n.substring(n.startsWith("get") ? 3 : 2));
      if (m.getReturnType().getName().startsWith(SignetProperties.class.getName() + "$")) {
        collect(prop, m.getReturnType(), out);
      } else {
        out.add(prop);
      }
    }
  }

  private static String kebab(String camel) {
    StringBuilder sb = new StringBuilder();
    for (char c : camel.toCharArray()) {
      if (Character.isUpperCase(c) && sb.length() > 0) {
        sb.append('-');
      }
      sb.append(Character.toLowerCase(c));
    }
    return sb.toString();
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage();
  }

  private static String allMessages(Throwable e) {
    StringBuilder sb = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      sb.append(t).append('\n');
    }
    return sb.toString();
  }
}
