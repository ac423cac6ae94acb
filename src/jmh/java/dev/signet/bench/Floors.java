package dev.signet.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * The floor: the least work any correct verifier of a {@code SIGNED_AND_SEALED} token must do,
 * with plain JCA, Bouncy Castle and Jackson, on the bytes of the fixture token. No checks beyond
 * what the primitives do themselves; no JOSE library.
 */
final class Floors {
  private static final Base64.Decoder B64 = Base64.getUrlDecoder();
  private static final ObjectMapper JSON = new ObjectMapper();

  final String token;
  final String[] outerSegments;
  final String[] innerSegments;
  final byte[] aad;
  final byte[] wrappedKey;
  final byte[] iv;
  final byte[] sealed;
  final SecretKey kek;
  final SecretKey cek;
  final byte[] signingInput;
  final byte[] signature;
  final Ed25519.PublicPoint publicPoint;
  final byte[] claims;
  final byte[] publicKey;
  private final Cipher unwrap;
  private final Cipher gcm;
  private final NativeEd25519 sodium;

  Floors(Fixture f) throws GeneralSecurityException {
    this(f, null);
  }

  /** The floor with Ed25519 on {@code sodium} (native libsodium), or on Bouncy Castle if null. */
  Floors(Fixture f, NativeEd25519 sodium) throws GeneralSecurityException {
    this.sodium = sodium;
    token = f.token;
    outerSegments = token.split("\\.");
    aad = outerSegments[0].getBytes(StandardCharsets.US_ASCII);
    wrappedKey = B64.decode(outerSegments[1]);
    iv = B64.decode(outerSegments[2]);
    byte[] ct = B64.decode(outerSegments[3]);
    byte[] tag = B64.decode(outerSegments[4]);
    sealed = new byte[ct.length + tag.length];
    System.arraycopy(ct, 0, sealed, 0, ct.length);
    System.arraycopy(tag, 0, sealed, ct.length, tag.length);
    kek = f.aesKey();
    unwrap = Cipher.getInstance("AES/KW/NoPadding");
    gcm = Cipher.getInstance("AES/GCM/NoPadding");
    cek = new SecretKeySpec(unwrapKey(), "AES");
    String inner = new String(decrypt(), StandardCharsets.US_ASCII);
    innerSegments = inner.split("\\.");
    signingInput = inner.substring(0, inner.lastIndexOf('.')).getBytes(StandardCharsets.US_ASCII);
    signature = B64.decode(innerSegments[2]);
    publicKey = f.ed25519PublicBytes();
    publicPoint = Ed25519.validatePublicKeyFullExport(publicKey, 0);
    claims = B64.decode(innerSegments[1]);
    if (!verifySignature()) {
      throw new IllegalStateException("fixture signature does not verify");
    }
  }

  /** AES key unwrap (RFC 3394) of the token's encrypted key with the key-encryption key. */
  byte[] unwrapKey() throws GeneralSecurityException {
    unwrap.init(Cipher.DECRYPT_MODE, kek);
    return unwrap.doFinal(wrappedKey);
  }

  /** AES-256-GCM decryption of the token's ciphertext, with its header as AAD. */
  byte[] decrypt() throws GeneralSecurityException {
    gcm.init(Cipher.DECRYPT_MODE, cek, new GCMParameterSpec(128, iv));
    gcm.updateAAD(aad);
    return gcm.doFinal(sealed);
  }

  /** Ed25519 verification of the nested JWS's signing input (decoded public point reused). */
  boolean verifySignature() {
    if (sodium != null) {
      return sodium.verify(publicKey, signature, signingInput, signingInput.length);
    }
    return Ed25519.verify(signature, 0, publicPoint, signingInput, 0, signingInput.length);
  }

  /** Every part in sequence, as {@code FloorBenchmark.all}: one verification's least work. */
  int all() throws GeneralSecurityException, IOException {
    int n = decodeSegments();
    n += unwrapKey().length;
    n += decrypt().length;
    n += verifySignature() ? 1 : 0;
    n += parseClaims().size();
    return n;
  }

  /** Base64url decoding of every segment of the token and of the nested JWS (JDK decoder). */
  int decodeSegments() {
    int n = 0;
    for (String s : outerSegments) {
      n += B64.decode(s).length;
    }
    for (String s : innerSegments) {
      n += B64.decode(s).length;
    }
    return n;
  }

  /** Parsing the claims JSON into a tree (Jackson, default settings). */
  JsonNode parseClaims() throws IOException {
    return JSON.readTree(claims);
  }
}
