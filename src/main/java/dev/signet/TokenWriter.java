package dev.signet;

import dev.signet.internal.Base64Url;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Mints compact tokens of one profile: a JWS signed with Ed25519, a JWE ({@code A256KW},
 * {@code A256GCM}), or a JWS inside a JWE.
 *
 * <p>The protected headers are nimbus-jose-jwt's own serialisation ({@link JWSHeader},
 * {@link JWEHeader}), made once per key and kept as ASCII bytes. Each token is then written
 * straight into byte arrays: the signing input where it will stay, the signature after it, the
 * JWS encrypted in place into the JWE, every segment base64url-encoded once into the final
 * array. Nothing Signet wrote is parsed or serialised again, and the JCA ciphers are kept per
 * thread ({@link JoseCrypto}).
 */
final class TokenWriter {
  private static final int CEK_BYTES = 32;
  private static final int IV_BYTES = 12;
  private static final int WRAPPED_BYTES = 40;

  private final TokenProfile profile;
  private final JOSEObjectType type;
  private final JWSAlgorithm jwsAlgorithm;
  private final SecureRandom random = new SecureRandom();
  private volatile Headers headers;

  /**
   * @param profile the wire format
   * @param type the {@code typ} header value
   * @param jwsAlgorithm the JWS {@code alg} name ({@code EdDSA} or {@code Ed25519})
   */
  TokenWriter(TokenProfile profile, String type, String jwsAlgorithm) {
    this.profile = profile;
    this.type = new JOSEObjectType(type);
    this.jwsAlgorithm = JWSAlgorithm.parse(jwsAlgorithm);
  }

