package dev.signet.http;

import dev.signet.TokenVerifier;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A forward-auth HTTP server: gateways that are not Java (nginx {@code auth_request}, Caddy
 * {@code forward_auth}, Traefik {@code forwardAuth}, Envoy {@code ext_authz} in HTTP
 * mode) ask it whether the session carried by the original request is valid.
 *
 * <pre>{@code
 * try (ForwardAuthServer server = ForwardAuthServer.builder(verifier)
 *     .listen(new InetSocketAddress("127.0.0.1", 9000))
 *     .build()
 *     .start()) {
 *   ...
 * }
 * }</pre>
 *
 * <p>Endpoints:
 *
 * <ul>
 *   <li>the auth path (default {@code /auth}, and every path below it, so Envoy's
 *       {@code path_prefix} works), any method: reads the token by the one precedence
 *       of the package ({@code Authorization: Bearer} first, then the session cookie, default
 *       {@code __Host-signet}; another {@code Authorization} scheme never hides the cookie).
 *       A valid session gets {@code 200} with the
 *       headers {@code X-Signet-Subject} (the subject), {@code X-Signet-Session} (the
 *       {@code sid}) and {@code X-Signet-Roles} (the roles, comma-separated); an invalid or
 *       missing one gets {@code 401}, and a revocation list that cannot answer gets {@code 503};
 *       neither carries a body or a reason. Subject and roles are percent-encoded (UTF-8) where
 *       they hold a character outside printable ASCII, {@code %}, or (in roles) {@code ,}.
 *   <li>{@code /healthz}: {@code 200} while the server runs, with the {@linkplain Builder#health
 *       health line} as its body if one is given (no body otherwise).
 *   <li>{@code /readyz}: {@code 200} while the {@linkplain Builder#readiness readiness check}
 *       holds (keys loaded, revocations fresh, as {@code signet serve} configures it), else
 *       {@code 503}.
 *   <li>{@code /metrics}: the {@linkplain Builder#metrics metrics text} when configured
 *       (Prometheus text in {@code signet serve}), else {@code 404}.
 *   <li>anything else: {@code 404}; a request with more header fields than the limit: {@code 431}.
 * </ul>
 *
 * <p>It runs on Jetty 12 (an optional dependency: only this class needs it), HTTP/1.1 with
 * keep-alive. Network I/O is non-blocking, so a slow or silent client holds a socket, never a
 * thread: it cannot delay accepting or any other client. Limits: request head size
 * ({@link Builder#maxRequestHeaderBytes}) and field count, a connection cap
 * ({@link Builder#maxConnections}), a request-head deadline ({@link Builder#headerTimeout}), a
 * keep-alive idle timeout ({@link Builder#idleTimeout}), and a bounded thread pool. As Jetty
 * advises, backpressure comes from the connection cap, not from a queue that would drop
 * requests half handled: the work queue holds at most a task or two per open connection, so
 * it is bounded by the cap. {@link #close()} drains: it stops accepting, answers the requests in progress,
 * closes idle connections, and returns within {@link Builder#shutdownGrace} (plus a moment).
 *
 * <p><b>Security:</b> the rejection reason goes to the log (one INFO line per reason at most
 * every {@link Builder#rejectionLogInterval interval}, with a count; never the token) and to
 * the counters, never to the client. Two session cookies of the configured name in one request
 * are refused (401), so a cookie planted beside the real one cannot choose which session the
 * gateway sees. The gateway must overwrite, never append to, any {@code X-Signet-*} header the
 * client sent (see docs/GATEWAYS.md).
 */
public final class ForwardAuthServer implements AutoCloseable {
  /** The default session cookie name. */
  public static final String DEFAULT_COOKIE_NAME = "__Host-signet";
  /** The default auth path. */
  public static final String DEFAULT_AUTH_PATH = "/auth";
  /** The liveness path. */
  public static final String HEALTH_PATH = "/healthz";
  /** The readiness path. */
  public static final String READY_PATH = "/readyz";
  /** The metrics path. */
  public static final String METRICS_PATH = "/metrics";

  private static final Logger LOG = LoggerFactory.getLogger(ForwardAuthServer.class);

  private final ForwardAuthHandler handler;
  private final JettyServer jetty;
  private final Object lifecycle = new Object();
  private boolean started;
  private boolean closed;

  private ForwardAuthServer(Builder b) {
    this.handler = new ForwardAuthHandler(b);
    this.jetty = new JettyServer(b, handler);
  }

  /** A builder for a server answering with {@code verifier}. */
  public static Builder builder(TokenVerifier verifier) {
    return new Builder(verifier);
  }

  /**
   * Binds the listening socket and starts serving.
   *
   * @return this server
   * @throws IOException if the address cannot be bound
   * @throws IllegalStateException if the server was started or closed before
   */
  public ForwardAuthServer start() throws IOException {
    synchronized (lifecycle) {
      if (started || closed) {
        throw new IllegalStateException("a ForwardAuthServer starts once");
      }
      jetty.start();
      started = true;
      InetSocketAddress a = jetty.address();
      LOG.info("forward-auth server listening on {}:{}", a.getHostString(), a.getPort());
      return this;
    }
  }

  /** The bound address (with the actual port when the server was asked for port 0). */
  public InetSocketAddress address() {
    synchronized (lifecycle) {
      if (!started) {
        throw new IllegalStateException("not started");
      }
      return jetty.address();
    }
  }

  /** Requests answered 200 on the auth path so far. */
  public long acceptedCount() {
    return handler.accepted.sum();
  }

  /** Requests answered 401 so far. */
  public long rejectedCount() {
    return handler.rejected.sum();
  }

  /** Requests answered 503 (revocation list unavailable) so far. */
  public long unavailableCount() {
    return handler.unavailable.sum();
  }

  /**
   * Drains and stops: stops accepting (new connections are refused), answers the requests in
   * progress (with {@code Connection: close}), closes connections with no request in progress,
   * and closes whatever is left once {@link Builder#shutdownGrace} has passed. Idempotent.
   */
  @Override
  public void close() {
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
      if (!started) {
        return;
      }
    }
    long start = System.nanoTime();
    jetty.stop();
    LOG.info("forward-auth server stopped: {} accepted, {} rejected, {} unavailable (drained in {} ms)",
        acceptedCount(), rejectedCount(), unavailableCount(), (System.nanoTime() - start) / 1_000_000);
  }

  /** Configures a {@link ForwardAuthServer}; each setter validates its argument at once. */
  public static final class Builder {
    final TokenVerifier verifier;
    InetSocketAddress listen = new InetSocketAddress("127.0.0.1", 9000);
    String authPath = DEFAULT_AUTH_PATH;
    String cookieName = DEFAULT_COOKIE_NAME;
    SessionCookie cookie;
    String fingerprintCookieName = SessionCookie.DEFAULT_FINGERPRINT_NAME;
    String clientAddressHeader;
    int threads = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
    int maxConnections = 4096;
    int maxRequestHeaderBytes = 16384;
    int maxHeaderCount = 100;
    Duration headerTimeout = Duration.ofSeconds(10);
    Duration idleTimeout = Duration.ofSeconds(60);
    Duration shutdownGrace = Duration.ofSeconds(5);
    Duration rejectionLogInterval = Duration.ofSeconds(10);
    BooleanSupplier ready = () -> true;
    Supplier<String> metrics;
    Supplier<String> health;

    private Builder(TokenVerifier verifier) {
      this.verifier = Objects.requireNonNull(verifier, "verifier");
    }

    /** The address to listen on; default {@code 127.0.0.1:9000}; port 0 picks a free port. */
    public Builder listen(InetSocketAddress listen) {
      this.listen = Objects.requireNonNull(listen, "listen");
      return this;
    }

    /**
     * The auth path; default {@code /auth}. The path itself and every path below it answer.
     *
     * @throws IllegalArgumentException if it does not start with {@code /}, or is {@code /},
     *     {@code /healthz}, {@code /readyz} or {@code /metrics}
     */
    public Builder authPath(String authPath) {
      Objects.requireNonNull(authPath, "authPath");
      if (!authPath.startsWith("/") || authPath.length() > 256
          || !authPath.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '?' && c != '#')) {
        throw new IllegalArgumentException("authPath must be a path starting with '/', without spaces, '?' or '#'");
      }
      if (authPath.equals("/") || authPath.equals(HEALTH_PATH) || authPath.equals(READY_PATH)
          || authPath.equals(METRICS_PATH)) {
        throw new IllegalArgumentException(
            "authPath must not be '/', " + HEALTH_PATH + ", " + READY_PATH + " or " + METRICS_PATH);
      }
      this.authPath = authPath;
      return this;
    }

    /**
     * The session cookie's name; default {@code __Host-signet}.
     *
     * @throws IllegalArgumentException if it is not a valid cookie name (RFC 6265 token)
     */
    public Builder cookieName(String cookieName) {
      this.cookieName = requireToken("cookieName", cookieName);
      this.cookie = null;
      return this;
    }

    /**
     * The session cookie as the login handler writes it: the server reads {@code cookie.name()}.
     * A local-development cookie ({@link SessionCookie.Builder#insecureForLocalDevelopment()})
     * makes {@link #build()} refuse a verifier issuer or a listening address that is not loopback.
     */
    public Builder cookie(SessionCookie cookie) {
      this.cookie = Objects.requireNonNull(cookie, "cookie");
      this.cookieName = cookie.name();
      return this;
    }

    /**
     * The fingerprint cookie's name; default {@code __Host-signet-fgp}. It is read and checked
     * only for tokens that carry a fingerprint hash ({@code fgp}); such a token without its
     * cookie is refused (401).
     *
     * @throws IllegalArgumentException if it is not a valid cookie name (RFC 6265 token)
     */
    public Builder fingerprintCookieName(String name) {
      this.fingerprintCookieName = requireToken("fingerprintCookieName", name);
      return this;
    }

    /**
     * The request header holding the client's address, for verifiers with context binding on
     * the client network; none by default. Name a header only the gateway sets (nginx:
     * {@code proxy_set_header X-Real-IP $remote_addr;}), never one a client can send through.
     *
     * @throws IllegalArgumentException if it is not a valid header name
     */
    public Builder clientAddressHeader(String header) {
      this.clientAddressHeader = requireToken("clientAddressHeader", header);
      return this;
    }

    /** Worker threads; default twice the number of processors, at least 4; between 1 and 512. */
    public Builder threads(int threads) {
      this.threads = range("threads", threads, 1, 512);
      return this;
    }

    /**
     * Open connections at most; default 4096, between 1 and 1,000,000. At the cap the server
     * stops accepting until a connection closes (new ones wait in the listen backlog).
     */
    public Builder maxConnections(int maxConnections) {
      this.maxConnections = range("maxConnections", maxConnections, 1, 1_000_000);
      return this;
    }

    /**
     * The largest request head (request line and header fields), in bytes; default 16384,
     * between 4096 and 65536. A larger head is answered 431.
     */
    public Builder maxRequestHeaderBytes(int bytes) {
      this.maxRequestHeaderBytes = range("maxRequestHeaderBytes", bytes, 4096, 65536);
      return this;
    }

    /** The most header fields in one request; default 100, between 8 and 1000. More is answered 431. */
    public Builder maxHeaderCount(int count) {
      this.maxHeaderCount = range("maxHeaderCount", count, 8, 1000);
      return this;
    }

    /**
     * How long a client may take to send a whole request head, counted from the connection's
     * opening (first request) or from its first byte (later requests on a kept-alive
     * connection); default 10 s, between 100 ms and 5 minutes. A connection past it is closed.
     */
    public Builder headerTimeout(Duration timeout) {
      this.headerTimeout = duration("headerTimeout", timeout, Duration.ofMillis(100), Duration.ofMinutes(5));
      return this;
    }

    /**
     * How long a connection may stay open with nothing sent or received (keep-alive between
     * requests); default 60 s, between 100 ms and 1 hour.
     */
    public Builder idleTimeout(Duration timeout) {
      this.idleTimeout = duration("idleTimeout", timeout, Duration.ofMillis(100), Duration.ofHours(1));
      return this;
    }

    /**
     * The longest {@link #close()} drains before closing what is left; default 5 s, between 0
     * and 60 s.
     */
    public Builder shutdownGrace(Duration grace) {
      this.shutdownGrace = duration("shutdownGrace", grace, Duration.ZERO, Duration.ofSeconds(60));
      return this;
    }

    /**
     * How often at most one INFO line is logged per rejection reason (with the count since the
     * last line); default 10 s, between 1 s and 1 hour.
     */
    public Builder rejectionLogInterval(Duration interval) {
      this.rejectionLogInterval = duration("rejectionLogInterval", interval, Duration.ofSeconds(1), Duration.ofHours(1));
      return this;
    }

    /**
     * What {@code /readyz} checks; default always ready. Must be fast and must not block (it
     * runs on the I/O thread); an exception counts as not ready.
     */
    public Builder readiness(BooleanSupplier ready) {
      this.ready = Objects.requireNonNull(ready, "ready");
      return this;
    }

    /**
     * The text {@code /healthz} answers with its 200 (plain text, computed per request), for
     * example whether the keyset is stale; none by default (an empty 200). Must be fast and must
     * not block, and must hold nothing secret.
     */
    public Builder health(Supplier<String> detail) {
      this.health = Objects.requireNonNull(detail, "detail");
      return this;
    }

    /**
     * The text {@code /metrics} answers (Prometheus text format, version 0.0.4), computed per
     * request; none by default ({@code /metrics} is then 404). Must be fast and must not block.
     */
    public Builder metrics(Supplier<String> prometheusText) {
      this.metrics = Objects.requireNonNull(prometheusText, "prometheusText");
      return this;
    }

    private static int range(String what, int value, int min, int max) {
      if (value < min || value > max) {
        throw new IllegalArgumentException(what + " must be between " + min + " and " + max);
      }
      return value;
    }

    private static Duration duration(String what, Duration value, Duration min, Duration max) {
      Objects.requireNonNull(value, what);
      if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
        throw new IllegalArgumentException(what + " must be between " + min + " and " + max);
      }
      return value;
    }

    /** {@code value} if it is an RFC 7230 token of at most 128 characters (a cookie or header name). */
    private static String requireToken(String what, String value) {
      Objects.requireNonNull(value, what);
      if (value.isEmpty() || value.length() > 128 || !RequestTokens.isToken(value)) {
        throw new IllegalArgumentException(what + " must be a name token (letters, digits, !#$%&'*+-.^_`|~)");
      }
      return value;
    }

    /**
     * The server, not yet listening; call {@link ForwardAuthServer#start()}.
     *
     * @throws IllegalStateException if a local-development {@link #cookie} meets an issuer or a
     *     listening address that is not loopback
     */
    public ForwardAuthServer build() {
      if (cookie != null) {
        cookie.checkLocalDevelopment(verifier.issuer(), listen);
      }
      return new ForwardAuthServer(this);
    }
  }
}
