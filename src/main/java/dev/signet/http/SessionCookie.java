package dev.signet.http;

import dev.signet.IssuedToken;
import dev.signet.SessionPolicy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds, clears and reads a session cookie with safe attributes.
 *
 * <pre>{@code
 * SessionCookie cookie = SessionCookie.builder().policy(SessionPolicy.ASVS_L2).build();
 * response.addHeader("Set-Cookie", cookie.setCookie(grant.token()));
 * // __Host-signet=eyJ...; Max-Age=1800; Path=/; Secure; HttpOnly; SameSite=Lax
 * Optional<String> token = cookie.read(request.getHeader("Cookie"));
 * response.addHeader("Set-Cookie", cookie.clearing());   // on logout
 * }</pre>
 *
 * <p>Immutable and thread-safe. Attributes, always in this order: {@code Max-Age} (seconds
 * until the token's {@code exp}), {@code Path=/}, {@code Secure}, {@code HttpOnly},
 * {@code SameSite}. No {@code Domain}: the cookie is host-only.
 *
 * <p><b>Security:</b> by default the name carries the {@code __Host-} prefix, so browsers
 * accept the cookie only with {@code Secure}, {@code Path=/} and no {@code Domain}: a sibling
 * subdomain or a plain-HTTP page cannot set or overwrite it (cookie tossing, session fixation).
 * {@code HttpOnly} cannot be turned off. {@code SameSite=None} is refused without
 * {@code Secure}. A {@code Set-Cookie} value (name, value and attributes) over
 * {@value #MAX_COOKIE_BYTES} bytes is refused, since browsers may silently drop it (RFC 6265
 * §6.1 counts the attributes; RFC 6265bis only name and value: the stricter rule holds for
 * both). {@link #maxTokenLength()} is the largest token a cookie can carry; the issuer's default
 * size limit ({@link dev.signet.TokenIssuer#DEFAULT_MAX_TOKEN_SIZE}) is that of the default
 * cookie, so an over-size token is refused when it is minted, not when its cookie is set. When
 * a {@code Cookie} header carries the name twice, {@link #read} returns nothing rather than
 * guess which one is genuine.
 *
 * <p><b>Local development</b> over plain {@code http://localhost} takes one switch,
 * {@link Builder#insecureForLocalDevelopment()}: the cookie is named
 * {@value #LOCAL_DEVELOPMENT_NAME} and drops {@code Secure}. Give that same object to whatever
 * reads the cookie ({@link SignetFilter.Builder#cookie}, {@link ForwardAuthServer.Builder#cookie}),
 * so writer and reader agree on the name by construction; each of them refuses it at build time
 * unless the issuer and, where known, the listening address are loopback
 * ({@link #checkLocalDevelopment}).
 */
public final class SessionCookie {
  /** The largest {@code Set-Cookie} value (name, value and attributes) this helper writes. */
  public static final int MAX_COOKIE_BYTES = 4096;

  /** The longest {@code Max-Age} a token's cookie can carry: 366 days, the longest idle timeout (8 digits). */
  private static final String LONGEST_MAX_AGE = "31622400";
  /** The default session cookie name. */
  public static final String DEFAULT_NAME = "__Host-signet";
  /** The default fingerprint cookie name. */
  public static final String DEFAULT_FINGERPRINT_NAME = "__Host-signet-fgp";
  /** The session cookie name of {@link Builder#insecureForLocalDevelopment()} unless another is set. */
  public static final String LOCAL_DEVELOPMENT_NAME = "signet-dev";

  private static final String HOST_PREFIX = "__Host-";

  private final String name;
  private final SameSite sameSite;
  private final boolean secure;
  private final Clock clock;

  private SessionCookie(Builder b, String name) {
    this.name = name;
    this.sameSite = b.sameSite;
    this.secure = b.secure;
    this.clock = b.clock;
  }

  /** A builder with the safe defaults: {@code __Host-signet}, {@code Secure}, {@code HttpOnly}, {@code SameSite=Lax}. */
  public static Builder builder() {
    return new Builder();
  }

  /** The cookie name. */
  public String name() {
    return name;
  }

  /** The {@code SameSite} attribute. */
  public SameSite sameSite() {
    return sameSite;
  }

  /** Whether the {@code Secure} attribute is set. */
  public boolean isSecure() {
    return secure;
  }

  /** Whether this cookie was built with {@link Builder#insecureForLocalDevelopment()}. */
  public boolean isLocalDevelopment() {
    return !secure;
  }

  /**
   * Refuses a local-development cookie outside one machine: does nothing for a {@code Secure}
   * cookie; for one built with {@link Builder#insecureForLocalDevelopment()}, requires that the
   * issuer is an {@code http} or {@code https} URL whose host is {@code localhost} or a loopback
   * address, and that the server listens on a loopback address. Host names other than
   * {@code localhost} are never resolved, so DNS cannot make a remote host look local. Readers of
   * the cookie ({@link SignetFilter}, {@link ForwardAuthServer}) call this when they are built.
   *
   * @param issuer the issuer the application's tokens carry (for example {@code http://localhost:8080})
   * @param listen the address the server listens on, or null where the caller cannot know it
   *     (a servlet container)
   * @throws IllegalStateException if this is a local-development cookie and the issuer or the
   *     listening address is not loopback (the message names which)
   */
  public void checkLocalDevelopment(String issuer, InetSocketAddress listen) {
    Objects.requireNonNull(issuer, "issuer");
    if (secure) {
      return;
    }
    if (!isLoopbackUrl(issuer)) {
      throw new IllegalStateException("cookie " + name + " is for local development (insecureForLocalDevelopment()),"
          + " but the issuer " + issuer + " is not an http(s) URL on localhost or a loopback address");
    }
    if (listen != null && !isLoopback(listen)) {
      throw new IllegalStateException("cookie " + name + " is for local development (insecureForLocalDevelopment()),"
          + " but the server listens on " + listen.getHostString() + ", not a loopback address");
    }
  }

  static boolean isLoopbackUrl(String url) {
    try {
      URI u = new URI(url);
      String scheme = u.getScheme();
      return ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) && isLoopbackHost(u.getHost());
    } catch (URISyntaxException e) {
      return false;
    }
  }

  static boolean isLoopback(InetSocketAddress address) {
    InetAddress a = address.getAddress();
    return a != null ? a.isLoopbackAddress() : isLoopbackHost(address.getHostString());
  }

  /** {@code localhost} or a loopback IP literal; any other name is refused without a DNS lookup. */
  static boolean isLoopbackHost(String host) {
    if (host == null || host.isEmpty()) {
      return false;
    }
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    boolean ipv4 = h.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    boolean ipv6 = h.indexOf(':') >= 0 && h.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0);
    if (!ipv4 && !ipv6) {
      return false;
    }
    try {
      return InetAddress.getByName(h).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /**
   * The largest token, in characters, whose {@code Set-Cookie} value stays within
   * {@value #MAX_COOKIE_BYTES} bytes with this cookie's name and attributes, whatever its
   * {@code Max-Age}: {@code 4096 - name - "=" - attributes}, with the longest {@code Max-Age}
   * a token's cookie can have (8 digits). For the default name {@code __Host-signet} it is 4024
   * with {@code SameSite=Lax} and 4021 with {@code SameSite=Strict}; the issuer's default size
   * limit is 4021, so a token from a default issuer fits every cookie of the default name.
   */
  public int maxTokenLength() {
    return MAX_COOKIE_BYTES - name.length() - 1 - ("; Max-Age=" + LONGEST_MAX_AGE + attributes()).length();
  }

  /**
   * The {@code Set-Cookie} value carrying a token, living until the token's {@code exp}.
   *
   * @throws IllegalArgumentException if the {@code Set-Cookie} value would exceed
   *     {@value #MAX_COOKIE_BYTES} bytes
   */
  public String setCookie(IssuedToken token) {
    Objects.requireNonNull(token, "token");
    return setCookie(token.token(), token.session().expiresAt());
  }

  /**
   * The {@code Set-Cookie} value carrying {@code value} until {@code expiresAt} (for example a
   * fingerprint value until the session's hard expiry).
   *
   * @throws IllegalArgumentException if the value holds characters a cookie cannot carry, or
   *     the {@code Set-Cookie} value (name, value and attributes) would exceed
   *     {@value #MAX_COOKIE_BYTES} bytes
   */
  public String setCookie(String value, Instant expiresAt) {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(expiresAt, "expiresAt");
    long maxAge = Math.max(0, Duration.between(clock.instant(), expiresAt).getSeconds());
    String tail = "; Max-Age=" + maxAge + attributes();
    // Name, attributes and (checked below) value are ASCII: characters are bytes.
    int size = name.length() + 1 + value.length() + tail.length();
    if (size > MAX_COOKIE_BYTES) {
      throw new IllegalArgumentException(
          "Set-Cookie " + name + " would be " + size + " bytes (name, value and attributes), over the "
              + MAX_COOKIE_BYTES + "-byte limit browsers keep; carry fewer attributes in the session, or keep"
              + " TokenIssuer.Builder.maxTokenSize at most " + maxTokenLength() + " for this cookie");
    }
    for (int i = 0; i < value.length(); i++) {
      if (!isCookieOctet(value.charAt(i))) {
        throw new IllegalArgumentException("cookie value holds a character a cookie cannot carry, at index " + i);
      }
    }
    return name + "=" + value + tail;
  }

  /** The {@code Set-Cookie} value that deletes the cookie (logout). */
  public String clearing() {
    return name + "=; Max-Age=0" + attributes();
  }

  private String attributes() {
    return "; Path=/" + (secure ? "; Secure" : "") + "; HttpOnly; SameSite=" + sameSite.attribute();
  }

  /**
   * The cookie's value in a {@code Cookie} request header ({@code a=1; b=2}); empty when the
   * header is null, lacks the cookie, carries it more than once, or carries an empty or
   * over-size value.
   */
  public Optional<String> read(String cookieHeader) {
    return read(cookieHeader, name);
  }

  static Optional<String> read(String cookieHeader, String name) {
    return Optional.ofNullable(RequestTokens.cookie(cookieHeader, name));
  }

  static boolean isCookieOctet(char c) {
    return c == 0x21 || (c >= 0x23 && c <= 0x2B) || (c >= 0x2D && c <= 0x3A) || (c >= 0x3C && c <= 0x5B)
        || (c >= 0x5D && c <= 0x7E);
  }

  private static boolean isTokenChar(char c) {
    return c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
  }

  @Override
  public String toString() {
    return "SessionCookie{" + name + attributes() + "}";
  }

  /** Configures a {@link SessionCookie}; each setter validates its argument at once. */
  public static final class Builder {
    private String name;
    private SameSite sameSite = SameSite.LAX;
    private boolean secure = true;
    private Clock clock = Clock.systemUTC();
    private SessionPolicy policy;

    private Builder() {}

    /**
     * The cookie name; default {@value SessionCookie#DEFAULT_NAME}, or
     * {@value SessionCookie#LOCAL_DEVELOPMENT_NAME} with {@link #insecureForLocalDevelopment()}. A
     * name with the {@code __Host-} prefix is strongly recommended (and required by every
     * {@link SessionPolicy}).
     */
    public Builder name(String name) {
      Objects.requireNonNull(name, "name");
      if (name.isEmpty() || name.length() > 128 || !name.chars().allMatch(c -> isTokenChar((char) c))) {
        throw new IllegalArgumentException("cookie name must be 1 to 128 token characters (RFC 9110)");
      }
      this.name = name;
      return this;
    }

    /** The {@code SameSite} attribute; default {@link SameSite#LAX}. {@link SameSite#NONE} requires {@code Secure}. */
    public Builder sameSite(SameSite sameSite) {
      this.sameSite = Objects.requireNonNull(sameSite, "sameSite");
      return this;
    }

    /**
     * The one switch for plain-HTTP development on {@code localhost}: drops the {@code Secure}
     * attribute and, unless {@link #name} sets another, names the cookie
     * {@value SessionCookie#LOCAL_DEVELOPMENT_NAME} (browsers refuse a {@code __Host-} cookie
     * without {@code Secure}). Refused with a {@code __Host-} name, with {@code SameSite=None}
     * and with a policy; the filter and the forward-auth server built with this cookie refuse it
     * unless the issuer and their listening address are loopback
     * ({@link SessionCookie#checkLocalDevelopment}).
     *
     * <p><b>Risk:</b> the cookie, and so the session, travels in clear text over plain HTTP.
     */
    public Builder insecureForLocalDevelopment() {
      this.secure = false;
      return this;
    }

    /** The clock for {@code Max-Age}; default the system UTC clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The policy the cookie's attributes must satisfy; checked by {@link #build()}. */
    public Builder policy(SessionPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Builds the cookie helper.
     *
     * @throws IllegalStateException if {@code Secure} is off with a {@code __Host-} name or
     *     {@code SameSite=None}, or the attributes are looser than the policy (the message
     *     names the rule)
     */
    public SessionCookie build() {
      String name = this.name != null ? this.name : secure ? DEFAULT_NAME : LOCAL_DEVELOPMENT_NAME;
      if (!secure && name.startsWith(HOST_PREFIX)) {
        throw new IllegalStateException("a __Host- cookie requires Secure: choose another name for plain-HTTP development");
      }
      if (!secure && sameSite == SameSite.NONE) {
        throw new IllegalStateException("SameSite=None requires Secure");
      }
      if (policy != null) {
        policy.require(SessionPolicy.Rule.COOKIE_SECURE, secure, "cookie " + name + " lacks Secure");
        policy.require(SessionPolicy.Rule.COOKIE_HTTP_ONLY, true, "cookie " + name + " lacks HttpOnly");
        policy.require(SessionPolicy.Rule.COOKIE_SAME_SITE, sameSite != SameSite.NONE,
            "cookie " + name + " has SameSite=None");
        policy.require(SessionPolicy.Rule.COOKIE_HOST_PREFIX, name.startsWith(HOST_PREFIX),
            "cookie " + name + " lacks the __Host- prefix");
      }
      return new SessionCookie(this, name);
    }
  }
}
