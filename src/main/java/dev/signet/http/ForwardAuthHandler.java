package dev.signet.http;

import dev.signet.Rejection;
import dev.signet.RequestBinding;
import dev.signet.Session;
import dev.signet.TokenVerifier;
import dev.signet.Verification;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the forward-auth server answers: the auth path, {@code /healthz}, {@code /readyz},
 * {@code /metrics}, and 404 for the rest. It never blocks (verification is CPU work and the
 * revocation check answers from memory), so Jetty may run it on the thread that read the request.
 */
final class ForwardAuthHandler extends Handler.Abstract.NonBlocking {
  private static final Logger LOG = LoggerFactory.getLogger(ForwardAuthServer.class);
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final TokenVerifier verifier;
  private final String authPath;
  private final String cookieName;
  private final String fingerprintCookieName;
  private final String clientAddressHeader;
  private final int maxHeaderCount;
  private final BooleanSupplier ready;
  private final Supplier<String> metrics;
  private final Supplier<String> health;
  private final RejectionLog rejections;
  final LongAdder accepted = new LongAdder();
  final LongAdder rejected = new LongAdder();
  final LongAdder unavailable = new LongAdder();
  /** Set when the server drains: every answer then closes its connection. */
  volatile boolean draining;

  ForwardAuthHandler(ForwardAuthServer.Builder b) {
    this.verifier = b.verifier;
    this.authPath = b.authPath;
    this.cookieName = b.cookieName;
    this.fingerprintCookieName = b.fingerprintCookieName;
    this.clientAddressHeader = b.clientAddressHeader;
    this.maxHeaderCount = b.maxHeaderCount;
    this.ready = b.ready;
    this.metrics = b.metrics;
    this.health = b.health;
    this.rejections = new RejectionLog(LOG, b.rejectionLogInterval);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    if (draining) {
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
    }
    HttpFields headers = request.getHeaders();
    if (headers.size() > maxHeaderCount) {
      return answer(response, callback, 431);
    }
    String path = request.getHttpURI().getPath();
    if (isAuthPath(path)) {
      return auth(headers, response, callback);
    }
    switch (path == null ? "" : path) {
      case ForwardAuthServer.HEALTH_PATH:
        if (health != null) {
          response.setStatus(200);
          response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
          response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
          response.write(true, ByteBuffer.wrap(health.get().getBytes(StandardCharsets.UTF_8)), callback);
          return true;
        }
        return answer(response, callback, 200);
      case ForwardAuthServer.READY_PATH:
        return answer(response, callback, isReady() ? 200 : 503);
      case ForwardAuthServer.METRICS_PATH:
        if (metrics != null) {
          response.setStatus(200);
          response.getHeaders().put(HttpHeader.CONTENT_TYPE, PROMETHEUS_TEXT);
          response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
          response.write(true, ByteBuffer.wrap(metrics.get().getBytes(StandardCharsets.UTF_8)), callback);
          return true;
        }
        return answer(response, callback, 404);
      default:
        return answer(response, callback, 404);
    }
  }

  private boolean isReady() {
    try {
      return ready.getAsBoolean();
    } catch (RuntimeException e) {
      LOG.warn("readiness check failed: {}", e.toString());
      return false;
    }
  }

  private static boolean answer(Response response, Callback callback, int status) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0L);
    callback.succeeded();
    return true;
  }

  boolean isAuthPath(String path) {
    return path != null
        && path.startsWith(authPath)
        && (path.length() == authPath.length()
            || authPath.endsWith("/")
            || path.charAt(authPath.length()) == '/');
  }

  private boolean auth(HttpFields request, Response response, Callback callback) {
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    List<String> cookies = request.getValuesList(HttpHeader.COOKIE);
    RequestTokens.Found found =
        RequestTokens.find(request.getValuesList(HttpHeader.AUTHORIZATION), cookies, cookieName, true);
    if (found == null) {
      rejected.increment();
      rejections.refused("no token", 401);
      return answer(response, callback, 401);
    }
    Verification v = verifier.verify(found.token, binding(request, cookies));
    if (v.isAccepted()) {
      Session s = v.session().orElseThrow();
      HttpFields.Mutable h = response.getHeaders();
      h.put(IdentityHeaders.SUBJECT, IdentityHeaders.encode(s.subject(), false));
      h.put(IdentityHeaders.SESSION, IdentityHeaders.encode(s.sessionId(), false));
      h.put(IdentityHeaders.ROLES, IdentityHeaders.roles(s.roles()));
      accepted.increment();
      return answer(response, callback, 200);
    }
    Rejection r = v.rejection().orElseThrow();
    int status = r.isTransient() ? 503 : 401;
    (r.isTransient() ? unavailable : rejected).increment();
    rejections.refused(r.name(), status);
    return answer(response, callback, status);
  }

  /**
   * What the forwarded request carries for the token's optional bindings: the fingerprint cookie
   * (checked only for tokens with a {@code fgp} claim), the {@code User-Agent}, and the client
   * address from the configured trusted header (none unless configured).
   */
  RequestBinding binding(HttpFields request, List<String> cookies) {
    RequestBinding.Builder b = RequestBinding.builder();
    String fingerprint = RequestTokens.cookie(cookies, fingerprintCookieName);
    if (fingerprint != null) {
      b.fingerprint(fingerprint);
    }
    String userAgent = single(request, HttpHeader.USER_AGENT.asString());
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
  private static String single(HttpFields request, String name) {
    List<String> values = request.getValuesList(name);
    return values.size() != 1 ? null : values.get(0);
  }
}
