package dev.signet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Builder limits of the verifier: leeway cap, size limit, injected clock. */
class TokenVerifierBuilderTest {
  @Test
  void leeway_atTheCap_isAccepted() {
    TokenVerifier v = Forge.verifierBuilder(TokenProfile.SIGNED).leeway(TokenVerifier.MAX_LEEWAY).build();
    assertEquals(TokenProfile.SIGNED, v.profile());
  }

  @Test
  void leeway_aboveTheCap_isRefusedAtBuildTime() {
    TokenVerifier.Builder b = Forge.verifierBuilder(TokenProfile.SIGNED);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> b.leeway(TokenVerifier.MAX_LEEWAY.plusMillis(1)));
    assertTrue(e.getMessage().contains("leeway"), e.getMessage());
  }

  @Test
  void leeway_negative_isRefusedAtBuildTime() {
    TokenVerifier.Builder b = Forge.verifierBuilder(TokenProfile.SIGNED);
    assertThrows(IllegalArgumentException.class, () -> b.leeway(Duration.ofSeconds(-1)));
  }

  @Test
  void maxTokenSize_outsideItsRange_isRefusedAtBuildTime() {
    TokenVerifier.Builder b = Forge.verifierBuilder(TokenProfile.SIGNED);
    assertThrows(IllegalArgumentException.class, () -> b.maxTokenSize(255));
    assertThrows(IllegalArgumentException.class, () -> b.maxTokenSize(65537));
  }

  @Test
  void maxTokenSize_smallerThanTheToken_rejectsItAsTooLarge() {
    String token = Forge.forge().valid(TokenProfile.SIGNED);
    TokenVerifier v = Forge.verifierBuilder(TokenProfile.SIGNED).maxTokenSize(token.length() - 1).build();
    assertEquals(Rejection.TOO_LARGE, Forge.rejection(v.verify(token)));
  }

  @Test
  void maxTokenSize_equalToTheToken_acceptsIt() {
    String token = Forge.forge().valid(TokenProfile.SIGNED);
    TokenVerifier v = Forge.verifierBuilder(TokenProfile.SIGNED).maxTokenSize(token.length()).build();
    assertTrue(v.verify(token).isAccepted());
  }

  @Test
  void clock_injected_decidesExpiry() {
    String token = Forge.forge().valid(TokenProfile.SIGNED_AND_SEALED);
    // Claims expire at NOW + 29 min; with 60 s leeway the token dies at NOW + 30 min.
    Clock justBefore = Clock.fixed(Forge.NOW.plusSeconds(30 * 60 - 1), ZoneOffset.UTC);
    Clock atTheEdge = Clock.fixed(Forge.NOW.plusSeconds(30 * 60), ZoneOffset.UTC);

    assertTrue(Forge.verifierBuilder(TokenProfile.SIGNED_AND_SEALED).clock(justBefore).build().verify(token).isAccepted());
    assertEquals(Rejection.EXPIRED, Forge.rejection(
        Forge.verifierBuilder(TokenProfile.SIGNED_AND_SEALED).clock(atTheEdge).build().verify(token)));
  }

  @Test
  void leeway_zero_makesExpiryExact() {
    String token = Forge.forge().valid(TokenProfile.SIGNED_AND_SEALED);
    Clock atExp = Clock.fixed(Forge.NOW.plusSeconds(29 * 60), ZoneOffset.UTC);
    TokenVerifier v = Forge.verifierBuilder(TokenProfile.SIGNED_AND_SEALED).clock(atExp).leeway(Duration.ZERO).build();
    assertEquals(Rejection.EXPIRED, Forge.rejection(v.verify(token)));
  }

  @Test
  void build_withoutIssuerOrAudience_isRefused() {
    assertThrows(IllegalStateException.class, () -> TokenVerifier.builder(Forge.KEYS).audience("a").build());
    assertThrows(IllegalStateException.class, () -> TokenVerifier.builder(Forge.KEYS).issuer("i").build());
  }
}
