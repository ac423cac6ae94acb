package dev.signet.bench;

import static dev.signet.bench.PairedRun.fmt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The tables of a paired run: for each case its mean throughput, thread CPU time and allocation
 * per operation, and its ratio to Signet (Bouncy Castle) within each round, summarised as the
 * geometric mean of the per-round ratios with a t-interval over rounds.
 */
final class PairedReport {
  private static final double[] T95 = {
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
    2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042
  };
  private static final double[] T99 = {
    63.657, 9.925, 5.841, 4.604, 4.032, 3.707, 3.499, 3.355, 3.250, 3.169, 3.106, 3.055, 3.012, 2.977, 2.947,
    2.921, 2.898, 2.878, 2.861, 2.845, 2.831, 2.819, 2.807, 2.797, 2.787, 2.779, 2.771, 2.763, 2.756, 2.750
  };

  private final List<PairedRun.Case> cases;
  private final Map<String, List<PairedRun.Sample>> samples;
  private final Map<String, String> providers;
  private final double confidence;
  private final int rounds;
  private final int sliceMs;
  private final int warmupRounds;
  private final int forks;
  private final StringBuilder out = new StringBuilder();

  PairedReport(List<PairedRun.Case> cases, Map<String, List<PairedRun.Sample>> samples, Map<String, String> providers,
      double confidence, int rounds, int sliceMs, int warmupRounds, int forks) {
    this.forks = forks;
    this.cases = cases;
    this.samples = samples;
    this.providers = providers;
    this.confidence = confidence;
    this.rounds = rounds;
    this.sliceMs = sliceMs;
    this.warmupRounds = warmupRounds;
  }

  /** A ratio: geometric mean and the interval's ends. */
  record Ratio(double mean, double lo, double hi) {
    String text() {
      return fmt("%.3f (%.3f–%.3f)", mean, lo, hi);
    }
  }

  private double t(int df) {
    double[] table = confidence == 0.99 ? T99 : T95;
    if (confidence != 0.95 && confidence != 0.99) {
      throw new IllegalArgumentException("--confidence must be 0.95 or 0.99");
    }
    return df <= table.length ? table[df - 1] : (confidence == 0.99 ? 2.576 : 1.960) + (confidence == 0.99 ? 2.9 : 1.2) / df;
  }

