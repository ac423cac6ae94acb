package dev.signet.spring.gateway;

import dev.signet.IssuedToken;
import dev.signet.RequestBinding;
import dev.signet.Session;
import dev.signet.Verification;
import dev.signet.spring.security.SignetSessions;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The Spring Cloud Gateway filter {@code Signet}: verifies the session at the gateway and
 * forwards who the user is to the service behind it.
 *
 * <pre>
 * spring.cloud.gateway.server.webflux.routes[0].id=api
 * spring.cloud.gateway.server.webflux.routes[0].uri=http://127.0.0.1:8081
 * spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/api/**
 * spring.cloud.gateway.server.webflux.routes[0].filters[0]=Signet
 * </pre>
 *
 * <p>For each request it reads the session cookie (or else one {@code Authorization: Bearer}
 * header) and verifies it, then either
 * <ul>
 *   <li>forwards the request with {@code X-Signet-Subject} (the subject),
 *       {@code X-Signet-Session} (the {@code sid}) and {@code X-Signet-Roles} (the roles,
 *       comma-separated), the same headers as {@code signet serve}: printable ASCII is passed
 *       as is, anything else (and {@code %}, and {@code ,} in a role) percent-encoded as UTF-8;
 *       a cookie session past its renewal point is renewed on the way back when this gateway
 *       can issue; or
 *   <li>answers 401 (503 when the session could not be checked, such as an unavailable
 *       revocation store) with an empty body and {@code Cache-Control: no-store}; the reason is
 *       logged, never sent.
 * </ul>
 *
 * <p><b>Security:</b> every {@code X-Signet-*} header the client sent is removed before the
 * request goes on, whatever its case, on every route ({@link SignetHeadersGlobalFilter}) and
 * again here, so a service behind the gateway can trust these headers as long as the gateway
 * is its only way in.
 */
public final class SignetGatewayFilterFactory extends AbstractGatewayFilterFactory<Object> {
  /** The subject header. */
  public static final String SUBJECT_HEADER = "X-Signet-Subject";
  /** The session id header. */
  public static final String SESSION_HEADER = "X-Signet-Session";
  /** The roles header. */
  public static final String ROLES_HEADER = "X-Signet-Roles";
  static final String HEADER_PREFIX = "x-signet-";

  private static final Logger LOG = LoggerFactory.getLogger(SignetGatewayFilterFactory.class);
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private final SignetSessions sessions;

  /** The factory over the application's {@link SignetSessions}. */
  public SignetGatewayFilterFactory(SignetSessions sessions) {
    super(Object.class);
    this.sessions = Objects.requireNonNull(sessions, "sessions");
  }

  /** The filter, for routes built in Java: {@code .filters(f -> f.filter(signet.filter()))}. */
  public GatewayFilter filter() {
    return apply(new Object());
  }

  @Override
  public GatewayFilter apply(Object config) {
    return (exchange, chain) -> {
      ServerHttpRequest request = exchange.getRequest();
      HttpHeaders h = request.getHeaders();
      Optional<String> cookie = sessions.cookieToken(joined(values(h, HttpHeaders.COOKIE)));
      Optional<String> token = cookie.isPresent() ? cookie : sessions.bearerToken(values(h, HttpHeaders.AUTHORIZATION));
      if (token.isEmpty()) {
        return deny(exchange, HttpStatus.UNAUTHORIZED);
      }
      Verification v = sessions.verify(token.get(), binding(request));
      if (!v.isAccepted()) {
        return deny(exchange, v.rejection().orElseThrow().isTransient()
            ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.UNAUTHORIZED);
      }
      Session s = v.session().orElseThrow();
      if (cookie.isPresent()) {
        s = renewIfDue(exchange.getResponse(), s);
      }
      HttpHeaders forwarded = withoutSignetHeaders(h);
      forwarded.set(SUBJECT_HEADER, encode(s.subject(), false));
      forwarded.set(SESSION_HEADER, encode(s.sessionId(), false));
      forwarded.set(ROLES_HEADER, roles(s));
      return chain.filter(exchange.mutate().request(withHeaders(request, forwarded)).build());
    };
  }

