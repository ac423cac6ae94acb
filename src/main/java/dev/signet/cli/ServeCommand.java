package dev.signet.cli;

import dev.signet.TokenVerifier;
import dev.signet.http.ForwardAuthServer;
import dev.signet.metrics.RevocationMetrics;
import dev.signet.metrics.VerifierMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import dev.signet.revocation.InMemoryRevocationList;
import dev.signet.revocation.RevocationStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code signet serve}: the forward-auth server for nginx, Caddy, Traefik and Envoy. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Run the forward-auth server: GET <path> answers 200 with X-Signet-Subject, X-Signet-Session and",
      "X-Signet-Roles for a valid session (Authorization: Bearer or Cookie), 401 otherwise; GET /healthz answers 200,",
      "GET /readyz 200 while keys are loaded and revocations fresh (else 503), GET /metrics Prometheus text.",
      "The keyset file is reloaded when it changes; SIGTERM drains the server, then it exits. See docs/GATEWAYS.md."
    })
final class ServeCommand implements Callable<Integer> {
  @Mixin KeysetOptions keys;
  @Mixin TokenOptions token;
  @Option(names = "--revocations", paramLabel = "STORE", converter = RevocationStoreArg.Converter.class,
      description = RevocationStoreArg.DESCRIPTION + " Followed while serving. Without it, no revocation is checked.")
  RevocationStoreArg revocations;

  @Option(names = "--fail-open-on-revocation-errors",
      description = "Accept tokens the revocation store cannot vouch for (Redis unreachable past its staleness bound, "
          + "a log file that cannot be read) instead of answering 503. Off by default. Risk: while the store is "
          + "unavailable, a session revoked meanwhile (a logout, a stolen token, an emergency cut-off) is accepted "
          + "until the store is back or the token expires.")
  boolean failOpen;

