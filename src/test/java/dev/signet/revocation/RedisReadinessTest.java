package dev.signet.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.TokenVerifier;
import dev.signet.http.ForwardAuthServer;
import dev.signet.keys.Keyset;
import dev.signet.metrics.RevocationMetrics;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /readyz} as {@code signet serve} wires it (readiness = the revocation store's
 * freshness) over a Redis store whose connection is cut past the staleness bound, then restored.
 */
class RedisReadinessTest {
  @BeforeAll
  static void redis() {
    RedisSupport.assumeRedis();
  }

  private static int readyz(HttpClient client, int port) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz"))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static int await(HttpClient client, int port, int wanted, Duration within) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    int status = readyz(client, port);
    while (status != wanted && System.nanoTime() < deadline) {
      Thread.sleep(50);
      status = readyz(client, port);
    }
    return status;
  }

  @Test
  void readyz_is503PastTheStalenessBound_and200AfterRecovery() throws Exception {
    Keyset keys = Keyset.generate();
    try (TcpProxy proxy = new TcpProxy(RedisSupport.HOST, RedisSupport.PORT);
        RedisRevocationList store = RedisRevocationList.builder("127.0.0.1", proxy.port())
            .keyPrefix("signet-test:readyz:" + System.nanoTime() + ":")
            .heartbeatInterval(Duration.ofMillis(100)).stalenessBound(Duration.ofMillis(400)).build()) {
      RevocationMetrics revocations = new RevocationMetrics(store);
      TokenVerifier verifier = TokenVerifier.builder(keys.verifierOnly()).issuer("https://login.test")
          .audience("api").revocations(store).build();
      try (ForwardAuthServer server = ForwardAuthServer.builder(verifier)
          .listen(new InetSocketAddress("127.0.0.1", 0)).readiness(revocations::isFresh).build().start()) {
        HttpClient client = HttpClient.newHttpClient();
        int port = server.address().getPort();
        assertEquals(200, await(client, port, 200, Duration.ofSeconds(10)), "ready once the mirror is in sync");
        proxy.cut();
        assertEquals(503, await(client, port, 503, Duration.ofSeconds(10)), "not ready past the staleness bound");
        proxy.restore();
        assertEquals(200, await(client, port, 200, Duration.ofSeconds(20)), "ready again after the resync");
      }
    }
  }
}
