package dev.signet.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.NewSession;
import dev.signet.TokenIssuer;
import dev.signet.TokenVerifier;
import dev.signet.keys.Keyset;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Slow and silent clients: 100 connections that send half a request head and stall, and 100 that
 * never send, while valid requests keep coming on fresh connections.
 */
class ForwardAuthServerSlowClientTest {
  private static final Keyset KEYS = Keyset.generate();
  private static final Duration HEADER_TIMEOUT = Duration.ofSeconds(2);

  private static String token() {
    return TokenIssuer.builder(KEYS).issuer("https://login.test").audience("api").build()
        .start(NewSession.forSubject("alice")).token();
  }

  /** One request on a fresh connection: the status line's code, read within 5 s. */
  private static int requestOnFreshConnection(int port, String token) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      s.setSoTimeout(5000);
      s.getOutputStream().write(("GET /auth HTTP/1.1\r\nHost: gw\r\nCookie: __Host-signet=" + token
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      byte[] head = s.getInputStream().readNBytes(12);
      return Integer.parseInt(new String(head, StandardCharsets.US_ASCII).substring(9, 12));
    }
  }

  /** Whether the server has closed the socket (end of stream or reset), waiting at most {@code ms}. */
  private static boolean closedWithin(Socket s, int ms) throws IOException {
    s.setSoTimeout(ms);
    try {
      InputStream in = s.getInputStream();
      while (true) {
        if (in.read() < 0) {
          return true;
        }
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset
    }
  }

  @Test
  void stalledAndSilentConnections_doNotDelayOthers_andAreClosedAfterTheHeaderTimeout() throws Exception {
    TokenVerifier verifier = TokenVerifier.builder(KEYS.verifierOnly()).issuer("https://login.test").audience("api").build();
    try (ForwardAuthServer server = ForwardAuthServer.builder(verifier).listen(new InetSocketAddress("127.0.0.1", 0))
        .threads(2).headerTimeout(HEADER_TIMEOUT).build().start()) {
      int port = server.address().getPort();
      String token = token();
      assertEquals(200, requestOnFreshConnection(port, token));
      List<Socket> stalled = new ArrayList<>();
      long openedAt = System.nanoTime();
      for (int i = 0; i < 100; i++) {
        Socket half = new Socket("127.0.0.1", port);
        OutputStream out = half.getOutputStream();
        out.write("GET /auth HTTP/1.1\r\nHost: gw\r\nCookie: __Host-signet=".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        stalled.add(half);
        stalled.add(new Socket("127.0.0.1", port)); // never sends
      }
      // Valid requests on fresh connections while the 200 stall, until past the deadline.
      List<Long> micros = new ArrayList<>();
      long until = openedAt + HEADER_TIMEOUT.toNanos() + Duration.ofMillis(500).toNanos();
      while (System.nanoTime() < until || micros.size() < 100) {
        long t0 = System.nanoTime();
        assertEquals(200, requestOnFreshConnection(port, token));
        micros.add((System.nanoTime() - t0) / 1000);
      }
      long[] sorted = micros.stream().mapToLong(Long::longValue).sorted().toArray();
      long p99 = sorted[(int) Math.ceil(sorted.length * 0.99) - 1];
      assertTrue(p99 < 100_000, "p99 " + p99 + " µs over " + sorted.length + " requests: "
          + Arrays.toString(Arrays.copyOfRange(sorted, Math.max(0, sorted.length - 5), sorted.length)));

      // Every stalled connection is closed by the server: not before the deadline, soon after it.
      long elapsedMs = (System.nanoTime() - openedAt) / 1_000_000;
      int closed = 0;
      for (Socket s : stalled) {
        if (closedWithin(s, (int) Math.max(1, HEADER_TIMEOUT.toMillis() + 2000 - (System.nanoTime() - openedAt) / 1_000_000))) {
          closed++;
        }
        s.close();
      }
      assertEquals(200, closed, "stalled connections closed by the server");
      assertTrue(elapsedMs >= HEADER_TIMEOUT.toMillis(), "the valid requests ran past the deadline");
    }
  }

  @Test
  void stalledConnection_isStillOpenBeforeTheHeaderTimeout() throws Exception {
    TokenVerifier verifier = TokenVerifier.builder(KEYS.verifierOnly()).issuer("https://login.test").audience("api").build();
    try (ForwardAuthServer server = ForwardAuthServer.builder(verifier).listen(new InetSocketAddress("127.0.0.1", 0))
        .headerTimeout(HEADER_TIMEOUT).build().start();
        Socket half = new Socket("127.0.0.1", server.address().getPort())) {
      long t0 = System.nanoTime();
      half.getOutputStream().write("GET /auth HTTP/1.1\r\nHo".getBytes(StandardCharsets.US_ASCII));
      assertTrue(!closedWithin(half, (int) HEADER_TIMEOUT.toMillis() / 2), "closed before the deadline");
      assertTrue(closedWithin(half, (int) HEADER_TIMEOUT.toMillis() + 2000), "not closed after the deadline");
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertTrue(ms >= HEADER_TIMEOUT.toMillis(), "closed after " + ms + " ms");
    }
  }

  @Test
  void tooManyHeaderFields_is431() throws Exception {
    TokenVerifier verifier = TokenVerifier.builder(KEYS.verifierOnly()).issuer("https://login.test").audience("api").build();
    try (ForwardAuthServer server = ForwardAuthServer.builder(verifier).listen(new InetSocketAddress("127.0.0.1", 0))
        .maxHeaderCount(8).build().start();
        Socket s = new Socket("127.0.0.1", server.address().getPort())) {
      StringBuilder req = new StringBuilder("GET /auth HTTP/1.1\r\nHost: gw\r\n");
      for (int i = 0; i < 10; i++) {
        req.append("X-Filler-").append(i).append(": x\r\n");
      }
      s.getOutputStream().write(req.append("Connection: close\r\n\r\n").toString().getBytes(StandardCharsets.US_ASCII));
      s.setSoTimeout(5000);
      String head = new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
      assertEquals("431", head.substring(9, 12));
    }
  }
}
