package dev.signet.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.AESEncrypter;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.impl.BaseJWSProvider;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.jsonwebtoken.Jwts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.jose4j.jca.ProviderContext;
import org.jose4j.jwe.ContentEncryptionAlgorithmIdentifiers;
import org.jose4j.jwe.JsonWebEncryption;
import org.jose4j.jwe.KeyManagementAlgorithmIdentifiers;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.AesKey;

/**
 * Minting one default-profile token of the standard claim set, from a fresh session (new
 * {@code sid} and {@code jti}, 128 bits each from {@link SecureRandom}), with Signet, with each
 * peer, and by hand (the floor). Every variant writes the same members ({@code iss}, {@code aud},
 * {@code sub}, {@code sid}, {@code jti}, {@code iat}, {@code iat_ms}, {@code nbf}, {@code exp},
 * {@code sxp}, {@code auth_time}, {@code roles}) and the same headers ({@code kid}, {@code typ},
 * {@code cty: JWT} on the JWE), and every token it mints verifies with Signet's verifier.
 */
final class IssueCases {
  private IssueCases() {}

  static final long IDLE_SECONDS = 30 * 60;
  static final long ABSOLUTE_SECONDS = 12 * 3600;
  static final String SUBJECT = "user-1234567890";
  static final List<String> ROLES = List.of("user", "editor");

  /** The claim values of one fresh session at the current time. */
  static final class Claims {
    final String sid;
    final String jti;
    final long iatMs;
    final long iat;
    final long exp;
    final long sxp;

    Claims(SecureRandom random, Base64.Encoder b64) {
      byte[] id = new byte[16];
      random.nextBytes(id);
      sid = b64.encodeToString(id);
      random.nextBytes(id);
      jti = b64.encodeToString(id);
      iatMs = System.currentTimeMillis();
      iat = iatMs / 1000;
      sxp = iat + ABSOLUTE_SECONDS;
      exp = Math.min(iat + IDLE_SECONDS, sxp);
    }
  }

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  static Supplier<Object> signet(Fixture f) {
    return () -> f.issuer.start(Fixture.standardSession()).token();
  }

  /**
   * The floor: the least work that mints this token. Claims written with Jackson's streaming
   * generator, constant headers, Bouncy Castle (or libsodium) Ed25519, JCA key wrap and AES-GCM
   * with the ciphers kept, JDK base64url, byte-array assembly.
   */
  static final class Floor implements Supplier<Object> {
    private final SecureRandom random = new SecureRandom();
    private final JsonFactory json = new JsonFactory();
    private final byte[] jwsHeader;
    private final byte[] jweHeader;
    private final byte[] seed;
    private final byte[] pub;
    private final byte[] seedAndPub = new byte[64];
    private final Cipher wrap;
    private final Cipher gcm;
    private final NativeEd25519 sodium;

    Floor(Fixture f, NativeEd25519 sodium) throws GeneralSecurityException {
      this.sodium = sodium;
      jwsHeader = B64.encode(("{\"kid\":\"" + f.signingKid() + "\",\"typ\":\"" + Fixture.TYPE + "\",\"alg\":\"EdDSA\"}")
          .getBytes(StandardCharsets.UTF_8));
      jweHeader = B64.encode(("{\"kid\":\"" + f.encryptionKid() + "\",\"cty\":\"JWT\",\"typ\":\"" + Fixture.TYPE
          + "\",\"enc\":\"A256GCM\",\"alg\":\"A256KW\"}").getBytes(StandardCharsets.UTF_8));
      seed = f.ed25519Seed();
      pub = f.ed25519PublicBytes();
      System.arraycopy(seed, 0, seedAndPub, 0, 32);
      System.arraycopy(pub, 0, seedAndPub, 32, 32);
      wrap = Cipher.getInstance("AES/KW/NoPadding");
      wrap.init(Cipher.ENCRYPT_MODE, f.aesKey());
      gcm = Cipher.getInstance("AES/GCM/NoPadding");
    }