  /** Per-round ratios a[i] / b[i] (or b / a for {@code invert}), geometric mean and interval. */
  private Ratio ratio(List<Double> a, List<Double> b) {
    int n = Math.min(a.size(), b.size());
    double[] logs = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      logs[i] = Math.log(a.get(i) / b.get(i));
      sum += logs[i];
    }
    double mean = sum / n;
    double var = 0;
    for (double l : logs) {
      var += (l - mean) * (l - mean);
    }
    double sd = Math.sqrt(var / (n - 1));
    double half = t(n - 1) * sd / Math.sqrt(n);
    return new Ratio(Math.exp(mean), Math.exp(mean - half), Math.exp(mean + half));
  }

  private List<Double> ops(String key) {
    List<Double> v = new ArrayList<>();
    samples.get(key).forEach(s -> v.add(s.opsPerSecond()));
    return v;
  }

  private List<Double> cpu(String key) {
    List<Double> v = new ArrayList<>();
    samples.get(key).forEach(s -> v.add(s.cpuNsPerOp()));
    return v;
  }

  private double meanOf(List<Double> v) {
    return v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }

  private String meanAndInterval(List<Double> v) {
    double m = meanOf(v);
    double var = 0;
    for (double x : v) {
      var += (x - m) * (x - m);
    }
    double half = t(v.size() - 1) * Math.sqrt(var / (v.size() - 1)) / Math.sqrt(v.size());
    return fmt("%,.0f ± %,.0f", m, half);
  }

  private boolean has(String key) {
    return samples.containsKey(key);
  }

  /** Signet / case by throughput (higher: Signet faster). */
  Ratio byThroughput(String signet, String other) {
    return ratio(ops(signet), ops(other));
  }

  /** Case / Signet by thread CPU per operation (higher: Signet cheaper). */
  Ratio byCpu(String signet, String other) {
    return ratio(cpu(other), cpu(signet));
  }

  private static String label(String group, String c) {
    switch (c) {
      case "signet":
        return "**Signet, Ed25519 on Bouncy Castle** (no extra dependency)";
      case "signetNative":
        return "Signet, Ed25519 on native libsodium (lazysodium-java)";
      case "floor":
        return "floor, Bouncy Castle (hand-rolled: " + (group.equals("issue")
            ? "Jackson generator, BC Ed25519, JCA key wrap + AES-GCM, JDK base64url)"
            : "JCA unwrap + AES-GCM, BC Ed25519, JDK base64url, Jackson tree)");
      case "floorNative":
        return "floor, native libsodium Ed25519 (otherwise as above)";
      case "nimbusBc":
        return "nimbus-jose-jwt 10.10, SignedJWT + JWEObject, Ed25519 on Bouncy Castle";
      case "nimbusProcessorBc":
        return "nimbus-jose-jwt 10.10, DefaultJWTProcessor, Ed25519 on Bouncy Castle";
      case "nimbusShipped":
        return "nimbus-jose-jwt 10.10 as shipped (Ed25519 on Tink)";
      case "jjwt":
        return "jjwt 0.12.7, Ed25519 on Bouncy Castle";
      case "jose4j":
        return "jose4j 0.9.7, Ed25519 on Bouncy Castle";
      default:
        return c;
    }
  }

  String markdown() {
    String where = forks == 1 ? "in one JVM" : fmt("in one JVM per fork, %d forks one after the other, their rounds pooled", forks);
    out.append(fmt("Paired run: %d rounds after %d warm-up rounds%s; in each round every case runs one JMH iteration of %d ms,"
        + " in shuffled order, each case in its own class loader %s (%s %s). Ratios are geometric means of the"
        + " per-round ratios, with a %.0f%% t-interval over rounds in brackets; absolute figures are means ± the same"
        + " interval's half-width. CPU is the benchmark thread's own CPU time per operation; bytes are the thread's"
        + " allocation per operation.%n%n", rounds, warmupRounds, forks == 1 ? "" : " in each fork", sliceMs, where,
        System.getProperty("java.vm.name"), System.getProperty("java.version"), confidence * 100));
    out.append("Signet's Ed25519 in each case: ").append(providers).append("\n\n");
    for (String group : new String[] {"issue", "verify"}) {
      if (samples.containsKey(group + ":signet")) {
        table(group);
      }
    }
    return out.toString();
  }

  private void table(String group) {
    String signet = group + ":signet";
    out.append("### ").append(group.equals("issue")
        ? "Issue: mint one default-profile token of a fresh session (1 thread)"
        : "Verify: one default-profile token (1 thread)").append("\n\n");
    out.append("| case | ops/s | µs CPU / op | bytes / op | Signet / this, throughput | Signet / this, CPU |\n");
    out.append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
    for (PairedRun.Case c : cases) {
      if (!c.group().equals(group)) {
        continue;
      }
      String key = c.key();
      double bytes = samples.get(key).stream().mapToDouble(PairedRun.Sample::bytesPerOp).average().orElse(Double.NaN);
      boolean self = key.equals(signet);
      out.append("| ").append(label(group, c.label())).append(" | ").append(meanAndInterval(ops(key))).append(" | ")
          .append(fmt("%.1f", meanOf(cpu(key)) / 1000)).append(" | ").append(fmt("%,.0f", bytes)).append(" | ")
          .append(self ? "1" : byThroughput(signet, key).text()).append(" | ")
          .append(self ? "1" : byCpu(signet, key).text()).append(" |\n");
    }
    out.append("\n");
    String floor = group + ":floor";
    Ratio vsFloor = byThroughput(signet, floor);
    Ratio vsFloorCpu = byCpu(signet, floor);
    out.append(fmt("- Signet (Bouncy Castle) / floor (Bouncy Castle): **%s** by throughput, %s by CPU time.%n",
        vsFloor.text(), vsFloorCpu.text()));
    Ratio slowest = null;
    String closest = null;
    for (PairedRun.Case c : cases) {
      if (c.group().equals(group) && !c.label().startsWith("signet") && !c.label().startsWith("floor")) {
        Ratio r = byThroughput(signet, c.key());
        if (slowest == null || r.mean() < slowest.mean()) {
          slowest = r;
          closest = c.label();
        }
      }
    }
    if (closest != null) {
      out.append(fmt("- Signet / closest peer (%s): **%s** by throughput, %s by CPU time.%n",
          closest, slowest.text(), byCpu(signet, group + ":" + closest).text()));
    }
    double bytesSignet = samples.get(signet).stream().mapToDouble(PairedRun.Sample::bytesPerOp).average().orElse(Double.NaN);
    double bytesFloor = samples.get(floor).stream().mapToDouble(PairedRun.Sample::bytesPerOp).average().orElse(Double.NaN);
    out.append(fmt("- Allocation: Signet %,.0f B/op, floor %,.0f B/op (%.2f× the floor).%n", bytesSignet, bytesFloor,
        bytesSignet / bytesFloor));
    if (has(group + ":signetNative")) {
      Ratio nativeVsFloor = ratio(ops(group + ":signetNative"), ops(floor));
      Ratio nativeVsFloorCpu = ratio(cpu(floor), cpu(group + ":signetNative"));
      out.append(fmt("- Native column: Signet on libsodium / Bouncy Castle floor: **%s** by throughput, %s by CPU time;"
          + " Signet on libsodium / Signet on Bouncy Castle: %s.%n", nativeVsFloor.text(), nativeVsFloorCpu.text(),
          ratio(ops(group + ":signetNative"), ops(signet)).text()));
    }
    if (has(group + ":floorNative")) {
      out.append(fmt("- Signet on libsodium / floor on libsodium: %s by throughput.%n",
          ratio(ops(group + ":signetNative"), ops(group + ":floorNative")).text()));
    }
    out.append("\n");
  }
}
