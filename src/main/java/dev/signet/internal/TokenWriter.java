package dev.signet.internal;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import dev.signet.TokenProfile;

/** Mints compact tokens of one profile with nimbus-jose-jwt and Bouncy Castle's Ed25519. */
public final class TokenWriter {
  private final TokenProfile profile;
  private final JOSEObjectType type;
  private final JWSAlgorithm jwsAlgorithm;

  /**
   * @param profile the wire format
   * @param type the {@code typ} header value
   * @param jwsAlgorithm the JWS {@code alg} name ({@code EdDSA} or {@code Ed25519})
   */
  public TokenWriter(TokenProfile profile, String type, String jwsAlgorithm) {
    this.profile = profile;
    this.type = new JOSEObjectType(type);
    this.jwsAlgorithm = JWSAlgorithm.parse(jwsAlgorithm);
  }

  /**
   * Mints a token over the claims JSON.
   *
   * @throws IllegalStateException if the keys cannot mint this profile
   */
  public String write(byte[] claimsJson, CompiledKeys keys) {
    try {
      switch (profile) {
        case SIGNED:
          return sign(claimsJson, keys);
        case SEALED:
          return encrypt(new Payload(claimsJson), null, keys);
        case SIGNED_AND_SEALED:
        default:
          return encrypt(new Payload(sign(claimsJson, keys)), "JWT", keys);
      }
    } catch (JOSEException e) {
      throw new IllegalStateException("token could not be minted: " + e.getClass().getSimpleName(), e);
    }
  }

  private String sign(byte[] payload, CompiledKeys keys) throws JOSEException {
    if (keys.signer == null) {
      throw new IllegalStateException("keyset has no private signing key: it cannot mint tokens");
    }
    JWSHeader header = new JWSHeader.Builder(jwsAlgorithm).keyID(keys.signKid).type(type).build();
    JWSObject jws = new JWSObject(header, new Payload(payload));
    jws.sign(keys.signer);
    return jws.serialize();
  }

  private String encrypt(Payload payload, String contentType, CompiledKeys keys) throws JOSEException {
    if (keys.encrypter == null) {
      throw new IllegalStateException("keyset has no encryption key: it cannot mint tokens");
    }
    JWEHeader.Builder header =
        new JWEHeader.Builder(JWEAlgorithm.A256KW, EncryptionMethod.A256GCM)
            .keyID(keys.encryptKid)
            .type(type);
    if (contentType != null) {
      header.contentType(contentType);
    }
    JWEObject jwe = new JWEObject(header.build(), payload);
    jwe.encrypt(keys.encrypter);
    return jwe.serialize();
  }
}
