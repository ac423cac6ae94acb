package dev.signet;

import dev.signet.internal.Base64Url;
import dev.signet.internal.StrictJson;

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

/** Mints compact tokens of one profile with nimbus-jose-jwt and Bouncy Castle's Ed25519. */
final class TokenWriter {
  private final TokenProfile profile;
  private final JOSEObjectType type;
  private final JWSAlgorithm jwsAlgorithm;

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

  private JWSHeader jwsHeader(String kid) {
    return new JWSHeader.Builder(jwsAlgorithm).keyID(kid).type(type).build();
  }

  private JWEHeader jweHeader(String kid, String contentType) {
    JWEHeader.Builder header =
        new JWEHeader.Builder(JWEAlgorithm.A256KW, EncryptionMethod.A256GCM).keyID(kid).type(type);
    if (contentType != null) {
      header.contentType(contentType);
    }
    return header.build();
  }

  /**
   * The exact protected-header segment (base64url) this writer puts on the outermost object of
   * a token made with key {@code kid}: the JWE header for the sealed profiles, the JWS header for
   * {@code SIGNED}.
   */
  String outerHeaderSegment(String kid) {
    switch (profile) {
      case SIGNED:
        return jwsHeader(kid).toBase64URL().toString();
      case SEALED:
        return jweHeader(kid, null).toBase64URL().toString();
      case SIGNED_AND_SEALED:
      default:
        return jweHeader(kid, "JWT").toBase64URL().toString();
    }
  }

  /** The exact header segment of the JWS nested in a {@code SIGNED_AND_SEALED} token signed with {@code kid}. */
  String innerHeaderSegment(String kid) {
    return jwsHeader(kid).toBase64URL().toString();
  }

  private String sign(byte[] payload, CompiledKeys keys) throws JOSEException {
    if (keys.signer == null) {
      throw new IllegalStateException("keyset has no private signing key: it cannot mint tokens");
    }
    JWSHeader header = jwsHeader(keys.signKid);
    JWSObject jws = new JWSObject(header, new Payload(payload));
    jws.sign(keys.signer);
    return jws.serialize();
  }

  private String encrypt(Payload payload, String contentType, CompiledKeys keys) throws JOSEException {
    if (keys.encrypter == null) {
      throw new IllegalStateException("keyset has no encryption key: it cannot mint tokens");
    }
    JWEObject jwe = new JWEObject(jweHeader(keys.encryptKid, contentType), payload);
    jwe.encrypt(keys.encrypter);
    return jwe.serialize();
  }
}
