package dev.signet.revocation;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The real Redis on 127.0.0.1:6379: tests skip when it is unreachable, and fail instead when the
 * environment sets {@code REQUIRE_REDIS=1} (as {@code .ci/run} does).
 */
public final class RedisSupport {
  static final String HOST = "127.0.0.1";
  static final int PORT = 6379;

  private RedisSupport() {}

  public static void assumeRedis() {
    String why;
    try (Jedis j = new Jedis(HOST, PORT, 1000)) {
      if ("PONG".equals(j.ping())) {
        return;
      }
      why = "unexpected PING reply";
    } catch (RuntimeException e) {
      why = e.toString();
    }
    if ("1".equals(System.getenv("REQUIRE_REDIS"))) {
      fail("REQUIRE_REDIS=1 but Redis on " + HOST + ":" + PORT + " is unreachable: " + why);
    }
    Assumptions.abort("Redis on " + HOST + ":" + PORT + " is unreachable: " + why);
  }

  /** A key prefix no other test uses. */
  static String uniquePrefix() {
    return "signet-test:" + UUID.randomUUID() + ":";
  }

  /** Removes every key under the prefix. */
  public static void deleteAll(String prefix) {
    try (Jedis j = new Jedis(HOST, PORT, 10_000)) {
      ScanParams p = new ScanParams().match(new RedisWire(prefix).scanPattern()).count(1000);
      String cursor = ScanParams.SCAN_POINTER_START;
      do {
        ScanResult<String> page = j.scan(cursor, p);
        cursor = page.getCursor();
        List<String> keys = page.getResult();
        if (!keys.isEmpty()) {
          j.unlink(keys.toArray(new String[0]));
        }
      } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
    } catch (RuntimeException e) {
      // Keys expire by themselves; a failed cleanup only leaves them until then.
    }
  }
}
