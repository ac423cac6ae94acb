package dev.signet.http;

import java.util.HashMap;
import java.util.Map;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drain before Jetty stops: close the listening socket (new connections are refused at
 * once, never left in a backlog to be reset), answer every request with {@code Connection:
 * close} (the handler's {@code draining} flag), and close a connection only once it has had no
 * request in progress and received nothing for a while. Jetty's own graceful stop closes idle
 * connections at once, which resets a request a client has just sent on one.
 */
final class Drain {
  private static final Logger LOG = LoggerFactory.getLogger(Drain.class);

  private Drain() {}

  /**
   * Drains {@code connector} until no connection is left or {@code deadlineNanos} (of
   * {@link System#nanoTime()}) passes; a connection with nothing in progress for
   * {@code quietMs} is closed.
   */
  static void run(ServerConnector connector, ForwardAuthHandler handler, long deadlineNanos, long quietMs) {
    // Close the listening socket before the first "Connection: close" answer goes out: a client
    // told to close reconnects at once, and a connection still waiting in the accept backlog
    // when the socket closes is reset by the kernel.
    try {
      connector.close();
    } catch (RuntimeException e) {
      LOG.debug("closing the listening socket failed: {}", e.toString());
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
