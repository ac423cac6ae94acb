package dev.signet.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RejectionLogTest {
  @Test
  void refusals_giveOneInfoLinePerReasonPerInterval_withTheCount() {
    Logger logger = (Logger) LoggerFactory.getLogger("dev.signet.test.RejectionLogTest");
    Level level = logger.getLevel();
    boolean additive = logger.isAdditive();
    logger.setLevel(Level.INFO);
    logger.setAdditive(false);
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    logger.addAppender(lines);
    try {
      RejectionLog log = new RejectionLog(logger, Duration.ofHours(1));
      for (int i = 0; i < 5; i++) {
        log.refused("UNKNOWN_KEY", 401);
      }
      log.refused("REVOCATION_UNAVAILABLE", 503);
      assertEquals(2, lines.list.size(), () -> lines.list.toString());
      ILoggingEvent first = lines.list.get(0);
      assertEquals(Level.INFO, first.getLevel());
      assertTrue(first.getFormattedMessage().contains("1 request(s) answered 401 as UNKNOWN_KEY"), first::getFormattedMessage);
      assertTrue(lines.list.get(1).getFormattedMessage().contains("answered 503 as REVOCATION_UNAVAILABLE"));
    } finally {
      logger.detachAppender(lines);
      logger.setLevel(level);
      logger.setAdditive(additive);
    }
  }
}
