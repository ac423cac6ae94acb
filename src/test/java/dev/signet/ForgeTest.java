package dev.signet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The hand-built tokens every attack test starts from are accepted, so each attack test's
 * rejection is caused by the one thing it changes.
 */
class ForgeTest {
  @ParameterizedTest
  @EnumSource(TokenProfile.class)
  void validForgedToken_isAccepted(TokenProfile profile) {
    Verification v = Forge.verifier(profile).verify(Forge.forge().valid(profile));

    assertTrue(v.isAccepted(), v::toString);
    assertEquals("alice", v.session().orElseThrow().subject());
  }
}
