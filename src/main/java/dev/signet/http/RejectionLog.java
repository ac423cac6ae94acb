package dev.signet.http;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;

/**
 * One INFO line per rejection reason at most every interval, with the count since the last
 * line: operators see why requests are refused (say, every new token {@code UNKNOWN_KEY} because
 * keys were not propagated) without a line per request. A line names the reason and a count,
 * never a token, subject or session.
 */
final class RejectionLog {
  private final Logger log;
  private final long intervalNanos;
  private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();

  private static final class Slot {
    final LongAdder count = new LongAdder();
    final AtomicLong nextLine;

    Slot(long now) {
      nextLine = new AtomicLong(now);
    }
  }

  RejectionLog(Logger log, java.time.Duration interval) {
    this.log = log;
    this.intervalNanos = interval.toNanos();
  }

  /** Counts one refused request for {@code reason}; logs when the reason's interval has passed. */
  void refused(String reason, int status) {
    long now = System.nanoTime();
    Slot slot = slots.computeIfAbsent(reason, r -> new Slot(now));
    slot.count.increment();
    long next = slot.nextLine.get();
    if (now - next >= 0 && slot.nextLine.compareAndSet(next, now + intervalNanos)) {
      long n = slot.count.sumThenReset();
      log.info("forward-auth: {} request(s) answered {} as {} (one line per reason at most every {} s)",
          n, status, reason, intervalNanos / 1_000_000_000L);
    }
  }
}
