package dev.signet;

import dev.signet.internal.Base64Url;
import dev.signet.keys.KeyDerivation;
import dev.signet.keys.KeyEntry;
import dev.signet.keys.KeyPurpose;
import dev.signet.keys.Keyset;
import dev.signet.keys.KeysetSource;
import dev.signet.keys.SecretAccess;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * Optional binding of a session to its client's context: a keyed hash of the {@code User-Agent}
 * header and/or of the client's coarse network (the IPv4 /24 or IPv6 /48 it is in), carried in
 * the token's {@code ctx} claim from the start of the session and compared on every
 * verification. Off by default.
 *
 * <p>{@code ctx = base64url(HMAC-SHA256(k, "signet-ctx/2" + "\nua=" + userAgent + "\nnet=" +
 * network))} (each part only when bound), where {@code k = HMAC-SHA256(encKey, "signet ctx key
 * v1")} is derived from the keyset's active encryption key, under its own label, separate from
 * the CSRF key's derivation. Without the key, a token (even a {@code SIGNED} one, whose claims
 * anyone can read) reveals nothing about the client's network or user agent: the 2^24 networks
 * of IPv4 cannot be tried. A verifier accepts a {@code ctx} made with any encryption key of its
 * keyset, so a key rotation does not break bound sessions; binding therefore needs a keyset with
 * an encryption key, checked when the verifier is built.
 *
 * <pre>{@code
 * ContextBinding binding = ContextBinding.builder().userAgent().network().policy(ContextPolicy.REJECT).build();
 * TokenVerifier verifier = TokenVerifier.builder(keys)...contextBinding(binding).build();
 * }</pre>
 *
 * <p><b>Caveat:</b> a user agent string changes with browser updates, and the network of a
 * mobile user or a VPN user changes during a session; binding to either rejects (or, under
 * {@link ContextPolicy#REPORT_ONLY}, reports) such legitimate users. The user agent is also
 * chosen by the client, so the binding raises the bar for a token thief without stopping a
 * determined one. It is a defence in depth, not a substitute for {@link Fingerprint}.
 */
public final class ContextBinding {
  private static final String ABSENT = "\u0000absent";

  private final boolean userAgent;
  private final boolean network;
  private final ContextPolicy policy;

  private ContextBinding(Builder b) {
    this.userAgent = b.userAgent;
    this.network = b.network;
    this.policy = b.policy;
  }

  /** A builder binding nothing yet, with policy {@link ContextPolicy#REJECT}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Whether the user agent is bound. */
  public boolean bindsUserAgent() {
    return userAgent;
  }

  /** Whether the client's coarse network is bound. */
  public boolean bindsNetwork() {
    return network;
  }

  /** What a mismatch does. */
  public ContextPolicy policy() {
    return policy;
  }

  /**
   * The {@code ctx} claim value for a request, keyed with the active encryption key of
   * {@code keys} (the keyset the verifiers of the session hold). {@link SessionManager#start}
   * calls this; call it yourself only to bind a session minted with {@link TokenIssuer} directly
   * ({@link NewSession#withContextHash(String)}).
   *
   * @throws IllegalStateException if the keyset has no active encryption key
   */
  public String hash(KeysetSource keys, RequestBinding request) {
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(request, "request");
    KeyEntry key = keys.current().active(KeyPurpose.ENCRYPTION).orElseThrow(
        () -> new IllegalStateException("keyset has no encryption key to derive the client-context key from"));
    return Base64Url.encode(mac(key, input(request)));
  }

  /**
   * Whether {@code ctx} is the client-context value of {@code request} under any encryption key
   * of {@code keys}; each comparison runs in constant time.
   */
  boolean matches(Keyset keys, String ctx, RequestBinding request) {
    byte[] given = Base64Url.decode(ctx);
    if (given == null) {
      return false;
    }
    byte[] in = input(request);
    boolean ok = false;
    for (KeyEntry e : keys.entries()) {
      if (e.purpose() == KeyPurpose.ENCRYPTION) {
        ok |= MessageDigest.isEqual(mac(e, in), given);
      }
    }
    return ok;
  }

  private byte[] input(RequestBinding request) {
    StringBuilder sb = new StringBuilder("signet-ctx/2");
    if (userAgent) {
      sb.append("\nua=").append(request.userAgent().orElse(ABSENT));
    }
    if (network) {
      sb.append("\nnet=").append(request.clientAddress().map(ContextBinding::coarseNetwork).orElse(ABSENT));
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] mac(KeyEntry encryptionKey, byte[] input) {
    return KeyDerivation.mac(encryptionKey, KeyDerivation.CONTEXT, input);
  }

  /**
   * The network an address literal is in: its IPv4 /24 or IPv6 /48 prefix. Never resolves
   * names; anything that is not an IP literal maps to a fixed "unknown" value.
   */
  static String coarseNetwork(String address) {
    String a = address.trim();
    int zone = a.indexOf('%');
    if (zone >= 0) {
      a = a.substring(0, zone);
    }
    if (a.startsWith("[") && a.endsWith("]")) {
      a = a.substring(1, a.length() - 1);
    }
    if (a.isEmpty() || a.length() > 45 || !isIpLiteralShape(a)) {
      return "unknown";
    }
    byte[] b;
    try {
      // Only literals reach this line, so no name lookup happens.
      InetAddress ip = InetAddress.getByName(a);
      b = ip.getAddress();
      if (ip instanceof Inet4Address) {
        return "v4:" + (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + ".0/24";
      }
    } catch (UnknownHostException e) {
      return "unknown";
    }
    return String.format("v6:%02x%02x:%02x%02x:%02x%02x::/48", b[0], b[1], b[2], b[3], b[4], b[5]);
  }

  private static boolean isIpLiteralShape(String a) {
    if (a.indexOf(':') >= 0) {
      return a.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0);
    }
    String[] parts = a.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9') || Integer.parseInt(p) > 255) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return "ContextBinding{userAgent=" + userAgent + ", network=" + network + ", policy=" + policy + "}";
  }

  /** Configures a {@link ContextBinding}. */
  public static final class Builder {
    private boolean userAgent;
    private boolean network;
    private ContextPolicy policy = ContextPolicy.REJECT;

    private Builder() {}

    /** Bind the {@code User-Agent} header. */
    public Builder userAgent() {
      this.userAgent = true;
      return this;
    }

    /** Bind the client's coarse network (IPv4 /24, IPv6 /48). */
    public Builder network() {
      this.network = true;
      return this;
    }

    /** What a mismatch does; default {@link ContextPolicy#REJECT}. */
    public Builder policy(ContextPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Builds the binding.
     *
     * @throws IllegalStateException if neither the user agent nor the network is bound
     */
    public ContextBinding build() {
      if (!userAgent && !network) {
        throw new IllegalStateException("contextBinding binds nothing: call userAgent() and/or network()");
      }
      return new ContextBinding(this);
    }
  }
}
