package dev.signet.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.IssuedToken;
import dev.signet.Lifecycle;
import dev.signet.NewSession;
import dev.signet.SessionPolicy;
import dev.signet.TokenIssuer;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SessionCookieTest {
  private final Lifecycle l = new Lifecycle();

  private SessionCookie.Builder cookie() {
    return SessionCookie.builder().clock(l.clock);
  }

  @Test
  void setCookie_defaults_hostPrefixSecureHttpOnlyLaxPathRootMaxAgeFromExp() {
    IssuedToken t = l.sessions.start(NewSession.forSubject("alice")).token();
    l.clock.advance(Duration.ofSeconds(100));
    assertEquals("__Host-signet=" + t.token() + "; Max-Age=1700; Path=/; Secure; HttpOnly; SameSite=Lax",
        cookie().build().setCookie(t));
  }

  @Test
  void setCookie_strict() {
    IssuedToken t = l.sessions.start(NewSession.forSubject("alice")).token();
    assertEquals("__Host-signet=" + t.token() + "; Max-Age=1800; Path=/; Secure; HttpOnly; SameSite=Strict",
        cookie().sameSite(SameSite.STRICT).build().setCookie(t));
  }

  @Test
  void setCookie_sameSiteNone_keepsSecure() {
    IssuedToken t = l.sessions.start(NewSession.forSubject("alice")).token();
    assertEquals("__Host-signet=" + t.token() + "; Max-Age=1800; Path=/; Secure; HttpOnly; SameSite=None",
        cookie().sameSite(SameSite.NONE).build().setCookie(t));
  }

  @Test
  void sameSiteNone_withoutSecure_isRefused() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> cookie().name("sid").sameSite(SameSite.NONE).insecureForLocalDevelopment().build());
    assertTrue(e.getMessage().contains("SameSite=None requires Secure"), e.getMessage());
  }

  @Test
  void hostPrefix_withoutSecure_isRefused() {
    assertThrows(IllegalStateException.class,
        () -> cookie().name(SessionCookie.DEFAULT_NAME).insecureForLocalDevelopment().build());
  }

  @Test
  void insecureForLocalDevelopment_dropsOnlySecure() {
    assertEquals("dev-session=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax",
        cookie().name("dev-session").insecureForLocalDevelopment().build().clearing());
  }

  @Test
  void clearing_hasEmptyValueMaxAgeZeroAndTheSameAttributes() {
    assertEquals("__Host-signet=; Max-Age=0; Path=/; Secure; HttpOnly; SameSite=Lax", cookie().build().clearing());
  }

  @Test
  void setCookie_pastExpiry_hasMaxAgeZero() {
    IssuedToken t = l.sessions.start(NewSession.forSubject("alice")).token();
    l.clock.advance(Duration.ofHours(1));
    assertTrue(cookie().build().setCookie(t).contains("; Max-Age=0;"));
  }

  @Test
  void setCookie_overSizeToken_isRefusedWithAClearError() {
    Lifecycle big = new Lifecycle(i -> i.maxTokenSize(65536), v -> v.maxTokenSize(65536), m -> {});
    IssuedToken t = big.sessions.start(NewSession.forSubject("alice").withAttributes(Map.of("blob", "x".repeat(4000))))
        .token();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cookie().build().setCookie(t));
    assertTrue(e.getMessage().contains("over the 4096-byte limit"), e.getMessage());
  }

  @Test
  void setCookie_exactly4096BytesWithNameAndAttributes_isAccepted_4097IsRefused() {
    SessionCookie c = cookie().build();
    String tail = "; Max-Age=0; Path=/; Secure; HttpOnly; SameSite=Lax";
    String fits = "a".repeat(4096 - "__Host-signet=".length() - tail.length());
    String header = c.setCookie(fits, l.clock.instant());
    assertEquals("__Host-signet=" + fits + tail, header);
    assertEquals(4096, header.length());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> c.setCookie(fits + "a", l.clock.instant()));
    assertTrue(e.getMessage().contains("name, value and attributes"), e.getMessage());
  }

  @Test
  void maxTokenLength_ofTheDefaultCookie_isTheIssuersDefaultLimit_andFitsWithTheLongestAttributes() {
    SessionCookie strict = cookie().sameSite(SameSite.STRICT).build();
    assertEquals(4024, cookie().build().maxTokenLength());
    assertEquals(TokenIssuer.DEFAULT_MAX_TOKEN_SIZE, strict.maxTokenLength());
    assertEquals(4024, cookie().sameSite(SameSite.NONE).build().maxTokenLength() + 1);
    String longest = strict.setCookie("a".repeat(strict.maxTokenLength()), l.clock.instant().plus(Duration.ofDays(366)));
    assertTrue(longest.contains("; Max-Age=31622400;"), longest);
    assertEquals(4096, longest.length());
  }

  @Test
  void maxTokenLength_shrinksWithALongerName() {
    assertEquals(4024 - ("__Host-my-application-session".length() - "__Host-signet".length()),
        cookie().name("__Host-my-application-session").build().maxTokenLength());
  }

  @Test
  void setCookie_valueWithSeparator_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> cookie().build().setCookie("a;b", l.clock.instant()));
  }

  @Test
  void read_findsTheCookieAmongOthers() {
    SessionCookie c = cookie().build();
    assertEquals(Optional.of("abc.def"), c.read("theme=dark; __Host-signet=abc.def; lang=en"));
    assertEquals(Optional.of("abc"), c.read("__Host-signet=\"abc\""));
    assertEquals(Optional.of("abc"), c.read("__Host-signet=abc"));
  }

  @Test
  void read_absentEmptyDuplicatedOrOverSize_isEmpty() {
    SessionCookie c = cookie().build();
    assertEquals(Optional.empty(), c.read(null));
    assertEquals(Optional.empty(), c.read("theme=dark"));
    assertEquals(Optional.empty(), c.read("__Host-signet="));
    assertEquals(Optional.empty(), c.read("__host-signet=abc"), "names compare exactly");
    assertEquals(Optional.empty(), c.read("__Host-signet=abc; __Host-signet=planted"));
    assertEquals(Optional.empty(), c.read("__Host-signet=" + "a".repeat(4096)));
  }

  @Test
  void policy_cookieWithoutHostPrefix_failsNamingTheRule() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> cookie().name("session").policy(SessionPolicy.ASVS_L2).build());
    assertTrue(e.getMessage().contains("COOKIE_HOST_PREFIX"), e.getMessage());
    assertTrue(e.getMessage().contains("V3.4.4"), e.getMessage());
  }

  @Test
  void policy_sameSiteNone_failsNamingTheRule() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> cookie().sameSite(SameSite.NONE).policy(SessionPolicy.ASVS_L1).build());
    assertTrue(e.getMessage().contains("COOKIE_SAME_SITE"), e.getMessage());
  }

  @Test
  void policy_insecureCookie_failsNamingTheRule() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> cookie().name("dev").insecureForLocalDevelopment().policy(SessionPolicy.PCI_DSS).build());
    assertTrue(e.getMessage().contains("COOKIE_SECURE"), e.getMessage());
  }

  @Test
  void policy_defaultsSatisfyEveryPreset() {
    for (SessionPolicy p : new SessionPolicy[] {SessionPolicy.ASVS_L1, SessionPolicy.ASVS_L2, SessionPolicy.ASVS_L3,
        SessionPolicy.PCI_DSS}) {
      cookie().policy(p).build();
      cookie().sameSite(SameSite.STRICT).policy(p).build();
    }
  }

  @Test
  void builder_invalidName_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> cookie().name("a b"));
    assertThrows(IllegalArgumentException.class, () -> cookie().name("a=b"));
    assertThrows(IllegalArgumentException.class, () -> cookie().name(""));
  }
}
