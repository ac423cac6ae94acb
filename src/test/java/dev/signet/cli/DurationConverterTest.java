package dev.signet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationConverterTest {
  @Test
  void numberAndUnit_areRead() {
    assertEquals(Duration.ofSeconds(30), DurationConverter.parse("30s"));
    assertEquals(Duration.ofMinutes(15), DurationConverter.parse("15m"));
    assertEquals(Duration.ofHours(12), DurationConverter.parse("12h"));
    assertEquals(Duration.ofDays(7), DurationConverter.parse("7d"));
    assertEquals(Duration.ofMinutes(15), DurationConverter.parse("PT15M"));
  }

  @Test
  void unknownUnitNegativeOrEmpty_areRefused() {
    assertNull(DurationConverter.parse("15x"));
    assertNull(DurationConverter.parse("-5m"));
    assertNull(DurationConverter.parse("PT-5M"));
    assertNull(DurationConverter.parse(""));
    assertNull(DurationConverter.parse("15"));
  }
}
