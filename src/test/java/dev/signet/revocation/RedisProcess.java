package dev.signet.revocation;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;

/**
 * A {@code redis-server} process of a test's own, on a free loopback port, with its files in a
 * folder of the test's own; never the shared server on 6379. Tests skip when the binary is
 * missing, and fail instead when {@code REQUIRE_REDIS=1} (as {@code .ci/run} sets).
 */
public final class RedisProcess implements AutoCloseable {
  private static final String[] BINARIES = {"/usr/bin/redis-server", "/usr/local/bin/redis-server"};

  private final Path dir;
  private final int port;
  private final List<String> args;
  private final boolean tls;
  private Process process;

  private RedisProcess(Path dir, int port, List<String> args, boolean tls) {
    this.dir = dir;
    this.port = port;
    this.args = List.copyOf(args);
    this.tls = tls;
  }

  /** The redis-server binary; skips (or, with REQUIRE_REDIS=1, fails) the test if there is none. */
  public static String binary() {
    for (String b : BINARIES) {
      if (Files.isExecutable(Path.of(b))) {
        return b;
      }
    }
    String why = "no redis-server binary in " + String.join(" or ", BINARIES);
    if ("1".equals(System.getenv("REQUIRE_REDIS"))) {
      fail("REQUIRE_REDIS=1 but " + why);
    }
    Assumptions.abort(why);
    return null;
  }

  /** A free loopback port (and, for Cluster, its bus port + 10000 free too). */
  public static int freePort() throws IOException {
    for (int i = 0; i < 50; i++) {
      int p;
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        p = s.getLocalPort();
      }
      if (p > 55000) {
        continue;
      }
      try (ServerSocket bus = new ServerSocket(p + 10000, 1, InetAddress.getLoopbackAddress())) {
        return p;
      } catch (IOException busy) {
        // Try another.
      }
    }
    throw new IOException("no free port pair found");
  }

  /** Starts a server with no persistence plus {@code extra} arguments; waits until it answers PING. */
  public static RedisProcess start(Path dir, String... extra) throws IOException, InterruptedException {
    return start(dir, freePort(), extra);
  }

  static RedisProcess start(Path dir, int port, String... extra) throws IOException, InterruptedException {
    binary();
    Files.createDirectories(dir);
    List<String> a = new ArrayList<>(List.of("--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
        "--dir", dir.toString(), "--logfile", dir.resolve("redis-" + port + ".log").toString()));
    boolean tls = false;
    for (String e : extra) {
      if ("--tls-port".equals(e)) {
        tls = true;
      }
    }
    if (tls) {
      a.addAll(List.of("--port", "0", "--tls-port", Integer.toString(port)));
    } else {
      a.addAll(List.of("--port", Integer.toString(port)));
    }
    for (int i = 0; i < extra.length; i++) {
      if ("--tls-port".equals(extra[i])) {
        i++;
        continue;
      }
      a.add(extra[i]);
    }
    RedisProcess r = new RedisProcess(dir, port, a, tls);
    r.launch();
    return r;
  }

  /** Starts a sentinel watching {@code master} at {@code masterPort}. */
  public static RedisProcess sentinel(Path dir, String master, int masterPort, int quorum) throws IOException, InterruptedException {
    binary();
    Files.createDirectories(dir);
    int port = freePort();
    Path conf = dir.resolve("sentinel-" + port + ".conf");
    Files.writeString(conf, String.join("\n",
        "port " + port,
        "bind 127.0.0.1",
        "dir " + dir,
        "logfile " + dir.resolve("sentinel-" + port + ".log"),
        "sentinel monitor " + master + " 127.0.0.1 " + masterPort + " " + quorum,
        "sentinel down-after-milliseconds " + master + " 1000",
        "sentinel failover-timeout " + master + " 5000",
        "sentinel parallel-syncs " + master + " 1",
        ""));
    RedisProcess r = new RedisProcess(dir, port, List.of(conf.toString(), "--sentinel"), false);
    r.launch();
    return r;
  }

  private void launch() throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(binary());
    cmd.addAll(args);
    process = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(dir.resolve("stdout-" + port + ".log").toFile()).start();
    long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    IOException last = null;
    while (System.nanoTime() < end) {
      if (!process.isAlive()) {
        throw new IOException("redis-server exited with " + process.exitValue() + "; see " + dir);
      }
      if (tls) {
        // A TLS listener: wait for the port only; the test's own client checks the handshake.
        try (java.net.Socket s = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
          return;
        } catch (IOException e) {
          last = e;
        }
      } else {
        try (Jedis j = new Jedis(new HostAndPort("127.0.0.1", port), quiet().timeoutMillis(1000).build())) {
          String pong = j.ping();
          if ("PONG".equals(pong)) {
            return;
          }
        } catch (RuntimeException e) {
          if (String.valueOf(e.getMessage()).contains("NOAUTH")) {
            return;
          }
          last = new IOException(e);
        }
      }
      Thread.sleep(20);
    }
    throw new IOException("redis-server on port " + port + " did not start", last);
  }

  public int port() {
    return port;
  }

  public HostAndPort address() {
    return new HostAndPort("127.0.0.1", port);
  }

  /** A plain client (default user, no password). */
  public Jedis client() {
    return new Jedis(address(), quiet().timeoutMillis(10_000).build());
  }

  /** A client configuration without Jedis 8's RESP3 negotiation (and its warning). */
  public static DefaultJedisClientConfig.Builder quiet() {
    return DefaultJedisClientConfig.builder().autoNegotiateProtocol(false);
  }

  public Jedis client(JedisClientConfig config) {
    return new Jedis(address(), config);
  }

  /** SIGKILL: no chance to save or to tell anyone. */
  public void kill() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** Starts the server again on the same port with the same arguments (empty, without persistence). */
  public void restart() throws IOException, InterruptedException {
    kill();
    launch();
  }

  /** Stops (SIGSTOP) or resumes (SIGCONT) the process, as a stalled server or a long GC pause would. */
  public void signal(String signal) throws IOException, InterruptedException {
    Process k = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
    if (!k.waitFor(10, TimeUnit.SECONDS) || k.exitValue() != 0) {
      throw new IOException("kill -" + signal + " failed");
    }
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }
}
