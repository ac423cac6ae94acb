package dev.signet.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The Jetty 12 server under {@link ForwardAuthServer}, with its limits: HTTP/1.1 with keep-alive,
 * a request-head size limit, a connection cap, an idle (keep-alive) timeout, a request-head
 * deadline ({@link HeaderDeadline}), a bounded thread pool, and a drain
 * on stop. Network I/O is non-blocking: a slow or silent client holds a socket and a buffer,
 * never a thread, so it cannot delay accepting or another client.
 */
final class JettyServer {
  private final Server server;
  private final ServerConnector connector;
  private final long headerDeadlineMs;
  private final long drainMs;
  private final ForwardAuthHandler handler;
  private Scheduler.Task sweep;

  JettyServer(ForwardAuthServer.Builder b, ForwardAuthHandler handler) {
    // The handler never blocks, so Jetty runs it on the selector thread that read the request:
    // one selector per core lets verification use every core (one selector measured half).
    int selectors = Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));
    int acceptors = 1;
    // Jetty's own threads (acceptor, selectors) come on top of the workers.
    // Jetty's default queue: a task refused half-way through a request would drop that request,
    // so the bound is the connection cap (each connection has at most a task or two queued).
    int max = b.threads + acceptors + selectors + 1;
    QueuedThreadPool pool = new QueuedThreadPool(max, Math.min(max, 8));
    pool.setName("signet-serve");
    pool.setDaemon(true);
    server = new Server(pool);
    HttpConfiguration http = new HttpConfiguration();
    http.setRequestHeaderSize(b.maxRequestHeaderBytes);
    http.setResponseHeaderSize(16384);
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    connector = new ServerConnector(server, acceptors, selectors, new HttpConnectionFactory(http));
    InetSocketAddress listen = b.listen;
    connector.setHost(listen.getHostString());
    connector.setPort(listen.getPort());
    connector.setIdleTimeout(b.idleTimeout.toMillis());
    connector.setAcceptQueueSize(1024);

    server.addConnector(connector);
    server.addBean(new NetworkConnectionLimit(b.maxConnections, connector));
    server.setHandler(handler);
    // Drain does the graceful part; Jetty's stop then only closes what is left.
    server.setStopTimeout(0);
    this.drainMs = b.shutdownGrace.toMillis();
    this.handler = handler;
    server.setStopAtShutdown(false);
    this.headerDeadlineMs = b.headerTimeout.toMillis();
  }

  void start() throws IOException {
    try {
      server.start();
    } catch (IOException e) {
      stopQuietly();
      throw e;
    } catch (Exception e) {
      stopQuietly();
      throw new IOException(e.getMessage(), e);
    }
    long period = Math.max(50, Math.min(1000, headerDeadlineMs / 4));
    HeaderDeadline deadline = new HeaderDeadline(connector, headerDeadlineMs);
    Scheduler scheduler = server.getScheduler();
    schedule(scheduler, deadline, period);
  }

  private void schedule(Scheduler scheduler, Runnable task, long periodMs) {
    sweep = scheduler.schedule(() -> {
      task.run();
      if (server.isRunning()) {
        schedule(scheduler, task, periodMs);
      }
    }, periodMs, TimeUnit.MILLISECONDS);
  }

  InetSocketAddress address() {
    return new InetSocketAddress(connector.getHost(), connector.getLocalPort());
  }

  /**
   * Drains and stops: stops accepting (the listening socket closes, so new connections are
   * refused), answers requests in progress with {@code Connection: close}, closes connections
   * with no request in progress, and after at most the drain time closes whatever is left.
   */
  void stop() {
    // A busy client gets "Connection: close" on its next answer long before a connection is
    // quiet this long; a client that sends on a quiet connection just as it closes meets the
    // race every HTTP/1.1 keep-alive close has (clients retry idempotent requests).
    long start = System.nanoTime();
    Drain.run(connector, handler, start + drainMs * 1_000_000, Math.max(1, drainMs / 2));
    try {
      server.stop();
    } catch (Exception e) {
      stopQuietly();
    }
    if (sweep != null) {
      sweep.cancel();
    }
  }

  private void stopQuietly() {
    try {
      server.setStopTimeout(0);
      server.stop();
    } catch (Exception ignored) {
      // Already failing; nothing more to do.
    }
  }
}
