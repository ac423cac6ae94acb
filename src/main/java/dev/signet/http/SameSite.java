package dev.signet.http;

/** The {@code SameSite} attribute of a cookie (RFC 6265bis). */
public enum SameSite {
  /** Sent only with same-site requests. */
  STRICT("Strict"),
  /** Sent with same-site requests and top-level cross-site navigations with a safe method; the default. */
  LAX("Lax"),
  /** Sent with every request, cross-site included; requires {@code Secure}. */
  NONE("None");

  private final String attribute;

  SameSite(String attribute) {
    this.attribute = attribute;
  }

  /** The attribute value as written in {@code Set-Cookie}. */
  public String attribute() {
    return attribute;
  }
}
