package dev.signet.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.TokenProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns one JMH JSON result file into the Markdown tables of BENCHMARKS.md: every case with its
 * error (99.9% confidence interval, as JMH reports it), the ratios Signet / fastest peer and
 * Signet / floor, allocation and CPU time per operation, and the token size of each profile.
 *
 * <p>{@code java -cp target/benchmarks.jar dev.signet.bench.Report target/bench-results/jmh.json}
 */
public final class Report {
  private static final String[] PEERS = {"nimbusProcessorBc", "nimbusShipped", "jjwt", "jose4j"};
  private static final String[] FLOOR_PARTS = {
    "aesKeyUnwrap", "aesGcmDecrypt", "ed25519Verify", "base64urlDecode", "jsonParseClaims"
  };

  /** One measured case: throughput with its error, and the per-operation figures. */
  static final class Row {
    final double ops;
    final double opsErr;
    final double bytes;
    final double cpuNs;
    final double cpuNsErr;

    Row(double ops, double opsErr, double bytes, double cpuNs, double cpuNsErr) {
      this.ops = ops;
      this.opsErr = opsErr;
      this.bytes = bytes;
      this.cpuNs = cpuNs;
      this.cpuNsErr = cpuNsErr;
    }
  }

  /** A value with its error. */
  static final class Est {
    final double v;
    final double e;

    Est(double v, double e) {
      this.v = v;
      this.e = e;
    }

    Est over(Est b) {
      double r = v / b.v;
      return new Est(r, r * Math.hypot(e / v, b.e / b.v));
    }
  }

  private final Map<String, Row> rows = new LinkedHashMap<>();
  private final StringBuilder out = new StringBuilder();

  private Report(JsonNode results) {
    for (JsonNode r : results) {
      String name = r.get("benchmark").asText().replace("dev.signet.bench.", "");
      JsonNode params = r.get("params");
      if (params != null) {
        List<String> ps = new ArrayList<>();
        params.fields().forEachRemaining(f -> ps.add(f.getValue().asText()));
        name += "(" + String.join(",", ps) + ")";
      }
      JsonNode pm = r.get("primaryMetric");
      double bytes = Double.NaN;
      double cpu = Double.NaN;
      double cpuErr = Double.NaN;
      JsonNode sec = r.get("secondaryMetrics");
      if (sec != null) {
        for (var it = sec.fields(); it.hasNext(); ) {
          var f = it.next();
          if (f.getKey().endsWith("gc.alloc.rate.norm")) {
            bytes = f.getValue().get("score").asDouble();
          } else if (f.getKey().endsWith("cpu.time.norm")) {
            cpu = f.getValue().get("score").asDouble();
            cpuErr = errorOf(f.getValue());
          }
        }
      }
      rows.put(name, new Row(pm.get("score").asDouble(), errorOf(pm), bytes, cpu, cpuErr));
    }
  }

  private static double errorOf(JsonNode metric) {
    double e = metric.get("scoreError").asDouble();
    return Double.isNaN(e) ? 0 : e;
  }

  public static void main(String[] args) throws IOException {
    JsonNode results = new ObjectMapper().readTree(Files.readAllBytes(Path.of(args[0])));
    Report r = new Report(results);
    r.write(results.size() > 0 ? results.get(0) : null);
    System.out.print(r.out);
  }

  private Row row(String name) {
    Row r = rows.get(name);
    if (r == null) {
      throw new IllegalArgumentException("no result for " + name);
    }
    return r;
  }

  private Est ops(String name) {
    Row r = row(name);
    return new Est(r.ops, r.opsErr);
  }

  private Est cpu(String name) {
    Row r = row(name);
    return new Est(r.cpuNs, r.cpuNsErr);
  }

  /** The floor as a sum of the parts' times per operation, with errors added in quadrature. */
  private Est floorOps() {
    double t = 0;
    double var = 0;
    for (String p : FLOOR_PARTS) {
      Row r = row("FloorBenchmark." + p);
      t += 1 / r.ops;
      double et = r.opsErr / (r.ops * r.ops);
      var += et * et;
    }
    return new Est(1 / t, Math.sqrt(var) / (t * t));
  }

  private Est floorCpu() {
    double t = 0;
    double var = 0;
    for (String p : FLOOR_PARTS) {
      Row r = row("FloorBenchmark." + p);
      t += r.cpuNs;
      var += r.cpuNsErr * r.cpuNsErr;
    }
    return new Est(t, Math.sqrt(var));
  }

