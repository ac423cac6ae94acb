package dev.signet.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.Lifecycle;
import dev.signet.NewSession;
import dev.signet.Session;
import dev.signet.keys.KeyEntry;
import dev.signet.keys.KeyPurpose;
import dev.signet.keys.KeyState;
import dev.signet.keys.Keyset;
import dev.signet.keys.SecretAccess;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class CsrfTokensTest {
  private final Lifecycle l = new Lifecycle();
  private final CsrfTokens csrf = CsrfTokens.fromKeyset(l.keys);

  private Session login() {
    return l.sessions.start(NewSession.forSubject("alice")).session();
  }

  @Test
  void synchronizer_tokenOfTheSession_isValid() {
    Session s = login();
    assertTrue(csrf.isValid(s, csrf.tokenFor(s)));
  }

  @Test
  void synchronizer_tokenOfAnotherSession_isInvalid() {
    Session a = login();
    Session b = login();
    assertFalse(csrf.isValid(a, csrf.tokenFor(b)));
  }

  @Test
  void synchronizer_alteredMissingOrGarbage_isInvalid() {
    Session s = login();
    String t = csrf.tokenFor(s);
    char last = t.charAt(t.length() - 1);
    assertFalse(csrf.isValid(s, t.substring(0, t.length() - 1) + (last == 'A' ? 'Q' : 'A')));
    assertFalse(csrf.isValid(s, null));
    assertFalse(csrf.isValid(s, ""));
    assertFalse(csrf.isValid(s, t + "A"));
    assertFalse(csrf.isValid(s, "!".repeat(43)));
  }

  @Test
  void token_isStableAcrossRenewal_andChangesWithANewSession() throws Exception {
    Session s = login();
    l.clock.advance(Duration.ofMinutes(20));
    Session renewed = l.sessions.renewIfDue(s).orElseThrow().session();
    assertEquals(csrf.tokenFor(s), csrf.tokenFor(renewed));
    Session elevated = l.sessions.elevate(renewed, d -> d.withRoles("admin")).session();
    assertFalse(csrf.isValid(elevated, csrf.tokenFor(s)));
  }

  @Test
  void token_fromAnotherKeyset_isInvalid() {
    Session s = login();
    CsrfTokens other = CsrfTokens.fromKeyset(Keyset.generate());
    assertFalse(csrf.isValid(s, other.tokenFor(s)));
  }

  @Test
  void token_madeBeforeAKeyRotation_isStillValid() {
    Session s = login();
    String before = csrf.tokenFor(s);
    List<KeyEntry> rotated = new ArrayList<>();
    for (KeyEntry e : l.keys.entries()) {
      if (e.purpose() == KeyPurpose.ENCRYPTION && e.state() == KeyState.ACTIVE) {
        rotated.add(e.withState(KeyState.RETIRED, l.clock.instant()));
      } else if (e.purpose() == KeyPurpose.ENCRYPTION && e.state() == KeyState.NEXT) {
        rotated.add(e.withState(KeyState.ACTIVE, l.clock.instant()));
      } else {
        rotated.add(e);
      }
    }
    CsrfTokens after = CsrfTokens.fromKeyset(Keyset.of(rotated));
    assertNotEquals(before, after.tokenFor(s), "the active key mints");
    assertTrue(after.isValid(s, before));
  }

  @Test
  void doubleSubmit_cookieEqualsHeaderAndIsTheSessionsToken_isValid() {
    Session s = login();
    String cookieHeader = "theme=dark; " + csrf.setCookie(s).split(";")[0];
    String fromCookie = csrf.readCookie(cookieHeader).orElseThrow();
    assertTrue(csrf.isValidDoubleSubmit(s, fromCookie, fromCookie));
  }

  @Test
  void doubleSubmit_headerDiffersFromCookie_orPlantedPair_isInvalid() {
    Session s = login();
    Session attacker = login();
    String t = csrf.tokenFor(s);
    assertFalse(csrf.isValidDoubleSubmit(s, t, csrf.tokenFor(attacker)));
    assertFalse(csrf.isValidDoubleSubmit(s, "planted", "planted"));
    String a = csrf.tokenFor(attacker);
    assertFalse(csrf.isValidDoubleSubmit(s, a, a), "a pair the attacker knows is bound to another sid");
    assertFalse(csrf.isValidDoubleSubmit(s, null, t));
  }

  @Test
  void setCookie_isHostPrefixedSecureStrictAndReadableByScript() {
    Session s = login();
    assertEquals("__Host-signet-csrf=" + csrf.tokenFor(s) + "; Path=/; Secure; SameSite=Strict", csrf.setCookie(s));
    assertEquals(Optional.empty(), csrf.readCookie("__Host-signet-csrf=a; __Host-signet-csrf=b"));
  }

  @Test
  void clearingCookie_deletesTheDoubleSubmitCookieWithTheSameNameAndAttributes() {
    String set = csrf.setCookie(login());
    String clear = csrf.clearingCookie();
    assertEquals("__Host-signet-csrf=; Max-Age=0; Path=/; Secure; SameSite=Strict", clear);
    assertEquals(set.substring(set.indexOf("; Path=")), clear.substring(clear.indexOf("; Path=")));
  }

  @Test
  void verifierKeysetHolder_computesTheSameCsrfTokensAsTheLoginService() {
    // SECURITY.md: whoever holds a verifier keyset (a gateway's keys) can compute the CSRF token
    // of any sid it learns, because the CSRF key is derived from the encryption key.
    Session s = login();
    CsrfTokens gateway = CsrfTokens.fromKeyset(l.keys.verifierOnly());
    assertEquals(csrf.tokenFor(s), gateway.tokenFor(s));
    assertTrue(csrf.isValid(s, gateway.tokenFor(s)));
  }

  @Test
  void token_isHmacSha256UnderTheKeyDerivedFromTheEncryptionKey() throws Exception {
    Session s = login();
    byte[] enc = l.keys.active(KeyPurpose.ENCRYPTION).orElseThrow().secretBytes(SecretAccess.insecure());
    Mac derive = Mac.getInstance("HmacSHA256");
    derive.init(new SecretKeySpec(enc, "HmacSHA256"));
    byte[] k = derive.doFinal("signet csrf key v1".getBytes(StandardCharsets.US_ASCII));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(k, "HmacSHA256"));
    String expected = Base64.getUrlEncoder().withoutPadding()
        .encodeToString(mac.doFinal(("signet-csrf/1\n" + s.sessionId()).getBytes(StandardCharsets.UTF_8)));
    assertEquals(expected, csrf.tokenFor(s));
  }
}
