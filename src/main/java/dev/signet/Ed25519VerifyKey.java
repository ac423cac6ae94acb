package dev.signet;

import dev.signet.internal.Base64Url;

import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * An Ed25519 public key, validated once when a keyset is prepared: its 32-byte encoding (what a
 * native implementation takes) and Bouncy Castle's decoded point (what Bouncy Castle takes), so
 * that neither decodes the key again on each verification.
 */
final class Ed25519VerifyKey {
  final byte[] encoded;
  final Ed25519.PublicPoint point;

  private Ed25519VerifyKey(byte[] encoded, Ed25519.PublicPoint point) {
    this.encoded = encoded;
    this.point = point;
  }

  /**
   * The key, or null if {@code encoded} is not a canonical encoding of a point of prime order
   * (Bouncy Castle's full validation: this refuses the small-order and mixed-order points, the
   * keys under which one signature can verify for several messages).
   */
  static Ed25519VerifyKey validate(byte[] encoded) {
    if (encoded == null || encoded.length != Ed25519.PUBLIC_KEY_SIZE) {
      return null;
    }
    Ed25519.PublicPoint point = Ed25519.validatePublicKeyFullExport(encoded, 0);
    return point == null ? null : new Ed25519VerifyKey(encoded.clone(), point);
  }

  /** A key that skips validation: only for the self-test, which checks that libsodium refuses such keys itself. */
  static Ed25519VerifyKey unvalidated(byte[] encoded) {
    return new Ed25519VerifyKey(encoded.clone(), null);
  }
}