  /**
   * Mints a token over the claims JSON.
   *
   * @throws IllegalStateException if the keys cannot mint this profile
   */
  String write(byte[] claimsJson, CompiledKeys keys) {
    Headers h = headers(keys);
    try {
      switch (profile) {
        case SIGNED:
          return ascii(sign(claimsJson, claimsJson.length, h, keys));
        case SEALED:
          return ascii(encrypt(claimsJson, claimsJson.length, h, keys));
        case SIGNED_AND_SEALED:
        default:
          byte[] jws = sign(claimsJson, claimsJson.length, h, keys);
          return ascii(encrypt(jws, jws.length, h, keys));
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("token could not be minted: " + e.getClass().getSimpleName(), e);
    }
  }

  private static String ascii(byte[] token) {
    // Every byte is base64url or a dot: ISO-8859-1 makes the string without a decoding pass.
    return new String(token, StandardCharsets.ISO_8859_1);
  }

  /** The compact JWS over {@code payload[0, len)}, as ASCII bytes. */
  private byte[] sign(byte[] payload, int len, Headers h, CompiledKeys keys) {
    if (keys.signer == null) {
      throw new IllegalStateException("keyset has no private signing key: it cannot mint tokens");
    }
    byte[] header = h.jws;
    int inputLen = header.length + 1 + Base64Url.encodedLengthOf(len);
    byte[] out = new byte[inputLen + 1 + Base64Url.encodedLengthOf(JoseCrypto.SIGNATURE_BYTES)];
    System.arraycopy(header, 0, out, 0, header.length);
    out[header.length] = '.';
    Base64Url.encodeInto(payload, 0, len, out, header.length + 1);
    byte[] sig = new byte[JoseCrypto.SIGNATURE_BYTES];
    // The signing input is the array's first inputLen bytes, signed where it lies.
    keys.signer.sign(out, inputLen, sig);
    out[inputLen] = '.';
    Base64Url.encodeInto(sig, 0, sig.length, out, inputLen + 1);
    return out;
  }

  /** The compact JWE over {@code plaintext[0, len)}, as ASCII bytes. */
  private byte[] encrypt(byte[] plaintext, int len, Headers h, CompiledKeys keys) throws GeneralSecurityException {
    if (keys.encryptKey == null) {
      throw new IllegalStateException("keyset has no encryption key: it cannot mint tokens");
    }
    byte[] fresh = new byte[CEK_BYTES + IV_BYTES];
    random.nextBytes(fresh);
    byte[] cek = Arrays.copyOf(fresh, CEK_BYTES);
    byte[] iv = Arrays.copyOfRange(fresh, CEK_BYTES, CEK_BYTES + IV_BYTES);
    Arrays.fill(fresh, (byte) 0);
    byte[] wrapped = JoseCrypto.wrapKey(keys.encryptKey, cek);
    if (wrapped.length != WRAPPED_BYTES) {
      throw new IllegalStateException("key wrap gave " + wrapped.length + " bytes");
    }
    byte[] sealed = new byte[len + JoseCrypto.GCM_TAG_BYTES];
    // AAD is the ASCII of the protected header segment (RFC 7516 §5.1 step 14).
    JoseCrypto.sealGcm(cek, iv, h.jwe, plaintext, len, sealed, 0);
    Arrays.fill(cek, (byte) 0);

    byte[] header = h.jwe;
    int size = header.length + 4
        + Base64Url.encodedLengthOf(WRAPPED_BYTES)
        + Base64Url.encodedLengthOf(IV_BYTES)
        + Base64Url.encodedLengthOf(len)
        + Base64Url.encodedLengthOf(JoseCrypto.GCM_TAG_BYTES);
    byte[] out = new byte[size];
    System.arraycopy(header, 0, out, 0, header.length);
    int o = header.length;
    out[o++] = '.';
    o = Base64Url.encodeInto(wrapped, 0, wrapped.length, out, o);
    out[o++] = '.';
    o = Base64Url.encodeInto(iv, 0, iv.length, out, o);
    out[o++] = '.';
    o = Base64Url.encodeInto(sealed, 0, len, out, o);
    out[o++] = '.';
    Base64Url.encodeInto(sealed, len, JoseCrypto.GCM_TAG_BYTES, out, o);
    return out;
  }

  /** The header segments for the active keys of {@code keys}, made once per keyset. */
  private Headers headers(CompiledKeys keys) {
    Headers h = headers;
    if (h == null || h.keys != keys) {
      h = new Headers(keys);
      headers = h;
    }
    return h;
  }

  /** The ASCII header segments this writer puts on tokens made with one keyset's active keys. */
  private final class Headers {
    final CompiledKeys keys;
    final byte[] jws;
    final byte[] jwe;

    Headers(CompiledKeys keys) {
      this.keys = keys;
      this.jws = keys.signKid == null ? null : asciiOf(jwsHeaderSegment(keys.signKid));
      this.jwe = keys.encryptKid == null ? null
          : asciiOf(jweHeaderSegment(keys.encryptKid, profile == TokenProfile.SIGNED_AND_SEALED ? "JWT" : null));
    }
  }

  private static byte[] asciiOf(String segment) {
    return segment.getBytes(StandardCharsets.US_ASCII);
  }

  private String jwsHeaderSegment(String kid) {
    return new JWSHeader.Builder(jwsAlgorithm).keyID(kid).type(type).build().toBase64URL().toString();
  }

  private String jweHeaderSegment(String kid, String contentType) {
    JWEHeader.Builder header =
        new JWEHeader.Builder(JWEAlgorithm.A256KW, EncryptionMethod.A256GCM).keyID(kid).type(type);
    if (contentType != null) {
      header.contentType(contentType);
    }
    return header.build().toBase64URL().toString();
  }

  /**
   * The exact protected-header segment (base64url) this writer puts on the outermost object of
   * a token made with key {@code kid}: the JWE header for the sealed profiles, the JWS header for
   * {@code SIGNED}.
   */
  String outerHeaderSegment(String kid) {
    switch (profile) {
      case SIGNED:
        return jwsHeaderSegment(kid);
      case SEALED:
        return jweHeaderSegment(kid, null);
      case SIGNED_AND_SEALED:
      default:
        return jweHeaderSegment(kid, "JWT");
    }
  }

  /** The exact header segment of the JWS nested in a {@code SIGNED_AND_SEALED} token signed with {@code kid}. */
  String innerHeaderSegment(String kid) {
    return jwsHeaderSegment(kid);
  }
}
