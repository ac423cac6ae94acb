package dev.signet.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.signet.Rejection;
import dev.signet.RequestBinding;
import dev.signet.Session;
import dev.signet.TokenVerifier;
import dev.signet.Verification;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A forward-auth HTTP server: gateways that are not Java (nginx {@code auth_request}, Traefik
 * {@code forwardAuth}, Envoy {@code ext_authz} in HTTP mode) ask it whether the session carried
 * by the original request is valid.
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
 *       {@code __Host-signet}; another {@code Authorization} scheme never hides the cookie). A valid session gets {@code 200} with the
 *       headers {@code X-Signet-Subject} (the subject), {@code X-Signet-Session} (the
 *       {@code sid}) and {@code X-Signet-Roles} (the roles, comma-separated); an invalid or
 *       missing one gets {@code 401}, and a revocation list that cannot answer gets {@code 503};
 *       neither carries a body or a reason. Subject and roles are percent-encoded (UTF-8) where
 *       they hold a character outside printable ASCII, {@code %}, or (in roles) {@code ,}.
 *   <li>{@code /healthz}: {@code 200} (no body) while the server runs.
 *   <li>anything else: {@code 404}.
 * </ul>
 *
 * <p>Requests are served by a bounded pool of threads with a bounded queue; when both are full
 * the accepting thread runs the request itself, which slows accepting down instead of failing
 * requests. Connections are kept alive.
 *
 * <p><b>Security:</b> the rejection reason goes to the log (DEBUG) and to the counters, never to
 * the client. Two session cookies of the configured name in one request are refused (401), so
 * a cookie planted beside the real one cannot choose which session the gateway sees. The
 * gateway must overwrite, never append to, any {@code X-Signet-*} header the client sent (see
 * docs/GATEWAYS.md).
 */
public final class ForwardAuthServer implements AutoCloseable {
  /** The default session cookie name. */
  public static final String DEFAULT_COOKIE_NAME = "__Host-signet";
  /** The default auth path. */
  public static final String DEFAULT_AUTH_PATH = "/auth";
  /** The health path. */
  public static final String HEALTH_PATH = "/healthz";

  static final String SUBJECT_HEADER = "X-Signet-Subject";
  static final String SESSION_HEADER = "X-Signet-Session";
  static final String ROLES_HEADER = "X-Signet-Roles";

  private static final Logger LOG = LoggerFactory.getLogger(ForwardAuthServer.class);

  private final TokenVerifier verifier;
  private final InetSocketAddress listen;
  private final String authPath;
  private final String cookieName;
  private final String fingerprintCookieName;
  private final String clientAddressHeader;
  private final int threads;
  private final int queue;
  private final Duration shutdownGrace;
  private final LongAdder accepted = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final LongAdder unavailable = new LongAdder();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Object lifecycle = new Object();
  private HttpServer server;
  private ThreadPoolExecutor executor;
  private boolean closed;