    private byte[] claims(Claims c) throws IOException {
      ByteArrayBuilder out = new ByteArrayBuilder(512);
      try (JsonGenerator g = json.createGenerator(out)) {
        g.writeStartObject();
        g.writeStringField("iss", Fixture.ISSUER);
        g.writeStringField("aud", Fixture.AUDIENCE);
        g.writeStringField("sub", SUBJECT);
        g.writeStringField("sid", c.sid);
        g.writeStringField("jti", c.jti);
        g.writeNumberField("iat", c.iat);
        g.writeNumberField("iat_ms", c.iatMs);
        g.writeNumberField("nbf", c.iat);
        g.writeNumberField("exp", c.exp);
        g.writeNumberField("sxp", c.sxp);
        g.writeNumberField("auth_time", c.iat);
        g.writeArrayFieldStart("roles");
        for (String r : ROLES) {
          g.writeString(r);
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      return out.toByteArray();
    }

    private static int put(byte[] dst, int o, byte[] src) {
      System.arraycopy(src, 0, dst, o, src.length);
      return o + src.length;
    }

    @Override
    public Object get() {
      try {
        byte[] payload = B64.encode(claims(new Claims(random, B64)));
        byte[] jws = new byte[jwsHeader.length + 1 + payload.length + 1 + 86];
        int o = put(jws, 0, jwsHeader);
        jws[o++] = '.';
        o = put(jws, o, payload);
        byte[] sig = new byte[64];
        if (sodium == null) {
          Ed25519.sign(seed, 0, pub, 0, jws, 0, o, sig, 0);
        } else {
          sodium.sign(seedAndPub, jws, o, sig);
        }
        jws[o++] = '.';
        put(jws, o, B64.encode(sig));

        byte[] fresh = new byte[44];
        random.nextBytes(fresh);
        byte[] wrapped = wrap.doFinal(fresh, 0, 32);
        gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(fresh, 0, 32, "AES"), new GCMParameterSpec(128, fresh, 32, 12));
        gcm.updateAAD(jweHeader);
        byte[] sealed = gcm.doFinal(jws);
        byte[] ek = B64.encode(wrapped);
        byte[] iv = B64.encode(java.util.Arrays.copyOfRange(fresh, 32, 44));
        byte[] ct = B64.encode(java.util.Arrays.copyOf(sealed, sealed.length - 16));
        byte[] tag = B64.encode(java.util.Arrays.copyOfRange(sealed, sealed.length - 16, sealed.length));
        byte[] out = new byte[jweHeader.length + ek.length + iv.length + ct.length + tag.length + 4];
        o = put(out, 0, jweHeader);
        out[o++] = '.';
        o = put(out, o, ek);
        out[o++] = '.';
        o = put(out, o, iv);
        out[o++] = '.';
        o = put(out, o, ct);
        out[o++] = '.';
        put(out, o, tag);
        return new String(out, StandardCharsets.ISO_8859_1);
      } catch (IOException | GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private static JWTClaimsSet nimbusClaims(Claims c) {
    return new JWTClaimsSet.Builder()
        .issuer(Fixture.ISSUER)
        .audience(Fixture.AUDIENCE)
        .subject(SUBJECT)
        .claim("sid", c.sid)
        .jwtID(c.jti)
        .issueTime(new Date(c.iat * 1000))
        .claim("iat_ms", c.iatMs)
        .notBeforeTime(new Date(c.iat * 1000))
        .expirationTime(new Date(c.exp * 1000))
        .claim("sxp", c.sxp)
        .claim("auth_time", c.iat)
        .claim("roles", ROLES)
        .build();
  }

  /** nimbus-jose-jwt's object model: SignedJWT signed by {@code signer}, inside a JWEObject with its AESEncrypter. */
  static Supplier<Object> nimbus(Fixture f, JWSSigner signer) throws JOSEException {
    SecureRandom random = new SecureRandom();
    AESEncrypter encrypter = new AESEncrypter(f.aesKey());
    JOSEObjectType typ = new JOSEObjectType(Fixture.TYPE);
    String sigKid = f.signingKid();
    String encKid = f.encryptionKid();
    return () -> {
      try {
        SignedJWT jws = new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.EdDSA).keyID(sigKid).type(typ).build(), nimbusClaims(new Claims(random, B64)));
        jws.sign(signer);
        JWEObject jwe = new JWEObject(
            new JWEHeader.Builder(JWEAlgorithm.A256KW, EncryptionMethod.A256GCM).keyID(encKid).type(typ).contentType("JWT").build(),
            new Payload(jws));
        jwe.encrypt(encrypter);
        return jwe.serialize();
      } catch (JOSEException e) {
        throw new IllegalStateException(e);
      }
    };
  }

  /** nimbus-jose-jwt with an Ed25519 signer on Bouncy Castle (as Signet's verify-side peer). */
  static Supplier<Object> nimbusBc(Fixture f) throws JOSEException {
    return nimbus(f, new BcEd25519Signer(f.ed25519Seed(), f.ed25519PublicBytes()));
  }

  /** nimbus-jose-jwt as shipped: its Ed25519Signer (Tink). */
  static Supplier<Object> nimbusShipped(Fixture f) throws JOSEException {
    OctetKeyPair okp = new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(f.ed25519PublicBytes()))
        .d(Base64URL.encode(f.ed25519Seed())).build();
    return nimbus(f, new Ed25519Signer(okp));
  }

