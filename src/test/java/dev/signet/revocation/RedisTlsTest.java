package dev.signet.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.Session;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 2 of the production-Redis issue: TLS with a CA the test makes with openssl works
 * (client certificate included), and a server certificate for another host name is refused.
 */
class RedisTlsTest {
  @TempDir static Path dir;
  static TestPki pki;
  static Path[] clientCert;
  /** Certificate for 127.0.0.1; requires a client certificate. */
  static RedisProcess right;
  /** Certificate for other.example only, from the same CA. */
  static RedisProcess wrongName;

  private final Tokens tokens = new Tokens(new MutableClock(Instant.now()));

  @BeforeAll
  static void start() throws Exception {
    RedisProcess.binary();
    pki = TestPki.create(dir.resolve("pki"));
    Path[] server = pki.issue("server", "IP:127.0.0.1", false);
    Path[] other = pki.issue("other", "DNS:other.example", false);
    clientCert = pki.issue("gateway", null, true);
    right = RedisProcess.start(dir.resolve("right"), "--tls-port", "0", "--tls-cert-file", server[0].toString(),
        "--tls-key-file", server[1].toString(), "--tls-ca-cert-file", pki.caCert.toString(), "--tls-auth-clients", "yes");
    wrongName = RedisProcess.start(dir.resolve("wrong"), "--tls-port", "0", "--tls-cert-file", other[0].toString(),
        "--tls-key-file", other[1].toString(), "--tls-ca-cert-file", pki.caCert.toString(), "--tls-auth-clients", "no");
  }

  @AfterAll
  static void stop() throws Exception {
    for (RedisProcess r : new RedisProcess[] {right, wrongName}) {
      if (r != null) {
        r.close();
      }
    }
  }

  private static RedisRevocationList.Builder tls(RedisProcess r) {
    return RedisRevocationList.builder("rediss://127.0.0.1:" + r.port()).trustedCertificates(pki.caCert)
        .clientCertificate(clientCert[0], clientCert[1]);
  }

  @Test
  void tlsWithTheTestCa_andAClientCertificate_revokesAndMirrors() throws Exception {
    Session s = tokens.start("alice").session();
    try (RedisRevocationList gateway = tls(right).build();
        RedisRevocationList writer = tls(right).mirror(false).build()) {
      writer.revoke(Revocation.token(s.tokenId(), Instant.now().plus(Duration.ofHours(1))));

      long end = System.nanoTime() + 10_000_000_000L;
      while (gateway.check(s) != RevocationList.Status.REVOKED && System.nanoTime() < end) {
        Thread.sleep(10);
      }
      assertEquals(RevocationList.Status.REVOKED, gateway.check(s));
    }
  }

  @Test
  void serverCertificateForAnotherHostName_isRefused() {
    IOException e = assertThrows(IOException.class, () -> tls(wrongName).build());

    assertTrue(e.getMessage().startsWith("cannot reach Redis at 127.0.0.1:" + wrongName.port() + ": TLS: "), e.getMessage());
    assertTrue(e.getMessage().contains("127.0.0.1"), e.getMessage());
  }

  @Test
  void serverTheJdkTrustStoreDoesNotKnow_isRefused() {
    IOException e = assertThrows(IOException.class, () -> RedisRevocationList.builder("rediss://127.0.0.1:" + right.port())
        .clientCertificate(clientCert[0], clientCert[1]).build());

    assertTrue(e.getMessage().contains("TLS: "), e.getMessage());
  }

  @Test
  void tlsFilesWithoutRediss_failAtBuild() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> RedisRevocationList.builder("redis://127.0.0.1:" + right.port()).trustedCertificates(pki.caCert).build());

    assertTrue(e.getMessage().contains("rediss://"), e.getMessage());
  }
}
