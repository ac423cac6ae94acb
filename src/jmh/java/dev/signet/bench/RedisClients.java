package dev.signet.bench;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.RedisProtocol;

/**
 * How Signet chose its Redis client (README, dependency section): the round trip of the script
 * {@code revoke} runs, and the time from that script's publish to a subscriber's callback, with
 * Jedis and with Lettuce (Spring Boot's default client), against one Redis of its own, in
 * alternating rounds so both see the same machine.
 *
 * <pre>
 * mvn -B -Pbench -DskipTests package
 * java -cp target/benchmarks.jar dev.signet.bench.RedisClients [ROUNDS] [CALLS]
 * </pre>
 */
public final class RedisClients {
  private static final String SCRIPT =
      "local cur = tonumber(redis.call('GET', KEYS[1]) or '0')\n"
          + "if cur < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], ARGV[1], 'PXAT', ARGV[1]) end\n"
          + "return redis.call('PUBLISH', ARGV[2], ARGV[3])";

  private RedisClients() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    int calls = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    Path dir = Files.createTempDirectory("signet-redis-clients");
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Process redis = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no", "--dir", dir.toString()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("redis.log").toFile()).start();
    try {
      Thread.sleep(500);
      String expires = Long.toString(System.currentTimeMillis() + 600_000);
      for (int r = 0; r < rounds; r++) {
        System.out.println("jedis   " + jedis(port, calls, expires));
        System.out.println("lettuce " + lettuce(port, calls, expires));
      }
      System.out.printf("load average %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
    } finally {
      redis.destroy();
      redis.waitFor();
    }
  }

  private static String jedis(int port, int calls, String expires) throws Exception {
    BlockingQueue<Long> delivered = new LinkedBlockingQueue<>();
    JedisClientConfig config = DefaultJedisClientConfig.builder().protocol(RedisProtocol.RESP2)
        .autoNegotiateProtocol(false).build();
    HostAndPort at = new HostAndPort("127.0.0.1", port);
    try (Jedis sub = new Jedis(at, config); Jedis cmd = new Jedis(at, config)) {
      JedisPubSub listener = new JedisPubSub() {
        @Override
        public void onMessage(String channel, String message) {
          delivered.add(System.nanoTime());
        }
      };
      Thread t = new Thread(() -> sub.subscribe(listener, "bench:jedis"));
      t.start();
      while (!listener.isSubscribed()) {
        Thread.sleep(10);
      }
      long[] rt = new long[calls];
      long[] del = new long[calls];
      for (int i = 0; i < calls; i++) {
        long t0 = System.nanoTime();
        cmd.eval(SCRIPT, List.of("bench:j:" + i), List.of(expires, "bench:jedis", "m"));
        rt[i] = System.nanoTime() - t0;
        del[i] = delivered.take() - t0;
      }
      listener.unsubscribe();
      t.join();
      return "revoke script round trip " + pct(rt) + " | publish -> subscriber " + pct(del);
    }
  }

  private static String lettuce(int port, int calls, String expires) throws Exception {
    BlockingQueue<Long> delivered = new LinkedBlockingQueue<>();
    RedisClient client = RedisClient.create("redis://127.0.0.1:" + port);
    try (StatefulRedisPubSubConnection<String, String> sub = client.connectPubSub();
        StatefulRedisConnection<String, String> conn = client.connect()) {
      sub.addListener(new RedisPubSubAdapter<String, String>() {
        @Override
        public void message(String channel, String message) {
          delivered.add(System.nanoTime());
        }
      });
      sub.sync().subscribe("bench:lettuce");
      RedisCommands<String, String> cmd = conn.sync();
      long[] rt = new long[calls];
      long[] del = new long[calls];
      for (int i = 0; i < calls; i++) {
        long t0 = System.nanoTime();
        cmd.eval(SCRIPT, ScriptOutputType.INTEGER, new String[] {"bench:l:" + i}, expires, "bench:lettuce", "m");
        rt[i] = System.nanoTime() - t0;
        del[i] = delivered.take() - t0;
      }
      return "revoke script round trip " + pct(rt) + " | publish -> subscriber " + pct(del);
    } finally {
      client.shutdown();
    }
  }

  private static String pct(long[] a) {
    Arrays.sort(a);
    return String.format("p50 %.0f us, p99 %.0f us", a[a.length / 2] / 1000.0, a[(int) (a.length * 0.99)] / 1000.0);
  }
}