  private void line(String s) {
    out.append(s).append('\n');
  }

  private static String n(double v) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    if (v >= 100) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    if (v >= 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    return String.format(Locale.ROOT, "%.2f", v);
  }

  private static String pm(Est e) {
    return n(e.v) + " ± " + n(e.e);
  }

  private static String ratio(Est e) {
    return String.format(Locale.ROOT, "%.2f ± %.2f", e.v, e.e);
  }

  private static String us(double ns) {
    return Double.isNaN(ns) ? "n/a" : String.format(Locale.ROOT, "%.1f", ns / 1000);
  }

  private void write(JsonNode first) {
    if (first != null) {
      line("JMH " + first.path("jmhVersion").asText() + ", " + first.path("vmName").asText() + " "
          + first.path("vmVersion").asText() + " (" + first.path("jdkVersion").asText() + "); "
          + first.path("forks").asText() + " forks × " + first.path("measurementIterations").asText()
          + " iterations of " + first.path("measurementTime").asText() + " after "
          + first.path("warmupIterations").asText() + " warm-up iterations of "
          + first.path("warmupTime").asText() + ". ± is JMH's 99.9% confidence interval; ratios carry the"
          + " errors of both sides, added in quadrature.");
      line("");
    }
    verifyTable("VerifyBenchmark", "1 thread", true);
    verifyTable("VerifyTwoThreadsBenchmark", "2 threads sharing one verifier per library", false);
    floorTable();
    profileTable();
    cacheTable();
    revocationTable();
  }

  /**
   * @param withFloor whether throughput can be compared with the floor, which is measured on one
   *     thread; with two threads only CPU time per operation compares
   */
  private void verifyTable(String bench, String title, boolean withFloor) {
    line("### Verify, default profile, " + title);
    line("");
    line("| library | ops/s | Signet / this (throughput) | µs CPU / op | bytes / op |");
    line("| --- | ---: | ---: | ---: | ---: |");
    Est signet = ops(bench + ".signet");
    String fastest = null;
    for (String p : PEERS) {
      if (fastest == null || row(bench + "." + p).ops > row(bench + "." + fastest).ops) {
        fastest = p;
      }
    }
    for (String lib : new String[] {"signet", "nimbusProcessorBc", "nimbusShipped", "jjwt", "jose4j"}) {
      Row r = row(bench + "." + lib);
      String vs = lib.equals("signet") ? "1" : ratio(signet.over(ops(bench + "." + lib)));
      line("| " + label(lib) + (lib.equals(fastest) ? " (fastest peer)" : "") + " | " + pm(ops(bench + "." + lib))
          + " | " + vs + " | " + us(r.cpuNs) + " | " + n(r.bytes) + " |");
    }
    Est floor = floorOps();
    line("| floor (sum of the parts below, 1 thread) | " + (withFloor ? pm(floor) : "n/a") + " | "
        + (withFloor ? ratio(signet.over(floor)) : "n/a") + " | " + us(floorCpu().v) + " | " + n(floorBytes()) + " |");
    line("");
    Est vsPeer = signet.over(ops(bench + "." + fastest));
    Est cpuVsPeer = cpu(bench + "." + fastest).over(cpu(bench + ".signet"));
    line("Signet / fastest peer (" + label(fastest) + "): **" + ratio(vsPeer) + "** by throughput, "
        + ratio(cpuVsPeer) + " by CPU time per operation. Signet / floor: "
        + (withFloor ? "**" + ratio(signet.over(floor)) + "** by throughput, " : "")
        + ratio(floorCpu().over(cpu(bench + ".signet"))) + " by CPU time. "
        + "Allocation: Signet " + n(row(bench + ".signet").bytes) + " B/op, fastest peer "
        + n(row(bench + "." + fastest).bytes) + " B/op.");
    line("");
  }

  private double floorBytes() {
    double b = 0;
    for (String p : FLOOR_PARTS) {
      b += row("FloorBenchmark." + p).bytes;
    }
    return b;
  }

