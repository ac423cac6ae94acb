package dev.signet.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes connections whose request head is late: a new connection that has not completed a
 * request within the deadline (it sent nothing, or part of a header), or a kept-alive one that
 * started sending its next request and has not completed it within the deadline. The idle
 * timeout alone cannot do this: a client that sends one byte now and then is never idle.
 *
 * <p>Run periodically (a quarter of the deadline) on the server's scheduler. Connections between
 * requests that send nothing are left to the idle (keep-alive) timeout. A request being
 * answered is never cut: the forward-auth handler never blocks, so a request still open after
 * the deadline is one whose head or body has not arrived.
 */
final class HeaderDeadline implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(HeaderDeadline.class);

  private final ServerConnector connector;
  private final long deadlineMs;
  private final Map<EndPoint, Watch> watched = new ConcurrentHashMap<>();

  /** A connection's counters when its current state began, and since when it owes a request head. */
  private static final class Watch {
    final long messagesIn;
    final long messagesOut;
    final long bytesIn;
    long headSince;

    Watch(long messagesIn, long messagesOut, long bytesIn, long headSince) {
      this.messagesIn = messagesIn;
      this.messagesOut = messagesOut;
      this.bytesIn = bytesIn;
      this.headSince = headSince;
    }
  }

  HeaderDeadline(ServerConnector connector, long deadlineMs) {
    this.connector = connector;
    this.deadlineMs = deadlineMs;
  }

  @Override
  public void run() {
    try {
      sweep(System.currentTimeMillis());
    } catch (RuntimeException e) {
      LOG.warn("header deadline sweep failed: {}", e.toString());
    }
  }

  private void sweep(long now) {
    var open = connector.getConnectedEndPoints();
    watched.keySet().retainAll(open);
    for (EndPoint endPoint : open) {
      Connection c = endPoint.getConnection();
      if (c == null || !endPoint.isOpen()) {
        continue;
      }
      long in = c.getMessagesIn();
      long out = c.getMessagesOut();
      Watch w = watched.get(endPoint);
      if (w == null || w.messagesIn != in || w.messagesOut != out) {
        // A new connection owes its first head from its creation; a request started (in > out)
        // owes the rest of it from now; a kept-alive connection owes nothing until it sends.
        long since = in == 0 && out == 0 ? c.getCreatedTimeStamp() : in > out ? now : -1;
        w = new Watch(in, out, c.getBytesIn(), since);
        watched.put(endPoint, w);
      } else if (w.headSince < 0 && c.getBytesIn() > w.bytesIn) {
        w.headSince = now;
      }
      if (w.headSince >= 0 && now - w.headSince > deadlineMs) {
        watched.remove(endPoint);
        LOG.debug("closing a connection whose request head is late ({} ms)", now - w.headSince);
        endPoint.close();
      }
    }
  }
}
