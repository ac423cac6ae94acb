package dev.signet;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RenewalScheduleTest {
  private static final Instant T0 = Lifecycle.T0;
  private static final RenewalSchedule HALF = new RenewalSchedule(Duration.ofMinutes(30), 0.5);

  private static Session fresh() {
    return new Lifecycle().sessions.start(NewSession.forSubject("alice")).session();
  }

  @Test
  void isDue_oneMillisecondBeforeTheFraction_isFalse() {
    assertFalse(HALF.isDue(fresh(), T0.plus(Duration.ofMinutes(15)).minusMillis(1)));
  }

  @Test
  void isDue_atTheFraction_isTrue() {
    assertTrue(HALF.isDue(fresh(), T0.plus(Duration.ofMinutes(15))));
  }

  @Test
  void isDue_atTheHardExpiry_isFalse() {
    Session s = fresh();
    assertFalse(HALF.isDue(s, s.hardExpiresAt()));
  }

  @Test
  void isDue_tokenWhoseExpiryIsTheHardExpiry_isFalse() {
    Lifecycle l = new Lifecycle(b -> b.idleTimeout(Duration.ofHours(1)).absoluteTimeout(Duration.ofHours(1)), v -> {},
        m -> {});
    Session s = l.sessions.start(NewSession.forSubject("alice")).session();
    assertFalse(new RenewalSchedule(Duration.ofHours(1), 0.5).isDue(s, T0.plus(Duration.ofMinutes(45))));
  }
}