  private static String label(String lib) {
    switch (lib) {
      case "signet":
        return "**Signet**";
      case "nimbusProcessorBc":
        return "nimbus-jose-jwt 10.10, DefaultJWTProcessor, Ed25519 on Bouncy Castle";
      case "nimbusShipped":
        return "nimbus-jose-jwt 10.10 as shipped (JWEObject + SignedJWT, Ed25519Verifier on Tink)";
      case "jjwt":
        return "jjwt 0.12.7, Ed25519 on Bouncy Castle";
      case "jose4j":
        return "jose4j 0.9.7 JwtConsumer, Ed25519 on Bouncy Castle";
      default:
        return lib;
    }
  }

  private void floorTable() {
    line("### Floor: the parts, each alone, on the same bytes");
    line("");
    line("| part | ops/s | µs / op (wall) | µs CPU / op | bytes / op |");
    line("| --- | ---: | ---: | ---: | ---: |");
    for (String p : FLOOR_PARTS) {
      Row r = row("FloorBenchmark." + p);
      line("| " + p + " | " + pm(ops("FloorBenchmark." + p)) + " | " + String.format(Locale.ROOT, "%.2f", 1e6 / r.ops)
          + " | " + us(r.cpuNs) + " | " + n(r.bytes) + " |");
    }
    Est f = floorOps();
    line("| **sum of the parts** | " + pm(f) + " | " + String.format(Locale.ROOT, "%.2f", 1e6 / f.v) + " | "
        + us(floorCpu().v) + " | " + n(floorBytes()) + " |");
    Row all = row("FloorBenchmark.all");
    line("| all parts in one method (check) | " + pm(ops("FloorBenchmark.all")) + " | "
        + String.format(Locale.ROOT, "%.2f", 1e6 / all.ops) + " | " + us(all.cpuNs) + " | " + n(all.bytes) + " |");
    line("");
  }

  private void profileTable() {
    line("### Issue and verify per profile (Signet, 1 thread)");
    line("");
    line("| profile | token size (chars) | issue ops/s | verify ops/s | verify bytes / op |");
    line("| --- | ---: | ---: | ---: | ---: |");
    for (TokenProfile p : TokenProfile.values()) {
      int size = new Fixture(p).token.length();
      line("| " + p + " | " + size + " | " + pm(ops("ProfileBenchmark.issue(" + p + ")")) + " | "
          + pm(ops("ProfileBenchmark.verify(" + p + ")")) + " | " + n(row("ProfileBenchmark.verify(" + p + ")").bytes)
          + " |");
    }
    line("");
    line("Standard claim set: `iss`, one `aud`, `sub` (15 characters), `sid`, `jti`, `iat`, `iat_ms`, "
        + "`nbf`, `exp`, `sxp`, `auth_time`, two roles, no attributes.");
    line("");
  }

  private void cacheTable() {
    line("### Repeated token with the verified-token cache (default profile, 1 thread)");
    line("");
    line("| case | ops/s | × uncached verify | bytes / op |");
    line("| --- | ---: | ---: | ---: |");
    Est uncached = ops("VerifyBenchmark.signet");
    line("| uncached verify (VerifyBenchmark.signet) | " + pm(uncached) + " | 1 | " + n(row("VerifyBenchmark.signet").bytes) + " |");
    for (String c : new String[] {"cachedSameToken", "cachedPool"}) {
      line("| " + c + " | " + pm(ops("CacheBenchmark." + c)) + " | " + String.format(Locale.ROOT, "%,.0f",
          ops("CacheBenchmark." + c).over(uncached).v) + " | " + n(row("CacheBenchmark." + c).bytes) + " |");
    }
    line("");
  }

  private void revocationTable() {
    line("### Revocation lookup (in-memory store, lookups of 16,384 distinct unrevoked sessions)");
    line("");
    line("| live entries | ops/s | ns / lookup | bytes / op |");
    line("| ---: | ---: | ---: | ---: |");
    for (String n : new String[] {"0", "1000000"}) {
      Row r = row("RevocationLookupBenchmark.lookup(" + n + ")");
      double ns = 1e9 / r.ops;
      double nsErr = r.opsErr * 1e9 / (r.ops * r.ops);
      line("| " + String.format(Locale.ROOT, "%,d", Long.parseLong(n)) + " | " + pm(ops("RevocationLookupBenchmark.lookup(" + n + ")"))
          + " | " + String.format(Locale.ROOT, "%.0f ± %.0f", ns, nsErr) + " | " + n(r.bytes) + " |");
    }
    line("");
  }
}
