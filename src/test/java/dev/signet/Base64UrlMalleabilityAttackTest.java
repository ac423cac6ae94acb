package dev.signet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.revocation.InMemoryRevocationList;
import dev.signet.revocation.Revocation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Attack class 15: base64url malleability. Signet decodes every segment with its own strict,
 * canonical decoder, so each token has exactly one accepted spelling: padding, whitespace,
 * foreign characters and non-zero unused bits in the last character are all MALFORMED.
 */
@Tag("attack")
@Tag("attack-15")
class Base64UrlMalleabilityAttackTest {
  private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  private final Forge forge = Forge.forge();

  /** Every non-canonical spelling of one segment that still decodes under a lenient decoder. */
  private static List<String> twins(String segment) {
    List<String> out = new ArrayList<>();
    out.add(segment + "=");
    out.add(segment + "==");
    int mid = segment.length() / 2;
    for (String c : new String[] {" ", "\n", "\r\n", "\t", "?", "#", "+", "/", "=", "%3D", "\u00a0"}) {
      out.add(segment.substring(0, mid) + c + segment.substring(mid));
    }
    int rem = segment.length() % 4;
    if (rem != 0) {
      int unused = rem == 2 ? 0x0F : 0x03;
      char last = segment.charAt(segment.length() - 1);
      int v = ALPHABET.indexOf(last);
      for (int bits = 1; bits <= unused; bits++) {
        out.add(segment.substring(0, segment.length() - 1) + ALPHABET.charAt(v | bits));
      }
    }
    return out;
  }

  @ParameterizedTest
  @EnumSource(TokenProfile.class)
  void everyNonCanonicalSpellingOfEverySegment_isMalformed(TokenProfile profile) {
    String token = forge.valid(profile);
    TokenVerifier verifier = Forge.verifier(profile);
    assertTrue(verifier.verify(token).isAccepted());
    String[] s = Forge.segments(token);
    int checked = 0;
    for (int i = 0; i < s.length; i++) {
      for (String twin : twins(s[i])) {
        String[] t = s.clone();
        t[i] = twin;
        assertEquals(Rejection.MALFORMED, Forge.rejection(verifier.verify(Forge.join(t))), "segment " + i + ": " + twin);
        checked++;
      }
    }
    assertTrue(checked > 13 * s.length);
  }

  @Test
  void nonCanonicalInnerSignatureInsideAValidJwe_isMalformed() {
    String[] inner = Forge.segments(forge.jws(forge.jwsHeader().toString(), Forge.utf8(Forge.claims().toString())));
    TokenVerifier verifier = Forge.verifier(TokenProfile.SIGNED_AND_SEALED);
    for (String twin : twins(inner[2])) {
      if (twin.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
        String token = forge.sealed(Forge.join(inner[0], inner[1], twin));
        assertEquals(Rejection.MALFORMED, Forge.rejection(verifier.verify(token)), twin);
      }
    }
  }

  @Test
  void revokedTokensNonCanonicalTwin_isNeverAccepted() {
    InMemoryRevocationList revoked = new InMemoryRevocationList(Forge.CLOCK);
    TokenVerifier verifier = Forge.verifierBuilder(TokenProfile.SIGNED).revocations(revoked).build();
    String token = forge.valid(TokenProfile.SIGNED);
    Session s = verifier.verify(token).session().orElseThrow();
    revoked.revoke(Revocation.of(s, java.time.Duration.ofSeconds(60)));
    assertEquals(Rejection.REVOKED, Forge.rejection(verifier.verify(token)));

    String[] seg = Forge.segments(token);
    for (String twin : twins(seg[2])) {
      Verification v = verifier.verify(Forge.join(seg[0], seg[1], twin));
      assertFalse(v.isAccepted(), twin);
    }
  }

  @ParameterizedTest
  @EnumSource(TokenProfile.class)
  void cachingVerifier_nonCanonicalTwinOfACachedToken_isMalformed(TokenProfile profile) {
    TokenVerifier verifier = Forge.verifierBuilder(profile).cacheVerifiedTokens(64, java.time.Duration.ofMinutes(1)).build();
    String token = forge.valid(profile);
    assertTrue(verifier.verify(token).isAccepted());
    assertTrue(verifier.verify(token).isAccepted(), "served from the cache");
    String[] s = Forge.segments(token);
    int last = s.length - 1;
    for (int i = 0; i < s.length; i++) {
      for (String twin : twins(s[i])) {
        String[] t = s.clone();
        t[i] = twin;
        assertEquals(Rejection.MALFORMED, Forge.rejection(verifier.verify(Forge.join(t))), "segment " + i + ": " + twin);
      }
    }
    // Same last characters (the cache's hash), different prefix.
    String[] t = s.clone();
    t[last - 1] = twins(s[last - 1]).get(0);
    assertFalse(verifier.verify(Forge.join(t)).isAccepted());
  }
}