  /** jjwt 0.12 with Bouncy Castle: a signed JWT, then a JWE of its compact form. */
  static Supplier<Object> jjwt(Fixture f) {
    SecureRandom random = new SecureRandom();
    PrivateKey key = f.ed25519PrivateKeyBc();
    SecretKey aes = f.aesKey();
    String sigKid = f.signingKid();
    String encKid = f.encryptionKid();
    return () -> {
      Claims c = new Claims(random, B64);
      String jws = Jwts.builder()
          .provider(Fixture.BC)
          .header().keyId(sigKid).type(Fixture.TYPE).and()
          .issuer(Fixture.ISSUER)
          .audience().single(Fixture.AUDIENCE)
          .subject(SUBJECT)
          .claim("sid", c.sid)
          .id(c.jti)
          .issuedAt(new Date(c.iat * 1000))
          .claim("iat_ms", c.iatMs)
          .notBefore(new Date(c.iat * 1000))
          .expiration(new Date(c.exp * 1000))
          .claim("sxp", c.sxp)
          .claim("auth_time", c.iat)
          .claim("roles", ROLES)
          .signWith(key, Jwts.SIG.EdDSA)
          .compact();
      return Jwts.builder()
          .header().keyId(encKid).type(Fixture.TYPE).contentType("JWT").and()
          .content(jws.getBytes(StandardCharsets.US_ASCII))
          .encryptWith(aes, Jwts.KEY.A256KW, Jwts.ENC.A256GCM)
          .compact();
    };
  }

  /** jose4j with Bouncy Castle for Ed25519: a JsonWebSignature nested in a JsonWebEncryption. */
  static Supplier<Object> jose4j(Fixture f) {
    SecureRandom random = new SecureRandom();
    PrivateKey key = f.ed25519PrivateKeyBc();
    AesKey aes = new AesKey(f.aesKeyBytes());
    String sigKid = f.signingKid();
    String encKid = f.encryptionKid();
    ProviderContext bc = new ProviderContext();
    bc.getSuppliedKeyProviderContext().setSignatureProvider(Fixture.BC.getName());
    bc.getGeneralProviderContext().setSignatureProvider(Fixture.BC.getName());
    return () -> {
      try {
        Claims c = new Claims(random, B64);
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(Fixture.ISSUER);
        claims.setAudience(Fixture.AUDIENCE);
        claims.setSubject(SUBJECT);
        claims.setClaim("sid", c.sid);
        claims.setJwtId(c.jti);
        claims.setIssuedAt(NumericDate.fromSeconds(c.iat));
        claims.setClaim("iat_ms", c.iatMs);
        claims.setNotBefore(NumericDate.fromSeconds(c.iat));
        claims.setExpirationTime(NumericDate.fromSeconds(c.exp));
        claims.setClaim("sxp", c.sxp);
        claims.setClaim("auth_time", c.iat);
        claims.setStringListClaim("roles", ROLES);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setProviderContext(bc);
        jws.setPayload(claims.toJson());
        jws.setKey(key);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.EDDSA);
        jws.setKeyIdHeaderValue(sigKid);
        jws.setHeader("typ", Fixture.TYPE);
        JsonWebEncryption jwe = new JsonWebEncryption();
        jwe.setAlgorithmHeaderValue(KeyManagementAlgorithmIdentifiers.A256KW);
        jwe.setEncryptionMethodHeaderParameter(ContentEncryptionAlgorithmIdentifiers.AES_256_GCM);
        jwe.setKey(aes);
        jwe.setKeyIdHeaderValue(encKid);
        jwe.setHeader("typ", Fixture.TYPE);
        jwe.setContentTypeHeaderValue("JWT");
        jwe.setPayload(jws.getCompactSerialization());
        return jwe.getCompactSerialization();
      } catch (org.jose4j.lang.JoseException e) {
        throw new IllegalStateException(e);
      }
    };
  }

  /** A nimbus {@link JWSSigner} on Bouncy Castle's RFC 8032 Ed25519. */
  static final class BcEd25519Signer extends BaseJWSProvider implements JWSSigner {
    private final byte[] seed;
    private final byte[] pub;

    BcEd25519Signer(byte[] seed, byte[] pub) {
      super(Set.of(JWSAlgorithm.EdDSA));
      this.seed = seed.clone();
      this.pub = pub.clone();
    }

    @Override
    public Base64URL sign(JWSHeader header, byte[] signingInput) {
      byte[] sig = new byte[64];
      Ed25519.sign(seed, 0, pub, 0, signingInput, 0, signingInput.length, sig, 0);
      return Base64URL.encode(sig);
    }
  }
}
