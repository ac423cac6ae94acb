package dev.signet.http;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drain before Jetty stops: close the listening socket and wait until the kernel refuses
 * new connections (they are never left in a backlog to be reset), answer every request with
 * {@code Connection: close} (the handler's {@code draining} flag), and close a connection only
 * once it has had no request in progress and received nothing for a while. Jetty's own graceful stop closes idle
 * connections at once, which resets a request a client has just sent on one.
 */
final class Drain {
  private static final Logger LOG = LoggerFactory.getLogger(Drain.class);

  /** The longest wait for the listening socket to refuse connections once closed. */
  private static final long MAX_CLOSE_WAIT_NANOS = 1_000_000_000L;

  private Drain() {}

  /** Where a connection to the listening socket goes: its own address, or loopback for a wildcard one. */
  private static InetSocketAddress probeAddress(ServerConnector connector) {
    int port = connector.getLocalPort();
    if (port <= 0) {
      return null;
    }
    String host = connector.getHost();
    try {
      InetAddress address = host == null ? InetAddress.getLoopbackAddress() : InetAddress.getByName(host);
      if (address.isAnyLocalAddress()) {
        address = InetAddress.getLoopbackAddress();
      }
      return new InetSocketAddress(address, port);
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * Waits until a connection to the closed listening socket is refused. The JDK closes a socket
   * that Jetty's acceptor thread is blocked accepting on only once that thread has woken from
   * {@code accept}, which on a busy machine takes a few milliseconds; until then the kernel goes
   * on completing handshakes into the backlog, and every connection there is reset when the
   * socket is finally released. A probe that connects meanwhile is closed at once (Jetty, if it
   * still accepts it, sees an empty connection end).
   */
  private static void awaitRefused(InetSocketAddress listening, long untilNanos) {
    while (System.nanoTime() < untilNanos) {
      try (Socket probe = new Socket()) {
        probe.connect(listening, 100);
      } catch (ConnectException refused) {
        return;
      } catch (SocketTimeoutException slow) {
        continue;
      } catch (IOException e) {
        return; // unreachable from here: nothing to wait for
      }
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Drains {@code connector} until no connection is left or {@code deadlineNanos} (of
   * {@link System#nanoTime()}) passes; a connection with nothing in progress for
   * {@code quietMs} is closed.
   */
  static void run(ServerConnector connector, ForwardAuthHandler handler, long deadlineNanos, long quietMs) {
    // Close the listening socket before the first "Connection: close" answer goes out: a client
    // told to close reconnects at once, and a connection still waiting in the accept backlog
    // when the socket closes is reset by the kernel.
    InetSocketAddress listening = probeAddress(connector);
    try {
      connector.close();
    } catch (RuntimeException e) {
      LOG.debug("closing the listening socket failed: {}", e.toString());
    }
    if (listening != null) {
      awaitRefused(listening, Math.min(deadlineNanos, System.nanoTime() + MAX_CLOSE_WAIT_NANOS));
    }
    handler.draining = true;
    Map<EndPoint, long[]> seen = new HashMap<>(); // endpoint -> {messagesIn, messagesOut, bytesIn, since}
    while (System.nanoTime() < deadlineNanos) {
      var open = connector.getConnectedEndPoints();
      if (open.isEmpty()) {
        return;
      }
      long now = System.nanoTime() / 1_000_000;
      seen.keySet().retainAll(open);
      for (EndPoint endPoint : open) {
        Connection c = endPoint.getConnection();
        if (c == null) {
          continue;
        }
        long[] state = {c.getMessagesIn(), c.getMessagesOut(), c.getBytesIn(), now};
        long[] before = seen.get(endPoint);
        if (before == null || before[0] != state[0] || before[1] != state[1] || before[2] != state[2]) {
          seen.put(endPoint, state);
        } else if (state[0] == state[1] && now - before[3] >= quietMs) {
          endPoint.close();
        }
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