  private Session renewIfDue(ServerHttpResponse response, Session s) {
    try {
      Optional<IssuedToken> renewed = sessions.renewIfDue(s);
      if (renewed.isPresent()) {
        response.getHeaders().add(HttpHeaders.SET_COOKIE, sessions.cookie().setCookie(renewed.get()));
        return renewed.get().session();
      }
    } catch (RuntimeException e) {
      LOG.warn("session renewal failed for sid={} ({})", s.sessionId(), e.getClass().getName());
    }
    return s;
  }

  private static Mono<Void> deny(ServerWebExchange exchange, HttpStatus status) {
    ServerHttpResponse response = exchange.getResponse();
    response.setStatusCode(status);
    response.getHeaders().set(HttpHeaders.CACHE_CONTROL, "no-store");
    if (status == HttpStatus.UNAUTHORIZED) {
      response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    }
    return response.setComplete();
  }

  private static RequestBinding binding(ServerHttpRequest request) {
    InetSocketAddress remote = request.getRemoteAddress();
    return RequestBinding.builder()
        .userAgent(request.getHeaders().getFirst(HttpHeaders.USER_AGENT))
        .clientAddress(remote == null || remote.getAddress() == null ? null : remote.getAddress().getHostAddress())
        .build();
  }

  // HttpHeaders is read and rebuilt only through methods that Spring Framework 6.2 and 7 share.

  static List<String> values(HttpHeaders headers, String name) {
    List<String> out = new ArrayList<>(1);
    for (Map.Entry<String, List<String>> e : headers.headerSet()) {
      if (e.getKey().equalsIgnoreCase(name)) {
        out.addAll(e.getValue());
      }
    }
    return out;
  }

  private static String joined(List<String> values) {
    return values.isEmpty() ? null : String.join("; ", values);
  }

  /** A copy of the headers without any {@code X-Signet-*} header, whatever its case. */
  static HttpHeaders withoutSignetHeaders(HttpHeaders headers) {
    HttpHeaders copy = new HttpHeaders();
    for (Map.Entry<String, List<String>> e : headers.headerSet()) {
      if (!e.getKey().toLowerCase(Locale.ROOT).startsWith(HEADER_PREFIX)) {
        for (String value : e.getValue()) {
          copy.add(e.getKey(), value);
        }
      }
    }
    return copy;
  }

  /** Whether the request carries any {@code X-Signet-*} header. */
  static boolean hasSignetHeaders(HttpHeaders headers) {
    for (Map.Entry<String, List<String>> e : headers.headerSet()) {
      if (e.getKey().toLowerCase(Locale.ROOT).startsWith(HEADER_PREFIX)) {
        return true;
      }
    }
    return false;
  }

  static ServerHttpRequest withHeaders(ServerHttpRequest request, HttpHeaders headers) {
    HttpHeaders readOnly = HttpHeaders.readOnlyHttpHeaders(headers);
    return new ServerHttpRequestDecorator(request) {
      @Override
      public HttpHeaders getHeaders() {
        return readOnly;
      }
    };
  }

  private static String roles(Session s) {
    StringBuilder sb = new StringBuilder();
    for (String r : s.roles()) {
      if (sb.length() > 0) {
        sb.append(',');
      }
      sb.append(encode(r, true));
    }
    return sb.toString();
  }

  /** Printable ASCII unchanged; controls, spaces, non-ASCII, {@code %} (and {@code ,} in a list) percent-encoded as UTF-8. */
  static String encode(String value, boolean listItem) {
    StringBuilder sb = new StringBuilder(value.length());
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c <= 0x20 || c >= 0x7f || c == '%' || (listItem && c == ',')) {
        sb.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      } else {
        sb.append((char) c);
      }
    }
    return sb.toString();
  }
}
