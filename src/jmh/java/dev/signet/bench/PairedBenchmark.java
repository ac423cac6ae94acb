package dev.signet.bench;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One case of the paired run, by name: {@link PairedRun} registers every case in {@link #CASES}
 * and has JMH run this benchmark in its own JVM for one short iteration per case, in shuffled
 * turns. Each iteration also records the benchmark thread's own CPU time and allocation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PairedBenchmark {
  /** The cases, by name; filled by {@link PairedRun} before JMH runs. */
  public static final Map<String, Supplier<Object>> CASES = new ConcurrentHashMap<>();

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  /** CPU time and bytes allocated by the benchmark thread over the last iteration. */
  static volatile long lastCpuNs;
  static volatile long lastAllocatedBytes;

  @Param("unset")
  public String variant;

  private Supplier<Object> op;
  private long cpuAtStart;
  private long allocatedAtStart;

  @Setup(Level.Trial)
  public void setUp() {
    op = CASES.get(variant);
    if (op == null) {
      throw new IllegalStateException("case " + variant + " is not registered: run through PairedRun");
    }
  }

  @Setup(Level.Iteration)
  public void start() {
    allocatedAtStart = THREADS.getCurrentThreadAllocatedBytes();
    cpuAtStart = THREADS.getCurrentThreadCpuTime();
  }

  @TearDown(Level.Iteration)
  public void stop() {
    lastCpuNs = THREADS.getCurrentThreadCpuTime() - cpuAtStart;
    lastAllocatedBytes = THREADS.getCurrentThreadAllocatedBytes() - allocatedAtStart;
  }

  @Benchmark
  public Object run() {
    return op.get();
  }
}
