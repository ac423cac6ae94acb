package dev.signet;

import dev.signet.internal.Base64Url;

import org.bouncycastle.math.ec.rfc8032.Ed25519;

/** Ed25519 on Bouncy Castle's RFC 8032 code: the default, about ten times JDK 17's own provider. */
final class BouncyCastleEd25519 implements Ed25519Backend {
  @Override
  public String name() {
    return "Bouncy Castle";
  }

  @Override
  public boolean verify(Ed25519VerifyKey key, byte[] sig, byte[] msg, int len) {
    if (sig.length != Ed25519.SIGNATURE_SIZE) {
      return false;
    }
    Ed25519.PublicPoint point = key.point;
    if (point == null) {
      // Only the self-test builds unvalidated keys; Bouncy Castle validates them here.
      point = Ed25519.validatePublicKeyFullExport(key.encoded, 0);
      if (point == null) {
        return false;
      }
    }
    return Ed25519.verify(sig, 0, point, msg, 0, len);
  }

  @Override
  public void sign(byte[] seedAndPublicKey, byte[] msg, int len, byte[] sig) {
    Ed25519.sign(seedAndPublicKey, 0, seedAndPublicKey, Ed25519.SECRET_KEY_SIZE, msg, 0, len, sig, 0);
  }
}
