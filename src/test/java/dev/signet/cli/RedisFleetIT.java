package dev.signet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.keys.Keyset;
import dev.signet.keys.KeysetFile;
import dev.signet.keys.Passphrase;
import dev.signet.keys.RedisKeysetStore;
import dev.signet.redis.RedisOptions;
import dev.signet.revocation.RedisProcess;
import dev.signet.revocation.TcpProxy;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/**
 * A fleet on the Redis keyset channel, as operators run it with the packaged jar: a keyset in a
 * Redis of the test's own, three {@code signet serve} gateways on a verifier view (through a
 * relay the test can cut), a long-running issuer minting from the keyset through the Java API
 * ({@link FleetMinter}), and rotations by {@code signet keys rotate} alone while load runs
 * against every gateway.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisFleetIT {
  private static final int GATEWAYS = 3;
  private static final int ROTATIONS = 20;
  private static final String KEYSET_PASSPHRASE = "fleet keyset passphrase, rotator only";
  private static final String VIEW_PASSPHRASE = "fleet gateway passphrase, verifiers";
  private static final Map<String, String> ENV =
      Map.of("SIGNET_PASSPHRASE", KEYSET_PASSPHRASE, "SIGNET_VERIFY_PASSPHRASE", VIEW_PASSPHRASE);
  private static final Pattern GENERATION = Pattern.compile("generation=(\\d+)");

  @TempDir static Path dir;
  private RedisProcess redis;
  private TcpProxy proxy;
  private String direct;
  private final List<Process> processes = new ArrayList<>();
  private final int[] ports = new int[GATEWAYS];
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final AtomicReference<String> latestToken = new AtomicReference<>();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final List<String> rejections = new CopyOnWriteArrayList<>();
  private final List<List<long[]>> seen = new ArrayList<>();
  private final java.util.concurrent.atomic.AtomicLongArray lastGeneration =
      new java.util.concurrent.atomic.AtomicLongArray(GATEWAYS);
  private volatile boolean running = true;
  private final List<Thread> threads = new ArrayList<>();

  @BeforeAll
  void startFleet() throws Exception {
    redis = RedisProcess.start(dir.resolve("redis"));
    proxy = new TcpProxy("127.0.0.1", redis.port());
    direct = "redis://127.0.0.1:" + redis.port();
    String viaRelay = "redis://127.0.0.1:" + proxy.port();
    SignetJar.Result init = signet("keys", "init", "--keyset", direct + "/prod-keys", "--passphrase-env", "SIGNET_PASSPHRASE");
    assertEquals(0, init.code, init::toString);
    SignetJar.Result first = rotate(false);
    assertTrue(first.out.startsWith("not due"), first::toString);

    for (int g = 0; g < GATEWAYS; g++) {
      Path out = dir.resolve("serve-" + g + ".out");
      ProcessBuilder p = SignetJar.command("serve", "--keyset", viaRelay + "/prod-verify", "--passphrase-env",
              "SIGNET_VERIFY_PASSPHRASE", "--listen", "127.0.0.1:0", "--reload-interval", "1s")
          .redirectOutput(out.toFile()).redirectError(dir.resolve("serve-" + g + ".err").toFile());
      p.environment().putAll(ENV);
      processes.add(p.start());
      seen.add(new CopyOnWriteArrayList<>());
    }
    for (int g = 0; g < GATEWAYS; g++) {
      ports[g] = listeningPort(processes.get(g), dir.resolve("serve-" + g + ".out"));
      lastGeneration.set(g, generation(g));
    }

    ProcessBuilder minter = new ProcessBuilder(SignetJar.java(), "-cp",
        SignetJar.path() + java.io.File.pathSeparator + Path.of("target", "test-classes").toAbsolutePath(),
        FleetMinter.class.getName(), direct, "prod-keys", "SIGNET_PASSPHRASE")
        .redirectError(dir.resolve("minter.err").toFile());
    minter.environment().putAll(ENV);
    Process m = minter.start();
    processes.add(m);
    daemon("minter-reader", () -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(m.getInputStream(), StandardCharsets.US_ASCII))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          latestToken.set(line);
        }
      } catch (IOException e) {
        // the minter stopped
      }
    });
    await("the minter's first token", Duration.ofSeconds(60), () -> latestToken.get() != null);

    for (int c = 0; c < GATEWAYS; c++) {
      int start = c;
      daemon("load-" + c, () -> {
        for (int i = start; running; i++) {
          String token = latestToken.get();
          int port = ports[i % GATEWAYS];
          try {
            int status = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/auth"))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status == 200) {
              accepted.incrementAndGet();
            } else {
              rejected.incrementAndGet();
              rejections.add("gateway " + (i % GATEWAYS) + " answered " + status);
            }
          } catch (IOException e) {
            rejected.incrementAndGet();
            rejections.add("gateway " + (i % GATEWAYS) + ": " + e);
          } catch (InterruptedException e) {
            return;
          }
          try {
            Thread.sleep(10); // about 250 requests a second in all: load, not a CPU hog on a shared machine
          } catch (InterruptedException e) {
            return;
          }
        }
      });
    }
    daemon("generation-monitor", () -> {
      while (running) {
        for (int g = 0; g < GATEWAYS; g++) {
          try {
            long gen = generation(g);
            if (gen != lastGeneration.get(g)) {
              seen.get(g).add(new long[] {gen, System.nanoTime()});
              lastGeneration.set(g, gen);
            }
          } catch (IOException | RuntimeException e) {
            // a gateway busy or restarting: try again
          } catch (InterruptedException e) {
            return;
          }
        }
        try {
          Thread.sleep(15); // the reload times below are this precise
        } catch (InterruptedException e) {
          return;
        }
      }
    });
  }

  @AfterAll
  void stopFleet() throws Exception {
    running = false;
    for (Thread t : threads) {
      t.join(5000);
    }
    for (Process p : processes) {
      p.getOutputStream().close();
      p.destroy();
    }
    for (Process p : processes) {
      if (!p.waitFor(15, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
    proxy.close();
    redis.close();
  }

  @Test
  @Order(1)
  void twentyRotationsByTheCli_underLoad_rejectNoValidToken_andReachEveryGatewayWithinOneSecond() throws Exception {
    BlockingQueue<Long> notices = new LinkedBlockingQueue<>();
    JedisPubSub listener = new JedisPubSub() {
      @Override
      public void onMessage(String channel, String message) {
        notices.add(System.nanoTime());
      }
    };
    Jedis subscriber = redis.client();
    daemon("notice-listener", () -> {
      try {
        subscriber.subscribe(listener, "{signet:keyset:}prod-verify:changed");
      } catch (redis.clients.jedis.exceptions.JedisConnectionException e) {
        // closed at the end of the test
      }
    });
    await("subscription", Duration.ofSeconds(10), () -> listener.getSubscribedChannels() == 1);
    List<Long> latencies = new ArrayList<>();
    List<Long> rotateMs = new ArrayList<>();
    long loadStart = accepted.get();
    try {
      for (int r = 0; r < ROTATIONS; r++) {
        long[] before = snapshot();
        long t0 = System.nanoTime();
        SignetJar.Result rotated = rotate(true);
        rotateMs.add((System.nanoTime() - t0) / 1_000_000);
        assertEquals(0, rotated.code, rotated::toString);
        assertTrue(rotated.out.startsWith("rotated: "), rotated::toString);
        Long notice = notices.poll(10, TimeUnit.SECONDS);
        assertTrue(notice != null, "no change notice for rotation " + (r + 1));
        for (int g = 0; g < GATEWAYS; g++) {
          int gw = g;
          await("gateway " + g + " reloading rotation " + (r + 1), Duration.ofSeconds(10),
              () -> lastGeneration.get(gw) > before[gw]);
          long at = seen.get(g).stream().filter(e -> e[0] > before[gw]).mapToLong(e -> e[1]).min().orElseThrow();
          latencies.add(Math.max(0, (at - notice) / 1_000_000));
        }
      }
    } finally {
      listener.unsubscribe();
      subscriber.close();
    }
    Collections.sort(latencies);
    long p50 = latencies.get(latencies.size() / 2);
    long p99 = latencies.get((int) Math.ceil(latencies.size() * 0.99) - 1);
    System.out.printf("RedisFleetIT: %d rotations x %d gateways: reload after the change notice p50 %d ms, p99 %d ms, "
        + "max %d ms; %d requests accepted, %d rejected; signet keys rotate took %s ms%n", ROTATIONS, GATEWAYS, p50, p99,
        latencies.get(latencies.size() - 1), accepted.get() - loadStart, rejected.get(), rotateMs);
    assertTrue(accepted.get() - loadStart > 100, "load ran: " + (accepted.get() - loadStart));
    assertEquals(0, rejected.get(), () -> "valid tokens rejected: " + rejections.subList(0, Math.min(10, rejections.size())));
    assertTrue(p99 <= 1000, "p99 reload latency " + p99 + " ms exceeds 1 s: " + latencies);
  }

  @Test
  @Order(2)
  void redisCutOff_gatewaysKeepVerifyingAndSayStale_thenRecoverByThemselves() throws Exception {
    long[] before = snapshot();
    proxy.cut();
    try {
      for (int g = 0; g < GATEWAYS; g++) {
        int gw = g;
        await("gateway " + g + " saying stale", Duration.ofSeconds(10), () -> health(gw).startsWith("keyset stale"));
        String metrics = get(ports[g], "/metrics");
        assertTrue(Pattern.compile("(?m)^signet_keyset_stale 1(\\.0)?$").matcher(metrics).find(), metrics);
        assertTrue(Pattern.compile("(?m)^signet_keyset_reload_error\\{reason=\"IO\"} 1(\\.0)?$").matcher(metrics).find(),
            metrics);
      }
      // A rotation while the gateways cannot see Redis: the issuer promotes a key the gateways
      // already hold as next, so its tokens keep verifying.
      SignetJar.Result rotated = rotate(true);
      assertEquals(0, rotated.code, rotated::toString);
      long acceptedBefore = accepted.get();
      Thread.sleep(2000);
      assertTrue(accepted.get() - acceptedBefore > 50, "gateways kept verifying: " + (accepted.get() - acceptedBefore));
      assertEquals(0, rejected.get(), () -> "valid tokens rejected while Redis was away: " + rejections);
    } finally {
      proxy.restore();
    }
    for (int g = 0; g < GATEWAYS; g++) {
      int gw = g;
      await("gateway " + g + " fresh again with the rotation made meanwhile", Duration.ofSeconds(15),
          () -> health(gw).startsWith("keyset fresh") && lastGeneration.get(gw) > before[gw]);
      assertTrue(Pattern.compile("(?m)^signet_keyset_stale 0(\\.0)?$").matcher(get(ports[g], "/metrics")).find());
    }
    assertEquals(0, rejected.get(), () -> "valid tokens rejected: " + rejections);
  }

  @Test
  @Order(3)
  void everyValueSignetWroteInRedis_holdsNoSecretInTheClear() throws Exception {
    RedisOptions options = RedisOptions.builder(direct).build();
    Keyset keys = RedisKeysetStore.at(options, "prod-keys", Passphrase.of(KEYSET_PASSPHRASE.toCharArray())).load();
    Path plain = dir.resolve("plain-keyset.json");
    KeysetFile.at(plain).save(keys);
    List<byte[]> secrets = new ArrayList<>();
    collectSecrets(new ObjectMapper().readTree(Files.readAllBytes(plain)), secrets);
    Files.delete(plain);
    assertTrue(secrets.size() >= keys.entries().size(), "every key has a secret member");
    secrets.add(KEYSET_PASSPHRASE.getBytes(StandardCharsets.UTF_8));
    secrets.add(VIEW_PASSPHRASE.getBytes(StandardCharsets.UTF_8));
    List<String> forms = new ArrayList<>();
    for (byte[] s : secrets) {
      forms.add(new String(s, StandardCharsets.ISO_8859_1));
      forms.add(Base64.getUrlEncoder().withoutPadding().encodeToString(s));
      forms.add(Base64.getEncoder().withoutPadding().encodeToString(s));
      forms.add(HexFormat.of().formatHex(s));
    }
    int scanned = 0;
    try (Jedis j = redis.client()) {
      for (String key : j.keys("*")) {
        String type = j.type(key);
        assertEquals("string", type, key);
        String value = new String(j.get(key.getBytes(StandardCharsets.UTF_8)), StandardCharsets.ISO_8859_1);
        for (String form : forms) {
          assertFalse(value.contains(form), key + " holds a secret in the clear");
        }
        scanned++;
      }
    }
    assertEquals(2, scanned, "the keyset and its verifier view");
  }

  /** Every private or symmetric key member ({@code d}, {@code k}) of the JWKs in a plaintext keyset file. */
  private static void collectSecrets(JsonNode node, List<byte[]> out) {
    if (node.isObject()) {
      node.properties().forEach(e -> {
        if ((e.getKey().equals("d") || e.getKey().equals("k")) && e.getValue().isTextual()) {
          out.add(Base64.getUrlDecoder().decode(e.getValue().asText()));
        } else {
          collectSecrets(e.getValue(), out);
        }
      });
    } else if (node.isArray()) {
      node.forEach(n -> collectSecrets(n, out));
    }
  }

  private long[] snapshot() {
    long[] s = new long[GATEWAYS];
    for (int g = 0; g < GATEWAYS; g++) {
      s[g] = lastGeneration.get(g);
    }
    return s;
  }

  private SignetJar.Result rotate(boolean force) throws Exception {
    List<String> args = new ArrayList<>(List.of("keys", "rotate", "--keyset", direct + "/prod-keys", "--passphrase-env",
        "SIGNET_PASSPHRASE", "--export-verifier", direct + "/prod-verify", "--out-passphrase-env",
        "SIGNET_VERIFY_PASSPHRASE"));
    if (force) {
      args.add("--force");
    }
    return signet(args.toArray(new String[0]));
  }

  private static SignetJar.Result signet(String... args) throws Exception {
    return SignetJar.run(SignetJar.command(args), ENV, 60);
  }

  private long generation(int g) throws IOException, InterruptedException {
    Matcher m = GENERATION.matcher(health(g));
    if (!m.find()) {
      throw new IllegalStateException("no generation in /healthz");
    }
    return Long.parseLong(m.group(1));
  }

  private String health(int g) {
    try {
      return get(ports[g], "/healthz");
    } catch (IOException | InterruptedException e) {
      return "";
    }
  }

  private String get(int port, String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  private static int listeningPort(Process p, Path out) throws Exception {
    Pattern listening = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)/auth");
    for (int i = 0; i < 1200; i++) {
      Matcher m = listening.matcher(Files.exists(out) ? Files.readString(out) : "");
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
      if (!p.isAlive()) {
        fail("serve exited: " + Files.readString(out));
      }
      Thread.sleep(50);
    }
    throw new AssertionError("serve did not start: " + Files.readString(out));
  }

  private void daemon(String name, Runnable r) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    t.start();
    threads.add(t);
  }

  private static void await(String what, Duration max, BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + max.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        fail(what + " did not happen within " + max);
      }
      Thread.sleep(5);
    }
  }
}
