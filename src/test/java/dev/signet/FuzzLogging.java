package dev.signet;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/**
 * In fuzzing mode ({@code JAZZER_FUZZ} set) the root logger is lowered to WARN, so the millions
 * of deliberate rejections build no INFO or DEBUG events at all; the console already shows WARN
 * and above only (logback-test.xml). Regression mode keeps the shared test configuration.
 */
public final class FuzzLogging {
  private FuzzLogging() {}

  /** Sets the root logger to WARN when fuzzing; does nothing otherwise. */
  public static void warnOnlyWhileFuzzing() {
    String fuzz = System.getenv("JAZZER_FUZZ");
    if (fuzz != null && !fuzz.isEmpty()
        && LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
      root.setLevel(Level.WARN);
    }
  }
}
