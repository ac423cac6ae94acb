package dev.signet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SessionPolicyTest {
  private static IllegalStateException refused(SessionPolicy policy, Duration idle, Duration absolute) {
    return assertThrows(IllegalStateException.class,
        () -> new Lifecycle(i -> i.idleTimeout(idle).absoluteTimeout(absolute), v -> {}, m -> m.policy(policy)));
  }

  @Test
  void asvsL2_idleTimeoutOver30Minutes_failsAtBuildNamingTheRule() {
    IllegalStateException e = refused(SessionPolicy.ASVS_L2, Duration.ofMinutes(31), Duration.ofHours(12));
    assertTrue(e.getMessage().contains("OWASP ASVS 4.0.3 level 2"), e.getMessage());
    assertTrue(e.getMessage().contains("IDLE_TIMEOUT"), e.getMessage());
    assertTrue(e.getMessage().contains("V3.3.2"), e.getMessage());
  }

  @Test
  void asvsL2_absoluteTimeoutOver12Hours_failsNamingTheRule() {
    IllegalStateException e = refused(SessionPolicy.ASVS_L2, Duration.ofMinutes(30), Duration.ofHours(13));
    assertTrue(e.getMessage().contains("ABSOLUTE_TIMEOUT"), e.getMessage());
  }

  @Test
  void asvsL3_idleTimeoutOver15Minutes_fails() {
    refused(SessionPolicy.ASVS_L3, Duration.ofMinutes(16), Duration.ofHours(12));
  }

  @Test
  void asvsL1_absoluteTimeoutOver30Days_fails() {
    refused(SessionPolicy.ASVS_L1, Duration.ofHours(1), Duration.ofDays(31));
  }

  @Test
  void pciDss_idleTimeoutOver15Minutes_failsCitingRequirement828() {
    IllegalStateException e = refused(SessionPolicy.PCI_DSS, Duration.ofMinutes(20), Duration.ofHours(8));
    assertTrue(e.getMessage().contains("PCI DSS 4.0 requirement 8.2.8"), e.getMessage());
  }

  @Test
  void reauthenticationAgeLongerThanThePolicy_fails() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> new Lifecycle(
        i -> i.idleTimeout(Duration.ofMinutes(15)), v -> {},
        m -> m.policy(SessionPolicy.PCI_DSS).reauthenticationAge(Duration.ofHours(1))));
    assertTrue(e.getMessage().contains("REAUTHENTICATION_AGE"), e.getMessage());
  }

  @Test
  void asvsL3_fifteenMinutesIdleWithAFiveMinuteLeeway_failsBecauseTheEffectiveLimitIsTwentyMinutes() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> new Lifecycle(
        i -> i.idleTimeout(Duration.ofMinutes(15)), v -> v.leeway(TokenVerifier.MAX_LEEWAY),
        m -> m.policy(SessionPolicy.ASVS_L3)));
    assertTrue(e.getMessage().contains("IDLE_TIMEOUT"), e.getMessage());
    assertTrue(e.getMessage().contains("leeway PT5M is PT20M"), e.getMessage());
  }

  @Test
  void asvsL2_twelveHoursAbsoluteWithALeeway_fails() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> new Lifecycle(
        i -> i.idleTimeout(Duration.ofMinutes(20)).absoluteTimeout(Duration.ofHours(12)),
        v -> v.leeway(Duration.ofSeconds(1)), m -> m.policy(SessionPolicy.ASVS_L2)));
    assertTrue(e.getMessage().contains("ABSOLUTE_TIMEOUT"), e.getMessage());
  }

  @Test
  void asvsL3_idlePlusLeewayAtTheLimit_builds() {
    new Lifecycle(i -> i.idleTimeout(Duration.ofMinutes(14)).absoluteTimeout(Duration.ofHours(12).minusMinutes(1)),
        v -> v.leeway(Duration.ofSeconds(60)), m -> m.policy(SessionPolicy.ASVS_L3));
  }

  @Test
  void requireTimeouts_atAGateway_countsThatGatewaysLeeway() {
    SessionPolicy.ASVS_L3.requireTimeouts(Duration.ofMinutes(10), Duration.ofHours(8), Duration.ofMinutes(5),
        TokenVerifier.MAX_LEEWAY);
    assertThrows(IllegalStateException.class, () -> SessionPolicy.ASVS_L3.requireTimeouts(Duration.ofMinutes(11),
        Duration.ofHours(8), Duration.ofMinutes(5), TokenVerifier.MAX_LEEWAY));
  }

  @Test
  void configurationsAtTheLimits_build() {
    new Lifecycle(i -> i.idleTimeout(Duration.ofMinutes(30)).absoluteTimeout(Duration.ofHours(12)), v -> {},
        m -> m.policy(SessionPolicy.ASVS_L2));
    new Lifecycle(i -> i.idleTimeout(Duration.ofMinutes(15)).absoluteTimeout(Duration.ofHours(12)), v -> {},
        m -> m.policy(SessionPolicy.ASVS_L3));
    new Lifecycle(i -> i.idleTimeout(Duration.ofMinutes(15)).absoluteTimeout(Duration.ofHours(12)), v -> {},
        m -> m.policy(SessionPolicy.PCI_DSS));
    new Lifecycle(i -> i.idleTimeout(Duration.ofDays(30)).absoluteTimeout(Duration.ofDays(30)), v -> {},
        m -> m.policy(SessionPolicy.ASVS_L1));
  }

  @Test
  void presets_haveTheDocumentedLimits() {
    assertEquals(Duration.ofMinutes(30), SessionPolicy.ASVS_L2.maxIdleTimeout());
    assertEquals(Duration.ofHours(12), SessionPolicy.ASVS_L2.maxAbsoluteTimeout());
    assertEquals(Duration.ofMinutes(15), SessionPolicy.ASVS_L3.maxIdleTimeout());
    assertEquals(Duration.ofDays(30), SessionPolicy.ASVS_L1.maxAbsoluteTimeout());
    assertEquals(Duration.ofMinutes(15), SessionPolicy.PCI_DSS.maxIdleTimeout());
    for (SessionPolicy p : new SessionPolicy[] {SessionPolicy.ASVS_L1, SessionPolicy.ASVS_L2, SessionPolicy.ASVS_L3,
        SessionPolicy.PCI_DSS}) {
      for (SessionPolicy.Rule r : SessionPolicy.Rule.values()) {
        assertTrue(p.source(r) != null && !p.source(r).isEmpty(), p + " " + r);
      }
    }
  }
}
