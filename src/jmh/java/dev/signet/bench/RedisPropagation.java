package dev.signet.bench;

import dev.signet.IssuedToken;
import dev.signet.NewSession;
import dev.signet.TokenIssuer;
import dev.signet.keys.Keyset;
import dev.signet.keys.KeysetFile;
import dev.signet.revocation.RedisRevocationList;
import dev.signet.revocation.Revocation;
import dev.signet.revocation.RevocationList;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisProtocol;

/**
 * Revocation propagation through Redis, end to end, under load (BENCHMARKS.md, "Revocation
 * propagation"): three {@code signet serve} gateways (separate JVMs) on one Redis of their own,
 * load threads sending valid sessions to all three, and for each sample a session revoked
 * through {@link RedisRevocationList}; the time from {@code revoke} returning to each gateway
 * answering 401 for it. A Redis {@code PING} round trip is measured in the same run, between
 * samples, so the figures can be read as ratios on any machine.
 *
 * <pre>
 * mvn -B -Pbench -DskipTests package
 * java -cp target/benchmarks.jar dev.signet.bench.RedisPropagation [SAMPLES] [LOAD_THREADS]
 * </pre>
 */
public final class RedisPropagation {
  private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)/auth");

  private RedisPropagation() {}

  public static void main(String[] args) throws Exception {
    int samples = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    int loadThreads = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Path dir = Files.createTempDirectory("signet-propagation");
    List<Process> processes = new ArrayList<>();
    try {
      int redisPort = freePort();
      processes.add(new ProcessBuilder("redis-server", "--port", Integer.toString(redisPort), "--bind", "127.0.0.1",
          "--save", "", "--appendonly", "no", "--dir", dir.toString()).redirectErrorStream(true)
          .redirectOutput(dir.resolve("redis.log").toFile()).start());
      waitForRedis(redisPort);
      String url = "redis://127.0.0.1:" + redisPort;

      Keyset keys = Keyset.generate();
      KeysetFile.at(dir.resolve("keyset.json")).create(keys);
      TokenIssuer issuer = TokenIssuer.builder(keys).issuer("signet").audience("signet").build();

      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      String cp = System.getProperty("java.class.path");
      int[] ports = new int[3];
      for (int g = 0; g < 3; g++) {
        Process p = new ProcessBuilder(java, "-Xmx256m", "-cp", cp, "dev.signet.cli.Main", "serve",
            "--keyset", dir.resolve("keyset.json").toString(), "--revocations", url, "--listen", "127.0.0.1:0",
            "--threads", "4").redirectErrorStream(true).start();
        processes.add(p);
        ports[g] = listeningPort(p);
      }

      List<String> valid = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        valid.add(issuer.start(NewSession.forSubject("load" + i)).token());
      }
      AtomicBoolean stop = new AtomicBoolean();
      AtomicLong requests = new AtomicLong();
      List<Thread> load = new ArrayList<>();
      for (int t = 0; t < loadThreads; t++) {
        int offset = t;
        Thread th = new Thread(() -> {
          HttpClient client = HttpClient.newHttpClient();
          for (int i = offset; !stop.get(); i++) {
            try {
              status(client, ports[i % 3], valid.get(i % valid.size()));
              requests.incrementAndGet();
            } catch (Exception e) {
              return;
            }
          }
        }, "load-" + t);
        th.setDaemon(true);
        load.add(th);
        th.start();
      }

      long[] micros = new long[samples * 3];
      long[] pings = new long[samples * 5];
      long[] answers = new long[samples * 3];
      long[] mirror = new long[samples];
      HttpClient[] pollers = {HttpClient.newHttpClient(), HttpClient.newHttpClient(), HttpClient.newHttpClient()};
      long loadStart = System.nanoTime();
      long requestsAtStart = requests.get();
      try (RedisRevocationList writer = RedisRevocationList.builder(url).mirror(false).build();
          RedisRevocationList local = RedisRevocationList.builder(url).build();
          Jedis ping = new Jedis(new HostAndPort("127.0.0.1", redisPort),
              DefaultJedisClientConfig.builder().protocol(RedisProtocol.RESP2).autoNegotiateProtocol(false).build())) {
        for (int s = 0; s < samples; s++) {
          IssuedToken t = issuer.start(NewSession.forSubject("victim" + s));
          for (int g = 0; g < 3; g++) {
            long a0 = System.nanoTime();
            if (status(pollers[g], ports[g], t.token()) != 200) {
              throw new IllegalStateException("a fresh session was not accepted");
            }
            answers[s * 3 + g] = (System.nanoTime() - a0) / 1000;
          }
          writer.revoke(Revocation.session(t.session().sessionId(), Instant.now().plus(Duration.ofHours(1))));
          long t0 = System.nanoTime();
          CountDownLatch done = new CountDownLatch(3);
          while (local.check(t.session()) != RevocationList.Status.REVOKED) {
            LockSupport.parkNanos(10_000);
          }
          mirror[s] = (System.nanoTime() - t0) / 1000;
          int sample = s;
          for (int g = 0; g < 3; g++) {
            int gw = g;
            new Thread(() -> {
              try {
                while (status(pollers[gw], ports[gw], t.token()) != 401) {
                  if (System.nanoTime() - t0 > 30_000_000_000L) {
                    throw new IllegalStateException("not enforced within 30 s");
                  }
                }
                micros[sample * 3 + gw] = (System.nanoTime() - t0) / 1000;
              } catch (Exception e) {
                micros[sample * 3 + gw] = Long.MAX_VALUE;
              } finally {
                done.countDown();
              }
            }).start();
          }
          done.await();
          for (int k = 0; k < 5; k++) {
            long p0 = System.nanoTime();
            ping.ping();
            pings[s * 5 + k] = (System.nanoTime() - p0) / 1000;
          }
          Thread.sleep(10);
        }
      }
      double seconds = (System.nanoTime() - loadStart) / 1e9;
      long loadRequests = requests.get() - requestsAtStart;
      stop.set(true);
      Arrays.sort(micros);
      Arrays.sort(pings);
      Arrays.sort(answers);
      Arrays.sort(mirror);
      double pingP50 = pct(pings, 0.50);
      double pingP99 = pct(pings, 0.99);
      double p50 = pct(micros, 0.50);
      double p99 = pct(micros, 0.99);
      System.out.printf("samples %d x 3 gateways, load %d threads, %.0f load requests/s, load average %s%n",
          samples, loadThreads, loadRequests / seconds, Files.readString(Path.of("/proc/loadavg")).trim());
      System.out.printf("redis PING round trip: p50 %.3f ms, p99 %.3f ms%n", pingP50 / 1000, pingP99 / 1000);
      System.out.printf("revoke returned -> an in-process mirror has it (no HTTP): p50 %.3f ms, p99 %.3f ms%n",
          pct(mirror, 0.50) / 1000, pct(mirror, 0.99) / 1000);
      System.out.printf("gateway answer round trip (one request, 200): p50 %.3f ms, p99 %.3f ms%n",
          pct(answers, 0.50) / 1000, pct(answers, 0.99) / 1000);
      System.out.printf("revoke returned -> gateway answers 401: p50 %.3f ms, p99 %.3f ms, max %.3f ms%n",
          p50 / 1000, p99 / 1000, micros[micros.length - 1] / 1000.0);
      System.out.printf("ratio to PING p50: p50 %.1fx, p99 %.1fx%n", p50 / pingP50, p99 / pingP50);
    } finally {
      for (Process p : processes) {
        p.destroy();
      }
      for (Process p : processes) {
        p.waitFor();
      }
    }
  }

  private static double pct(long[] sorted, double q) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * q) - 1)];
  }

  private static int status(HttpClient client, int port, String token) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/auth"))
        .header("Cookie", "__Host-signet=" + token).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static int listeningPort(Process p) throws Exception {
    BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = r.readLine()) != null) {
      Matcher m = LISTENING.matcher(line);
      if (m.find()) {
        Thread drain = new Thread(() -> {
          try {
            while (r.readLine() != null) {
              // Keep the pipe empty.
            }
          } catch (Exception e) {
            // Gone.
          }
        });
        drain.setDaemon(true);
        drain.start();
        return Integer.parseInt(m.group(1));
      }
    }
    throw new IllegalStateException("signet serve did not start");
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void waitForRedis(int port) throws Exception {
    for (int i = 0; i < 200; i++) {
      try (Jedis j = new Jedis(new HostAndPort("127.0.0.1", port),
          DefaultJedisClientConfig.builder().protocol(RedisProtocol.RESP2).autoNegotiateProtocol(false).build())) {
        if ("PONG".equals(j.ping())) {
          return;
        }
      } catch (RuntimeException e) {
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException("redis-server did not start");
  }
}
