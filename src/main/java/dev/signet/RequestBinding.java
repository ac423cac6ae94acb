package dev.signet;

import java.util.Objects;
import java.util.Optional;

/**
 * What a request presents besides the token, for the checks that bind a token to its client:
 * the fingerprint cookie's value, the {@code User-Agent} header and the client's address.
 *
 * <p>Immutable. Absent parts are simply not set; {@link #none()} has none.
 *
 * <pre>{@code
 * RequestBinding b = RequestBinding.builder()
 *     .fingerprint(fingerprintCookieValue)
 *     .userAgent(request.getHeader("User-Agent"))
 *     .clientAddress(request.getRemoteAddr())
 *     .build();
 * Verification v = verifier.verify(token, b);
 * }</pre>
 *
 * <p><b>Security:</b> {@link #toString()} never shows the fingerprint value.
 */
public final class RequestBinding {
  private static final RequestBinding NONE = new RequestBinding(null, null, null);

  private final String fingerprint;
  private final String userAgent;
  private final String clientAddress;

  private RequestBinding(String fingerprint, String userAgent, String clientAddress) {
    this.fingerprint = fingerprint;
    this.userAgent = userAgent;
    this.clientAddress = clientAddress;
  }

  /** A request that presents nothing besides the token. */
  public static RequestBinding none() {
    return NONE;
  }

  /** A builder with nothing set. */
  public static Builder builder() {
    return new Builder();
  }

  /** The fingerprint cookie's value, if the request carried one. */
  public Optional<String> fingerprint() {
    return Optional.ofNullable(fingerprint);
  }

  /** The {@code User-Agent} header, if any. */
  public Optional<String> userAgent() {
    return Optional.ofNullable(userAgent);
  }

  /** The client's IP address as a literal ({@code 192.0.2.7}, {@code 2001:db8::1}), if known. */
  public Optional<String> clientAddress() {
    return Optional.ofNullable(clientAddress);
  }

  /** Which parts are present; never the fingerprint value. */
  @Override
  public String toString() {
    return "RequestBinding{fingerprint=" + (fingerprint == null ? "absent" : "<redacted>")
        + ", userAgent=" + (userAgent == null ? "absent" : "present")
        + ", clientAddress=" + (clientAddress == null ? "absent" : clientAddress) + "}";
  }

  /** Builds a {@link RequestBinding}; null arguments leave a part absent. */
  public static final class Builder {
    private String fingerprint;
    private String userAgent;
    private String clientAddress;

    private Builder() {}

    /** The fingerprint cookie's value; null when the request had none. */
    public Builder fingerprint(String value) {
      this.fingerprint = value;
      return this;
    }

    /** The {@code User-Agent} header; null when the request had none. */
    public Builder userAgent(String userAgent) {
      this.userAgent = userAgent;
      return this;
    }

    /** The client's IP address literal; null when unknown. */
    public Builder clientAddress(String clientAddress) {
      this.clientAddress = clientAddress;
      return this;
    }

    /** The binding. */
    public RequestBinding build() {
      if (fingerprint == null && userAgent == null && clientAddress == null) {
        return NONE;
      }
      return new RequestBinding(fingerprint, userAgent, clientAddress);
    }
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof RequestBinding)) {
      return false;
    }
    RequestBinding r = (RequestBinding) o;
    return Objects.equals(fingerprint, r.fingerprint)
        && Objects.equals(userAgent, r.userAgent)
        && Objects.equals(clientAddress, r.clientAddress);
  }

  @Override
  public int hashCode() {
    return Objects.hash(userAgent, clientAddress);
  }
}
