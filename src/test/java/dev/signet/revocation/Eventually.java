package dev.signet.revocation;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition that other threads or processes make true, with a deadline. */
final class Eventually {
  private Eventually() {}

  static void await(String what, Duration max, BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + max.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        fail(what + " did not happen within " + max);
      }
      Thread.sleep(10);
    }
  }
}
