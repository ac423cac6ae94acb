package dev.signet.keys;

import dev.signet.Rejection;

/**
 * The JWS {@code alg} name written into, and required of, signed tokens. Both names denote
 * Ed25519; they differ only in the header value.
 *
 * <p>The verifier accepts only the configured name: a token carrying the other one is rejected
 * as {@link Rejection#UNSUPPORTED}.
 */
public enum SignatureAlgorithm {
  /**
   * {@code "EdDSA"} (RFC 8037), the default, because gateways and JOSE libraries in the field
   * (Envoy, jose4j, jjwt) know it.
   */
  EDDSA("EdDSA"),

  /** {@code "Ed25519"}, the fully specified name of RFC 9864. */
  ED25519("Ed25519");

  private final String headerValue;

  SignatureAlgorithm(String headerValue) {
    this.headerValue = headerValue;
  }

  /** The exact value of the JWS {@code alg} header. */
  public String headerValue() {
    return headerValue;
  }
}