  private ForwardAuthServer(Builder b) {
    this.verifier = b.verifier;
    this.listen = b.listen;
    this.authPath = b.authPath;
    this.cookieName = b.cookieName;
    this.fingerprintCookieName = b.fingerprintCookieName;
    this.clientAddressHeader = b.clientAddressHeader;
    this.threads = b.threads;
    this.queue = b.queue;
    this.shutdownGrace = b.shutdownGrace;
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
      if (server != null || closed) {
        throw new IllegalStateException("a ForwardAuthServer starts once");
      }
      HttpServer s = HttpServer.create(listen, 1024);
      AtomicInteger n = new AtomicInteger();
      ThreadFactory factory = r -> {
        Thread t = new Thread(r, "signet-serve-" + n.incrementAndGet());
        t.setDaemon(true);
        return t;
      };
      ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
          new ArrayBlockingQueue<>(queue), factory, new ThreadPoolExecutor.CallerRunsPolicy());
      s.setExecutor(pool);
      s.createContext("/", this::handle);
      s.start();
      this.server = s;
      this.executor = pool;
      LOG.info("forward-auth server listening on {}:{}", address().getHostString(), address().getPort());
      return this;
    }
  }

  /** The bound address (with the actual port when the server was asked for port 0). */
  public InetSocketAddress address() {
    synchronized (lifecycle) {
      if (server == null) {
        throw new IllegalStateException("not started");
      }
      return server.getAddress();
    }
  }

  /** Requests answered 200 so far. */
  public long acceptedCount() {
    return accepted.sum();
  }

  /** Requests answered 401 so far. */
  public long rejectedCount() {
    return rejected.sum();
  }

  /** Requests answered 503 (revocation list unavailable) so far. */
  public long unavailableCount() {
    return unavailable.sum();
  }

  /**
   * Stops accepting connections, lets requests in flight finish (up to the shutdown grace
   * period), and stops the worker threads. Idempotent.
   */
  @Override
  public void close() {
    HttpServer s;
    ThreadPoolExecutor pool;
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
      s = server;
      pool = executor;
    }
    if (s == null) {
      return;
    }
    // HttpServer.stop(delay) on JDK 17 waits the whole delay when nothing is in flight, so
    // wait for our own in-flight count instead, then stop at once.
    long deadline = System.nanoTime() + shutdownGrace.toNanos();
    try {
      while (inFlight.get() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    s.stop(0);
    pool.shutdown();
    try {
      if (!pool.awaitTermination(shutdownGrace.toMillis() + 1000, TimeUnit.MILLISECONDS)) {
        pool.shutdownNow();
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    }
    LOG.info("forward-auth server stopped: {} accepted, {} rejected, {} unavailable",
        accepted.sum(), rejected.sum(), unavailable.sum());
  }

  private void handle(HttpExchange ex) {
    inFlight.incrementAndGet();
    try {
      drain(ex.getRequestBody());
      String path = ex.getRequestURI().getRawPath();
      if (isAuthPath(path)) {
        auth(ex);
      } else if (HEALTH_PATH.equals(path)) {
        // No body: a body written after the headers meets Nagle's algorithm and delayed ACKs
        // (about 40 ms per request on keep-alive connections) in the JDK server.
        ex.sendResponseHeaders(200, -1);
      } else {
        ex.sendResponseHeaders(404, -1);
      }
    } catch (IOException | UncheckedIOException e) {
      // The client went away; nothing to answer.
      LOG.debug("forward-auth exchange failed: {}", e.toString());
    } catch (RuntimeException e) {
      LOG.warn("forward-auth request failed unexpectedly: {}", e.toString());
    } finally {
      ex.close();
      inFlight.decrementAndGet();
    }
  }

  private boolean isAuthPath(String path) {
    return path != null
        && path.startsWith(authPath)
        && (path.length() == authPath.length()
            || authPath.endsWith("/")
            || path.charAt(authPath.length()) == '/');
  }

  private void auth(HttpExchange ex) throws IOException {
    Headers h = ex.getResponseHeaders();
    h.set("Cache-Control", "no-store");
    String token = token(ex.getRequestHeaders());
    if (token == null) {
      rejected.increment();
      ex.sendResponseHeaders(401, -1);
      return;
    }
    Verification v = verifier.verify(token, binding(ex.getRequestHeaders()));
    if (v.isAccepted()) {
      Session s = v.session().orElseThrow();
      h.set(SUBJECT_HEADER, IdentityHeaders.encode(s.subject(), false));
      h.set(SESSION_HEADER, IdentityHeaders.encode(s.sessionId(), false));
      h.set(ROLES_HEADER, IdentityHeaders.roles(s.roles()));
      accepted.increment();
      ex.sendResponseHeaders(200, -1);
      return;
    }
    Rejection r = v.rejection().orElseThrow();
    if (r.isTransient()) {
      unavailable.increment();
      LOG.warn("forward-auth: session not checked: {}", r);
      ex.sendResponseHeaders(503, -1);
    } else {
      rejected.increment();
      ex.sendResponseHeaders(401, -1);
    }
  }

  /** The request's token by {@link RequestTokens}' precedence; null when none. */
  String token(Headers request) {
    RequestTokens.Found found = RequestTokens.find(request.get("Authorization"), request.get("Cookie"), cookieName, true);
    return found == null ? null : found.token;
  }

  /**
   * What the forwarded request carries for the token's optional bindings: the fingerprint cookie
   * (checked only for tokens with a {@code fgp} claim), the {@code User-Agent}, and the client
   * address from the configured trusted header (none unless configured).
   */
  RequestBinding binding(Headers request) {
    RequestBinding.Builder b = RequestBinding.builder();
    String fingerprint = RequestTokens.cookie(request.get("Cookie"), fingerprintCookieName);
    if (fingerprint != null) {
      b.fingerprint(fingerprint);
    }
    String userAgent = single(request, "User-Agent");
    if (userAgent != null) {
      b.userAgent(userAgent);
    }
    if (clientAddressHeader != null) {
      String address = single(request, clientAddressHeader);
      if (address != null) {
        b.clientAddress(address.trim());
      }
    }
    return b.build();
  }

  /** The value of a header sent exactly once, else null. */
  private static String single(Headers request, String name) {
    List<String> values = request.get(name);
    return values == null || values.size() != 1 ? null : values.get(0);
  }

  private static void drain(InputStream body) throws IOException {
    byte[] buf = new byte[512];
    long total = 0;
    int n;
    while ((n = body.read(buf)) >= 0) {
      total += n;
      if (total > 65536) {
        throw new IOException("request body too large");
      }
    }
  }

  /** Configures a {@link ForwardAuthServer}; each setter validates its argument at once. */
  public static final class Builder {
    private final TokenVerifier verifier;
    private InetSocketAddress listen = new InetSocketAddress("127.0.0.1", 9000);
    private String authPath = DEFAULT_AUTH_PATH;
    private String cookieName = DEFAULT_COOKIE_NAME;
    private SessionCookie cookie;
    private String fingerprintCookieName = SessionCookie.DEFAULT_FINGERPRINT_NAME;
    private String clientAddressHeader;
    private int threads = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
    private int queue = 1024;
    private Duration shutdownGrace = Duration.ofSeconds(5);

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
     * @throws IllegalArgumentException if it does not start with {@code /}, or is {@code /healthz}
     */
    public Builder authPath(String authPath) {
      Objects.requireNonNull(authPath, "authPath");
      if (!authPath.startsWith("/") || authPath.length() > 256
          || !authPath.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '?' && c != '#')) {
        throw new IllegalArgumentException("authPath must be a path starting with '/', without spaces, '?' or '#'");
      }
      if (authPath.equals(HEALTH_PATH) || authPath.equals("/")) {
        throw new IllegalArgumentException("authPath must not be '/' or " + HEALTH_PATH);
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
      if (threads < 1 || threads > 512) {
        throw new IllegalArgumentException("threads must be between 1 and 512");
      }
      this.threads = threads;
      return this;
    }

    /** Requests waiting for a worker before the accepting thread serves them itself; default 1024. */
    public Builder queue(int queue) {
      if (queue < 1 || queue > 1_000_000) {
        throw new IllegalArgumentException("queue must be between 1 and 1000000");
      }
      this.queue = queue;
      return this;
    }

    /** How long {@link #close()} lets requests in flight finish; default 5 s, at most 60 s. */
    public Builder shutdownGrace(Duration grace) {
      Objects.requireNonNull(grace, "grace");
      if (grace.isNegative() || grace.compareTo(Duration.ofSeconds(60)) > 0) {
        throw new IllegalArgumentException("shutdownGrace must be between 0 and 60 seconds");
      }
      this.shutdownGrace = grace;
      return this;
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
