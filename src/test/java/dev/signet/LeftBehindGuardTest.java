package dev.signet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The guard every test class runs under reports what a class leaves behind, and puts JVM-wide settings back. */
class LeftBehindGuardTest {
  @Test
  void nothingChanged_isReportedAsNothing() {
    assertEquals(List.of(), LeftBehindGuard.leftBehind(LeftBehindGuard.snapshot(), 0));
  }

  @Test
  void loggerLevelAndAppender_areReportedAndRestored() {
    Logger logger = (Logger) LoggerFactory.getLogger("dev.signet.LeftBehindGuardTest.probe");
    LeftBehindGuard.Snapshot before = LeftBehindGuard.snapshot();
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    logger.setLevel(Level.TRACE);
    logger.addAppender(appender);

    List<String> left = LeftBehindGuard.leftBehind(before, 50);

    assertEquals(1, left.size(), left::toString);
    assertTrue(left.get(0).startsWith("logger dev.signet.LeftBehindGuardTest.probe"), left::toString);
    assertNull(logger.getLevel());
    assertTrue(logger.isAdditive());
    assertTrue(!logger.iteratorForAppenders().hasNext(), "appender detached");
  }

  @Test
  void systemProperty_isReportedAndRestored() {
    String key = "signet.left-behind-probe";
    LeftBehindGuard.Snapshot before = LeftBehindGuard.snapshot();
    System.setProperty(key, "set by a test");

    List<String> left = LeftBehindGuard.leftBehind(before, 50);

    assertEquals(List.of("system property " + key + ": null -> set by a test"), left);
    assertNull(System.getProperty(key));
  }

  @Test
  void runningSignetThread_isReported() throws InterruptedException {
    LeftBehindGuard.Snapshot before = LeftBehindGuard.snapshot();
    Thread t = new Thread(() -> {
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException stop) {
        // stopped by the test
      }
    }, "signet-left-behind-probe");
    t.setDaemon(true);
    t.start();
    try {
      assertEquals(List.of("threads still running [signet-left-behind-probe]"), LeftBehindGuard.leftBehind(before, 50));
    } finally {
      t.interrupt();
      t.join();
    }
  }
}
