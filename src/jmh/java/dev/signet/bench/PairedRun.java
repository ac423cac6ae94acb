package dev.signet.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.TokenProfile;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The paired (interleaved) run: every issue and verify case in one JVM, each in a class loader
 * of its own (its own copy of Signet, nimbus, Bouncy Castle and Jackson, so no case's JIT
 * profile pollutes another's), measured by JMH in short iterations taken in shuffled turns: one
 * round runs every case once. Whatever else the machine does hits every case of a round alike,
 * so the ratio of two cases within a round survives a busy machine; the report gives the
 * geometric mean of the per-round ratios with a t-interval over rounds.
 *
 * <p>Signet's verify and issue run twice: with Bouncy Castle (the native dependency hidden from
 * its class loader, as for a user who adds nothing) and with native libsodium (lazysodium
 * visible), next to the floor on each.
 *
 * <p>{@code java -cp target/benchmarks.jar dev.signet.bench.PairedRun [--rounds N] [--slice-ms MS]
 * [--warmup-rounds N] [--confidence 0.95] [--out DIR] [--only issue|verify]}
 */
public final class PairedRun {
  enum Loader { BOUNCY_CASTLE, NATIVE, SHARED }

  /** One case: its label in the tables, the {@link Variants} name that builds it, and its class loader. */
  record Case(String group, String label, String factory, Loader loader) {
    String key() {
      return group + ":" + label;
    }
  }

  static final List<Case> CASES = List.of(
      new Case("issue", "signet", "issue:signet", Loader.BOUNCY_CASTLE),
      new Case("issue", "signetNative", "issue:signet", Loader.NATIVE),
      new Case("issue", "floor", "issue:floor", Loader.BOUNCY_CASTLE),
      new Case("issue", "floorNative", "issue:floorNative", Loader.NATIVE),
      new Case("issue", "nimbusBc", "issue:nimbusBc", Loader.BOUNCY_CASTLE),
      new Case("issue", "nimbusShipped", "issue:nimbusShipped", Loader.BOUNCY_CASTLE),
      // jjwt loads its implementation through the context class loader and jose4j names its JCA
      // provider: both stay in the application class loader.
      new Case("issue", "jjwt", "issue:jjwt", Loader.SHARED),
      new Case("issue", "jose4j", "issue:jose4j", Loader.SHARED),
      new Case("verify", "signet", "verify:signet", Loader.BOUNCY_CASTLE),
      new Case("verify", "signetNative", "verify:signet", Loader.NATIVE),
      new Case("verify", "floor", "verify:floor", Loader.BOUNCY_CASTLE),
      new Case("verify", "floorNative", "verify:floorNative", Loader.NATIVE),
      new Case("verify", "nimbusProcessorBc", "verify:nimbusProcessorBc", Loader.BOUNCY_CASTLE),
      new Case("verify", "nimbusShipped", "verify:nimbusShipped", Loader.BOUNCY_CASTLE),
      new Case("verify", "jjwt", "verify:jjwt", Loader.SHARED),
      new Case("verify", "jose4j", "verify:jose4j", Loader.SHARED));

  /** A class loader over the benchmark jar alone, with the JDK as parent; optionally blind to lazysodium and JNA. */
  static final class CaseLoader extends URLClassLoader {
    private final boolean hideNative;

    CaseLoader(String name, URL jar, boolean hideNative) {
      super(name, new URL[] {jar}, ClassLoader.getPlatformClassLoader());
      this.hideNative = hideNative;
    }

    private boolean hidden(String name) {
      return hideNative && (name.startsWith("com.goterl.") || name.startsWith("com.sun.jna.")
          || name.startsWith("com/goterl/") || name.startsWith("com/sun/jna/"));
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (hidden(name)) {
        throw new ClassNotFoundException(name);
      }
      return super.loadClass(name, resolve);
    }

    @Override
    public URL getResource(String name) {
      return hidden(name) ? null : super.getResource(name);
    }
  }

  /** One measured iteration of one case. */
  record Sample(double opsPerSecond, double cpuNsPerOp, double bytesPerOp) {}

  private final int rounds;
  private final int warmupRounds;
  private final int sliceMs;
  private final double confidence;
  private final Path out;
  private final List<Case> cases = new ArrayList<>();
  private final Map<String, String> providers = new LinkedHashMap<>();
  private final Map<String, List<Sample>> samples = new LinkedHashMap<>();

  private final String only;
  private final int forks;
  private final int fork;

