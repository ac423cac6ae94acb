package dev.signet.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.AESDecrypter;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.impl.BaseJWSProvider;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.SecretKey;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwa.AlgorithmConstraints.ConstraintType;
import org.jose4j.jca.ProviderContext;
import org.jose4j.jwe.ContentEncryptionAlgorithmIdentifiers;
import org.jose4j.jwe.KeyManagementAlgorithmIdentifiers;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;

/**
 * The same verification with the other Java JOSE libraries, each configured as its documentation
 * advises, checking the same things Signet checks: pinned algorithms, {@code typ}, issuer,
 * audience, expiry and not-before with 60 s leeway, and the presence of {@code sub}, {@code sid},
 * {@code jti} and {@code iat}. Each returns the subject so the work cannot be optimised away.
 */
final class Peers {
  private Peers() {}

  /** A verifier returning the token's subject, or throwing if the token is not accepted. */
  interface Peer {
    String verify(String token) throws Exception;
  }

  private static String requireClaims(String sub, Object sid, Object jti, Object iat) {
    if (sub == null || sid == null || jti == null || iat == null) {
      throw new IllegalStateException("required claim missing");
    }
    return sub;
  }

  /** nimbus-jose-jwt's DefaultJWTProcessor with an Ed25519 verifier on Bouncy Castle. */
  static Peer nimbusProcessorBc(Fixture f) {
    DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
    JOSEObjectType typ = new JOSEObjectType(Fixture.TYPE);
    p.setJWETypeVerifier(new DefaultJOSEObjectTypeVerifier<>(typ));
    p.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(typ));
    SecretKey aes = f.aesKey();
    String encKid = f.encryptionKid();
    p.setJWEKeySelector((header, ctx) ->
        JWEAlgorithm.A256KW.equals(header.getAlgorithm())
                && EncryptionMethod.A256GCM.equals(header.getEncryptionMethod())
                && encKid.equals(header.getKeyID())
            ? List.of(aes)
            : List.of());
    PublicKey pub = f.ed25519PublicKeyBc();
    String sigKid = f.signingKid();
    p.setJWSKeySelector((header, ctx) -> {
      if (!JWSAlgorithm.EdDSA.equals(header.getAlgorithm()) || !sigKid.equals(header.getKeyID())) {
        return List.of();
      }
      return List.of(pub);
    });
    JWSVerifier bc = new BcEd25519Verifier(f.ed25519PublicBytes());
    p.setJWSVerifierFactory(new com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory() {
      @Override
      public JWSVerifier createJWSVerifier(JWSHeader header, java.security.Key key) throws JOSEException {
        if (key != pub) {
          throw new JOSEException("unexpected key");
        }
        return bc;
      }
    });
    p.setJWTClaimsSetVerifier(claimsVerifier());
    return token -> {
      JWTClaimsSet c = p.process(token, null);
      return requireClaims(c.getSubject(), c.getClaim("sid"), c.getJWTID(), c.getIssueTime());
    };
  }

  /**
   * nimbus-jose-jwt as shipped: JWEObject with AESDecrypter, then SignedJWT with its own
   * Ed25519Verifier (Tink), then DefaultJWTClaimsVerifier.
   */
  static Peer nimbusShipped(Fixture f) throws JOSEException {
    AESDecrypter decrypter = new AESDecrypter(f.aesKey());
    OctetKeyPair okp = new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(f.ed25519PublicBytes())).build();
    Ed25519Verifier verifier = new Ed25519Verifier(okp);
    DefaultJWTClaimsVerifier<SecurityContext> claims = claimsVerifier();
    JOSEObjectType typ = new JOSEObjectType(Fixture.TYPE);
    return token -> {
      JWEObject jwe = JWEObject.parse(token);
      if (!JWEAlgorithm.A256KW.equals(jwe.getHeader().getAlgorithm())
          || !EncryptionMethod.A256GCM.equals(jwe.getHeader().getEncryptionMethod())
          || !typ.equals(jwe.getHeader().getType())) {
        throw new IllegalStateException("JWE header not allowed");
      }
      jwe.decrypt(decrypter);
      SignedJWT jws = jwe.getPayload().toSignedJWT();
      if (jws == null || !JWSAlgorithm.EdDSA.equals(jws.getHeader().getAlgorithm())
          || !typ.equals(jws.getHeader().getType()) || !jws.verify(verifier)) {
        throw new IllegalStateException("JWS not accepted");
      }
      JWTClaimsSet c = jws.getJWTClaimsSet();
      claims.verify(c, null);
      return requireClaims(c.getSubject(), c.getClaim("sid"), c.getJWTID(), c.getIssueTime());
    };
  }

  private static DefaultJWTClaimsVerifier<SecurityContext> claimsVerifier() {
    DefaultJWTClaimsVerifier<SecurityContext> v = new DefaultJWTClaimsVerifier<>(
        Fixture.AUDIENCE,
        new JWTClaimsSet.Builder().issuer(Fixture.ISSUER).build(),
        Set.of("sub", "sid", "jti", "iat", "exp"));
    v.setMaxClockSkew(60);
    return v;
  }

  /** jjwt 0.12: decrypt the JWE, then parse the nested JWS with Bouncy Castle for Ed25519. */
  static Peer jjwt(Fixture f) {
    SecretKey aes = f.aesKey();
    JwtParser outer = Jwts.parser()
        .decryptWith(aes)
        .clockSkewSeconds(60)
        .build();
    @SuppressWarnings("deprecation")
    JwtParser inner = Jwts.parser()
        .provider(Fixture.BC)
        .verifyWith(f.ed25519PublicKeyBc())
        .requireIssuer(Fixture.ISSUER)
        .requireAudience(Fixture.AUDIENCE)
        .clockSkewSeconds(60)
        .build();
    return token -> {
      io.jsonwebtoken.Jwe<byte[]> jwe = outer.parseEncryptedContent(token);
      if (!Fixture.TYPE.equals(jwe.getHeader().getType())) {
        throw new IllegalStateException("typ");
      }
      Jws<Claims> jws = inner.parseSignedClaims(new String(jwe.getPayload(), StandardCharsets.US_ASCII));
      if (!Fixture.TYPE.equals(jws.getHeader().getType())) {
        throw new IllegalStateException("typ");
      }
      Claims c = jws.getPayload();
      if (c.getExpiration() == null) {
        throw new IllegalStateException("exp");
      }
      return requireClaims(c.getSubject(), c.get("sid"), c.getId(), c.getIssuedAt());
    };
  }

  /** jose4j's JwtConsumer (nested JWT handled by the library) with Bouncy Castle for Ed25519. */
  static Peer jose4j(Fixture f) {
    ProviderContext bc = new ProviderContext();
    bc.getSuppliedKeyProviderContext().setSignatureProvider(Fixture.BC.getName());
    bc.getGeneralProviderContext().setSignatureProvider(Fixture.BC.getName());
    JwtConsumer consumer = new JwtConsumerBuilder()
        .setDecryptionKey(f.aesKey())
        .setVerificationKey(f.ed25519PublicKeyBc())
        .setExpectedIssuer(Fixture.ISSUER)
        .setExpectedAudience(Fixture.AUDIENCE)
        .setExpectedType(true, Fixture.TYPE)
        .setRequireExpirationTime()
        .setRequireSubject()
        .setRequireJwtId()
        .setRequireIssuedAt()
        .setAllowedClockSkewInSeconds(60)
        .setJwsAlgorithmConstraints(new AlgorithmConstraints(ConstraintType.PERMIT, AlgorithmIdentifiers.EDDSA))
        .setJweAlgorithmConstraints(new AlgorithmConstraints(
            ConstraintType.PERMIT, KeyManagementAlgorithmIdentifiers.A256KW))
        .setJweContentEncryptionAlgorithmConstraints(new AlgorithmConstraints(
            ConstraintType.PERMIT, ContentEncryptionAlgorithmIdentifiers.AES_256_GCM))
        .setJwsProviderContext(bc)
        .build();
    return token -> {
      JwtClaims c = consumer.processToClaims(token);
      return requireClaims(c.getSubject(), c.getClaimValue("sid"), c.getJwtId(), c.getIssuedAt());
    };
  }

  /** A nimbus {@link JWSVerifier} on Bouncy Castle's RFC 8032 Ed25519, as Signet uses. */
  static final class BcEd25519Verifier extends BaseJWSProvider implements JWSVerifier {
    private final Ed25519.PublicPoint key;

    BcEd25519Verifier(byte[] publicKey) {
      super(Set.of(JWSAlgorithm.EdDSA));
      this.key = Ed25519.validatePublicKeyFullExport(publicKey, 0);
    }

    @Override
    public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) {
      byte[] sig = signature.decode();
      return sig.length == Ed25519.SIGNATURE_SIZE
          && Ed25519.verify(sig, 0, key, signingInput, 0, signingInput.length);
    }
  }

  static Map<String, Peer> all(Fixture f) throws JOSEException {
    return Map.of(
        "nimbusProcessorBc", nimbusProcessorBc(f),
        "nimbusShipped", nimbusShipped(f),
        "jjwt", jjwt(f),
        "jose4j", jose4j(f));
  }
}