  @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:9000", converter = ListenConverter.class,
      description = "Address to listen on (default: ${DEFAULT-VALUE}; port 0 picks a free port).")
  InetSocketAddress listen;

  @Option(names = "--path", paramLabel = "PATH", defaultValue = ForwardAuthServer.DEFAULT_AUTH_PATH,
      description = "The auth path; it and every path below it answer (default: ${DEFAULT-VALUE}).")
  String path;

  @Option(names = "--cookie", paramLabel = "NAME", defaultValue = ForwardAuthServer.DEFAULT_COOKIE_NAME,
      description = "The session cookie's name (default: ${DEFAULT-VALUE}).")
  String cookie;

  @Option(names = "--fingerprint-cookie", paramLabel = "NAME", defaultValue = "__Host-signet-fgp",
      description = "The fingerprint cookie's name, checked for tokens that carry a fingerprint hash (default: ${DEFAULT-VALUE}).")
  String fingerprintCookie;

  @Option(names = "--cache", paramLabel = "N", defaultValue = "10000",
      description = "Verified tokens remembered, each for at most 5 minutes and never past its exp; expiry and "
          + "revocation are still checked on every request; 0 turns the cache off (default: ${DEFAULT-VALUE}).")
  int cache;

  @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: twice the processors, at least 4).")
  Integer threads;

  @Option(names = "--max-connections", paramLabel = "N", defaultValue = "4096",
      description = "Open connections at most; at the cap new ones wait in the listen backlog (default: ${DEFAULT-VALUE}).")
  int maxConnections;

  @Option(names = "--header-timeout", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
      description = "Time a client has to send a whole request head; a connection past it is closed (default: ${DEFAULT-VALUE}).")
  Duration headerTimeout;

  @Option(names = "--idle-timeout", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
      description = "Time a kept-alive connection may stay silent (default: ${DEFAULT-VALUE}).")
  Duration idleTimeout;

  @Option(names = "--drain-timeout", paramLabel = "DURATION", defaultValue = "5s", converter = DurationConverter.class,
      description = "On SIGTERM, the longest the server drains (answers requests in progress, closes idle connections) "
          + "before it exits (default: ${DEFAULT-VALUE}, at most 60s).")
  Duration drainTimeout;

  @Option(names = "--reload-interval", paramLabel = "DURATION", defaultValue = "5s", converter = DurationConverter.class,
      description = "How often the keyset file is checked for changes; for a keyset in Redis, how often it is read "
          + "besides on change notices (default: ${DEFAULT-VALUE}).")
  Duration reloadInterval;

  @Option(names = "--leeway", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
      description = "Allowed clock skew (default: ${DEFAULT-VALUE}, at most 5m).")
  Duration leeway;

  @Spec CommandSpec spec;

  private static final int MAX_CACHE = 1_048_576;
  private static final Duration CACHE_LIFETIME = Duration.ofMinutes(5);

  @Override
  public Integer call() throws Exception {
    if (leeway.compareTo(TokenVerifier.MAX_LEEWAY) > 0) {
      throw CliException.usage("--leeway must be at most 5m, got " + leeway);
    }
    if (cache < 0 || cache > MAX_CACHE) {
      throw CliException.usage("--cache must be between 0 and " + MAX_CACHE + ", got " + cache);
    }
    if (reloadInterval.isZero()) {
      throw CliException.usage("--reload-interval must be at least 1s");
    }
    if (revocations == null && ((keys.redis.any() && !keys.inRedis()) || failOpen)) {
      throw CliException.usage("the --redis-* options and --fail-open-on-revocation-errors need --revocations");
    }
    PrintWriter out = spec.commandLine().getOut();
    FollowedKeyset keyset = FollowedKeyset.start(keys, reloadInterval);
    RevocationStore store;
    try {
      store = revocations == null ? new InMemoryRevocationList() : revocations.open(true, keys.redis);
    } catch (RuntimeException e) {
      keyset.close();
      throw e;
    }
    ForwardAuthServer server;
    try {
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      VerifierMetrics verifierMetrics = new VerifierMetrics();
      RevocationMetrics revocationMetrics = new RevocationMetrics(store);
      verifierMetrics.bindTo(registry);
      revocationMetrics.bindTo(registry);
      keyset.metrics().bindTo(registry);
      TokenVerifier.Builder verifierBuilder = TokenVerifier.builder(keyset.source()).issuer(token.issuer)
          .audience(token.audience).profile(token.profile(spec, keyset.source().current())).leeway(leeway)
          .revocations(store).observer(verifierMetrics);
      if (failOpen) {
        verifierBuilder.failOpenOnRevocationErrors();
      }
      if (cache > 0) {
        verifierBuilder.cacheVerifiedTokens(cache, CACHE_LIFETIME);
      }
      TokenVerifier verifier = verifierBuilder.build();
      ForwardAuthServer.Builder builder =
          ForwardAuthServer.builder(verifier).listen(listen).authPath(path).cookieName(cookie)
              .fingerprintCookieName(fingerprintCookie).maxConnections(maxConnections)
              .headerTimeout(headerTimeout).idleTimeout(idleTimeout).shutdownGrace(drainTimeout)
              // Keys are loaded once start() has returned (ReloadingKeyset keeps the last good
              // keyset), so readiness is the revocation store's freshness.
              .readiness(revocationMetrics::isFresh)
              .health(keyset::health)
              .metrics(registry::scrape);
      if (threads != null) {
        builder.threads(threads);
      }
      server = builder.build().start();
    } catch (IllegalArgumentException e) {
      closeQuietly(keyset, store);
      throw CliException.usage(e.getMessage());
    } catch (IllegalStateException e) {
      closeQuietly(keyset, store);
      throw CliException.config(keys.where() + ": " + e.getMessage());
    } catch (IOException e) {
      closeQuietly(keyset, store);
      throw CliException.config("cannot listen on " + listen.getHostString() + ":" + listen.getPort() + ": " + e.getMessage(), e);
    }
    AtomicBoolean done = new AtomicBoolean();
    Runnable shutdown = () -> {
      if (done.compareAndSet(false, true)) {
        server.close();
        closeQuietly(keyset, store);
        out.println("signet serve: stopped");
        out.flush();
      }
    };
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      shutdown.run();
      stopped.countDown();
    }, "signet-serve-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    InetSocketAddress bound = server.address();
    out.println("signet serve: listening on http://" + bound.getHostString() + ":" + bound.getPort() + path
        + " (keyset " + keys.where() + ", checked every " + reloadInterval.toSeconds() + "s"
        + (revocations == null ? ", no revocation store" : ", revocations " + revocations) + ")");
    out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      // Stopped in-process (tests, embedding): close as SIGTERM would.
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running or has run.
      }
      shutdown.run();
    }
    return ExitCodes.OK;
  }

  private static void closeQuietly(FollowedKeyset keyset, RevocationStore store) {
    try {
      store.close();
    } catch (IOException | RuntimeException e) {
      // Nothing more to do on the way out.
    }
    keyset.close();
  }

  /** Reads {@code host:port}, {@code [v6]:port} or {@code :port} (loopback). */
  static final class ListenConverter implements CommandLine.ITypeConverter<InetSocketAddress> {
    @Override
    public InetSocketAddress convert(String value) {
      int colon = value.lastIndexOf(':');
      String host = colon < 0 ? "" : value.substring(0, colon);
      String port = colon < 0 ? value : value.substring(colon + 1);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      int p;
      try {
        p = Integer.parseInt(port);
      } catch (NumberFormatException e) {
        p = -1;
      }
      if (colon < 0 || p < 0 || p > 65535) {
        throw new CommandLine.TypeConversionException(
            "bad listen address '" + Main.oneLine(value) + "': use HOST:PORT, e.g. 127.0.0.1:9000");
      }
      return new InetSocketAddress(host.isEmpty() ? "127.0.0.1" : host, p);
    }
  }
}