  private PairedRun(int rounds, int warmupRounds, int sliceMs, double confidence, Path out, String only, int forks,
      int fork) {
    this.only = only;
    this.forks = forks;
    this.fork = fork;
    this.rounds = rounds;
    this.warmupRounds = warmupRounds;
    this.sliceMs = sliceMs;
    this.confidence = confidence;
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    int rounds = 12;
    int warmup = 3;
    int slice = 1000;
    double confidence = 0.95;
    Path out = Path.of("target/bench-results");
    String only = null;
    int forks = 1;
    int fork = 0;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--forks":
          forks = Integer.parseInt(args[++i]);
          break;
        case "--fork":
          fork = Integer.parseInt(args[++i]);
          break;
        case "--rounds":
          rounds = Integer.parseInt(args[++i]);
          break;
        case "--warmup-rounds":
          warmup = Integer.parseInt(args[++i]);
          break;
        case "--slice-ms":
          slice = Integer.parseInt(args[++i]);
          break;
        case "--confidence":
          confidence = Double.parseDouble(args[++i]);
          break;
        case "--out":
          out = Path.of(args[++i]);
          break;
        case "--only":
          only = args[++i];
          break;
        default:
          System.err.println("usage: PairedRun [--forks N] [--rounds N] [--warmup-rounds N] [--slice-ms MS] [--confidence C] [--out DIR] [--only issue|verify]");
          System.exit(2);
      }
    }
    if (rounds < 2 && forks * rounds < 2) {
      throw new IllegalArgumentException("--rounds must be at least 2 (the interval needs two rounds)");
    }
    if (forks < 1) {
      throw new IllegalArgumentException("--forks must be at least 1");
    }
    PairedRun run = new PairedRun(rounds, warmup, slice, confidence, out, only, forks, fork);
    if (forks == 1) {
      run.run();
    } else {
      run.runForks(args);
    }
  }

  /**
   * Runs the whole paired run once in each of {@code forks} fresh JVMs (same JVM options, each
   * shuffling its own order), one after the other, and pools their rounds: the JIT compiles
   * each JVM's code its own way, a difference that rounds within one JVM cannot average out.
   */
  private void runForks(String[] args) throws Exception {
    List<String> childArgs = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--forks") || args[i].equals("--out") || args[i].equals("--fork")) {
        i++;
      } else {
        childArgs.add(args[i]);
      }
    }
    ObjectMapper m = new ObjectMapper();
    for (int f = 1; f <= forks; f++) {
      Path dir = out.resolve("fork-" + f);
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
      command.addAll(List.of("-cp", System.getProperty("java.class.path"), PairedRun.class.getName()));
      command.addAll(childArgs);
      command.addAll(List.of("--out", dir.toString(), "--fork", Integer.toString(f)));
      System.out.println("paired: fork " + f + "/" + forks);
      int code = new ProcessBuilder(command).inheritIO().start().waitFor();
      if (code != 0) {
        throw new IllegalStateException("fork " + f + " exited with status " + code);
      }
      com.fasterxml.jackson.databind.JsonNode json = m.readTree(dir.resolve("paired.json").toFile());
      json.get("signetEd25519").fields().forEachRemaining(e -> providers.putIfAbsent(e.getKey(), e.getValue().asText()));
      json.get("samples").fields().forEachRemaining(e -> {
        List<Sample> list = samples.computeIfAbsent(e.getKey(), k -> new ArrayList<>());
        for (com.fasterxml.jackson.databind.JsonNode x : e.getValue()) {
          list.add(new Sample(x.get("opsPerSecond").asDouble(), x.get("cpuNsPerOp").asDouble(), x.get("bytesPerOp").asDouble()));
        }
      });
    }
    for (Case c : CASES) {
      if (samples.containsKey(c.key())) {
        cases.add(c);
      }
    }
    writeReport();
  }

  private void run() throws Exception {
    Fixture reference = new Fixture(TokenProfile.SIGNED_AND_SEALED);
    byte[][] material = Variants.material(reference);
    URL jar = PairedRun.class.getProtectionDomain().getCodeSource().getLocation();
    boolean nativeHere = NativeEd25519.loadOrNull() != null;
    for (Case c : CASES) {
      if (only != null && !c.group.equals(only)) {
        continue;
      }
      if (c.loader == Loader.NATIVE && !nativeHere) {
        System.out.println("paired: skipping " + c.key() + " (no system libsodium)");
        continue;
      }
      ClassLoader loader = c.loader == Loader.SHARED
          ? PairedRun.class.getClassLoader()
          : new CaseLoader(c.key(), jar, c.loader == Loader.BOUNCY_CASTLE);
      Thread t = Thread.currentThread();
      ClassLoader previous = t.getContextClassLoader();
      t.setContextClassLoader(loader);
      try {
        Class<?> v = Class.forName(Variants.class.getName(), true, loader);
        @SuppressWarnings("unchecked")
        Supplier<Object> op = (Supplier<Object>) v.getMethod("create", String.class, byte[][].class).invoke(null, c.factory, material);
        check(c, op.get(), reference);
        if (c.label.startsWith("signet")) {
          String provider = (String) v.getMethod("signetProvider").invoke(null);
          providers.put(c.key(), provider);
          boolean wantNative = c.loader == Loader.NATIVE;
          if (wantNative != provider.startsWith("libsodium")) {
            throw new IllegalStateException(c.key() + " runs on " + provider);
          }
        }
        PairedBenchmark.CASES.put(c.key(), op);
        cases.add(c);
        samples.put(c.key(), new ArrayList<>());
      } finally {
        t.setContextClassLoader(previous);
      }
    }
    System.out.println("paired: " + cases.size() + " cases; Signet's Ed25519: " + providers);
    Random shuffle = new Random(42 + fork);
    java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
    for (int r = -warmupRounds; r < rounds; r++) {
      long jitBefore = jit.getTotalCompilationTime();
      for (String group : new String[] {"issue", "verify"}) {
        if (only != null && !group.equals(only)) {
          continue;
        }
        List<Case> turn = new ArrayList<>();
        for (Case c : cases) {
          if (c.group.equals(group)) {
            turn.add(c);
          }
        }
        Collections.shuffle(turn, shuffle);
        for (Case c : turn) {
          Sample s = measure(c.key());
          if (r >= 0) {
            samples.get(c.key()).add(s);
          }
        }
      }
      System.out.println("paired: " + (r < 0 ? "warm-up round " + (r + warmupRounds + 1) + "/" + warmupRounds
          : "round " + (r + 1) + "/" + rounds) + " done, load average " + loadAverage()
          + ", JIT compiling " + (jit.getTotalCompilationTime() - jitBefore) + " ms");
    }
    writeReport();
  }

  private void writeReport() throws IOException {
    Files.createDirectories(out);
    writeJson(out.resolve("paired.json"));
    String md = new PairedReport(cases, samples, providers, confidence, rounds, sliceMs, warmupRounds, forks).markdown();
    Files.writeString(out.resolve("paired.md"), md);
    System.out.print(md);
  }

  /** The case's first result must be what the reference would accept: a verified token, or a token Signet verifies. */
  private static void check(Case c, Object result, Fixture reference) throws ReflectiveOperationException {
    if (c.group.equals("issue")) {
      if (!(result instanceof String) || !reference.verifier.verify((String) result).isAccepted()) {
        throw new IllegalStateException(c.key() + ": minted token is not accepted by Signet: "
            + (result instanceof String ? reference.verifier.verify((String) result).detail() : result));
      }
    } else if (c.label.startsWith("signet")) {
      if (!(Boolean) result.getClass().getMethod("isAccepted").invoke(result)) {
        throw new IllegalStateException(c.key() + ": token rejected");
      }
    } else if (result == null) {
      throw new IllegalStateException(c.key() + ": no result");
    }
  }

  private Sample measure(String key) throws RunnerException {
    Options opt = new OptionsBuilder()
        .include("^" + Pattern.quote(PairedBenchmark.class.getName()) + "\\.run$")
        .param("variant", key)
        .forks(0)
        .warmupIterations(0)
        .measurementIterations(1)
        .measurementTime(TimeValue.milliseconds(sliceMs))
        .threads(1)
        .verbosity(VerboseMode.SILENT)
        .build();
    RunResult rr = new Runner(opt).runSingle();
    IterationResult it = rr.getBenchmarkResults().iterator().next().getIterationResults().iterator().next();
    long ops = it.getMetadata().getAllOps();
    return new Sample(rr.getPrimaryResult().getScore(),
        (double) PairedBenchmark.lastCpuNs / ops, (double) PairedBenchmark.lastAllocatedBytes / ops);
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "n/a";
    }
  }

  private void writeJson(Path file) throws IOException {
    ObjectMapper m = new ObjectMapper();
    ObjectNode root = m.createObjectNode();
    root.put("forks", forks).put("rounds", rounds).put("warmupRounds", warmupRounds).put("sliceMs", sliceMs)
        .put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
    ObjectNode prov = root.putObject("signetEd25519");
    providers.forEach(prov::put);
    ObjectNode all = root.putObject("samples");
    samples.forEach((k, list) -> {
      ArrayNode a = all.putArray(k);
      for (Sample s : list) {
        a.addObject().put("opsPerSecond", s.opsPerSecond).put("cpuNsPerOp", s.cpuNsPerOp).put("bytesPerOp", s.bytesPerOp);
      }
    });
    m.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
  }

  static String fmt(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }
}
