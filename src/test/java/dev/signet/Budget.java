package dev.signet;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * Cost of one call: the median CPU time the calling thread spent on it, and the bytes it
 * allocated. CPU time, not wall time: on a shared machine a descheduled thread's wall time says
 * nothing about the work a hostile input causes, its own CPU time does.
 */
final class Budget {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private Budget() {}

  /** Median CPU nanoseconds of the calling thread over {@code runs} calls after {@code runs} warm-up calls. */
  static long medianNanos(Runnable call, int runs) {
    for (int i = 0; i < runs; i++) {
      call.run();
    }
    long[] t = new long[runs];
    for (int i = 0; i < runs; i++) {
      long start = THREADS.getCurrentThreadCpuTime();
      call.run();
      t[i] = THREADS.getCurrentThreadCpuTime() - start;
    }
    Arrays.sort(t);
    return t[runs / 2];
  }

  /** The smallest number of bytes one call allocated, over {@code runs} warmed-up calls (the JIT settles allocation). */
  static long allocatedBytes(Runnable call, int runs) {
    long id = Thread.currentThread().getId();
    for (int i = 0; i < runs; i++) {
      call.run();
    }
    long best = Long.MAX_VALUE;
    for (int i = 0; i < runs; i++) {
      long before = THREADS.getThreadAllocatedBytes(id);
      call.run();
      best = Math.min(best, THREADS.getThreadAllocatedBytes(id) - before);
    }
    return best;
  }
}
