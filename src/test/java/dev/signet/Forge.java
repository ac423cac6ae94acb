package dev.signet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.keys.KeyEntry;
import dev.signet.keys.KeyPurpose;
import dev.signet.keys.Keyset;
import dev.signet.keys.SecretAccess;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Builds tokens by hand, byte by byte, with Bouncy Castle's Ed25519 and the JCA's AES key wrap
 * and AES-GCM, so hostile tokens can be made without any JOSE library accepting them first.
 *
 * <p>Every test of the verify path starts from {@link #valid(TokenProfile)} (a token Signet must
 * accept) and changes one thing.
 */
final class Forge {
  static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  static final long NOW_S = NOW.getEpochSecond();
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final String ISS = "https://login.test";
  static final String AUD = "api";
  static final String TYP = "signet+jwt";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  /** One keyset for the whole suite: key generation is not what these tests are about. */
  static final Keyset KEYS = Keyset.generate(CLOCK);

  final Keyset keys;
  final String sigKid;
  final byte[] seed;
  final byte[] publicKey;
  final String encKid;
  final byte[] aesKey;

  private Forge(Keyset keys) {
    this.keys = keys;
    KeyEntry sig = keys.active(KeyPurpose.SIGNING).orElseThrow();
    KeyEntry enc = keys.active(KeyPurpose.ENCRYPTION).orElseThrow();
    this.sigKid = sig.kid();
    this.seed = sig.secretBytes(SecretAccess.insecure());
    this.publicKey = sig.publicKey().orElseThrow();
    this.encKid = enc.kid();
    this.aesKey = enc.secretBytes(SecretAccess.insecure());
  }

  /** A forge over the suite's shared keyset. */
  static Forge forge() {
    return new Forge(KEYS);
  }

  /** A forge over another keyset (for example one an attacker generated). */
  static Forge with(Keyset keys) {
    return new Forge(keys);
  }

  // ---- verifiers -------------------------------------------------------------------------

  /** The verifier every attack is aimed at: default settings, fixed clock, shared keyset. */
  static TokenVerifier verifier(TokenProfile profile) {
    return TokenVerifier.builder(KEYS).issuer(ISS).audience(AUD).profile(profile).clock(CLOCK).build();
  }

  static TokenVerifier.Builder verifierBuilder(TokenProfile profile) {
    return TokenVerifier.builder(KEYS).issuer(ISS).audience(AUD).profile(profile).clock(CLOCK);
  }

  static TokenIssuer issuer(TokenProfile profile) {
    return TokenIssuer.builder(KEYS).issuer(ISS).audience(AUD).profile(profile).clock(CLOCK).build();
  }

  // ---- headers and claims ------------------------------------------------------------------

  /** {@code {"alg":"EdDSA","kid":...,"typ":"signet+jwt"}}. */
  ObjectNode jwsHeader() {
    ObjectNode h = JSON.createObjectNode();
    h.put("alg", "EdDSA");
    h.put("kid", sigKid);
    h.put("typ", TYP);
    return h;
  }

  /** The JWE header of the profile: {@code cty=JWT} only when nested. */
  ObjectNode jweHeader(TokenProfile profile) {
    ObjectNode h = JSON.createObjectNode();
    h.put("alg", "A256KW");
    h.put("enc", "A256GCM");
    h.put("kid", encKid);
    h.put("typ", TYP);
    if (profile == TokenProfile.SIGNED_AND_SEALED) {
      h.put("cty", "JWT");
    }
    return h;
  }

  /** Claims Signet accepts at {@link #NOW}: issued a minute ago, valid for 29 more minutes. */
  static ObjectNode claims() {
    ObjectNode c = JSON.createObjectNode();
    c.put("iss", ISS);
    c.put("aud", AUD);
    c.put("sub", "alice");
    c.put("sid", "c2lkLXNpZC1zaWQtc2lkLXNp");
    c.put("jti", "anRpLWp0aS1qdGktanRpLWp0");
    c.put("iat", NOW_S - 60);
    c.put("nbf", NOW_S - 60);
    c.put("exp", NOW_S + 29 * 60);
    c.put("sxp", NOW_S + 12 * 3600);
    c.put("auth_time", NOW_S - 60);
    return c;
  }

  // ---- whole tokens ------------------------------------------------------------------------

  /** A token of the profile, with default headers and {@link #claims()}, that Signet accepts. */
  String valid(TokenProfile profile) {
    return token(profile, claims().toString());
  }

  /** A token of the profile with default headers around the given claims JSON (sent verbatim). */
  String token(TokenProfile profile, String claimsJson) {
    return token(profile, jwsHeader().toString(), jweHeader(profile).toString(), utf8(claimsJson));
  }

  /** A token of the profile with the given headers (either may be unused) around raw claim bytes. */
  String token(TokenProfile profile, String jwsHeaderJson, String jweHeaderJson, byte[] claims) {
    switch (profile) {
      case SIGNED:
        return jws(jwsHeaderJson, claims);
      case SEALED:
        return jwe(jweHeaderJson, claims);
      case SIGNED_AND_SEALED:
      default:
        return jwe(jweHeaderJson, ascii(jws(jwsHeaderJson, claims)));
    }
  }

  /** A compact JWS over the payload, signed with this forge's Ed25519 key whatever the header says. */
  String jws(String headerJson, byte[] payload) {
    String input = b64(utf8(headerJson)) + "." + b64(payload);
    return input + "." + b64(sign(ascii(input)));
  }

  /** An Ed25519 signature with this forge's key. */
  byte[] sign(byte[] message) {
    byte[] sig = new byte[Ed25519.SIGNATURE_SIZE];
    Ed25519.sign(seed, 0, publicKey, 0, message, 0, message.length, sig, 0);
    return sig;
  }

  /** A compact JWE over the plaintext: AES-256 key wrap and AES-256-GCM with this forge's key, whatever the header says. */
  String jwe(String headerJson, byte[] plaintext) {
    return jwe(headerJson, plaintext, aesKey);
  }

  static String jwe(String headerJson, byte[] plaintext, byte[] kek) {
    try {
      String header = b64(utf8(headerJson));
      byte[] cek = new byte[32];
      RANDOM.nextBytes(cek);
      Cipher wrap = Cipher.getInstance("AES/KW/NoPadding");
      wrap.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(kek, "AES"));
      byte[] wrapped = wrap.doFinal(cek);
      byte[] iv = new byte[12];
      RANDOM.nextBytes(iv);
      Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
      gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, iv));
      gcm.updateAAD(ascii(header));
      byte[] sealed = gcm.doFinal(plaintext);
      byte[] ct = Arrays.copyOf(sealed, sealed.length - 16);
      byte[] tag = Arrays.copyOfRange(sealed, sealed.length - 16, sealed.length);
      return header + "." + b64(wrapped) + "." + b64(iv) + "." + b64(ct) + "." + b64(tag);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A valid token whose outer header (the JWE header, or the JWS header for {@code SIGNED}) is
   * changed by {@code change}; the cryptography is done right over the changed header.
   */
  String withOuterHeader(TokenProfile profile, java.util.function.Consumer<ObjectNode> change) {
    ObjectNode h = profile == TokenProfile.SIGNED ? jwsHeader() : jweHeader(profile);
    change.accept(h);
    return withRawOuterHeader(profile, h.toString());
  }

  /** A valid token whose outer header is exactly {@code headerJson}. */
  String withRawOuterHeader(TokenProfile profile, String headerJson) {
    if (profile == TokenProfile.SIGNED) {
      return token(profile, headerJson, "", utf8(claims().toString()));
    }
    return token(profile, jwsHeader().toString(), headerJson, utf8(claims().toString()));
  }

  /** A valid nested token whose inner JWS header is changed by {@code change}. */
  String withInnerHeader(java.util.function.Consumer<ObjectNode> change) {
    ObjectNode h = jwsHeader();
    change.accept(h);
    return token(TokenProfile.SIGNED_AND_SEALED, h.toString(),
        jweHeader(TokenProfile.SIGNED_AND_SEALED).toString(), utf8(claims().toString()));
  }

  /** A nested token: the default JWE around exactly {@code innerJws}. */
  String sealed(String innerJws) {
    return jwe(jweHeader(TokenProfile.SIGNED_AND_SEALED).toString(), ascii(innerJws));
  }

  // ---- encodings ---------------------------------------------------------------------------

  static String b64(byte[] data) {
    return B64.encodeToString(data);
  }

  static String b64(String utf8) {
    return b64(utf8(utf8));
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] unb64(String s) {
    return Base64.getUrlDecoder().decode(s);
  }

  /** The token's segments. */
  static String[] segments(String token) {
    return token.split("\\.", -1);
  }

  /** Joins segments with dots. */
  static String join(String... segments) {
    return String.join(".", segments);
  }

  /** The rejection of a verification that must have been rejected (the accepted case fails the test). */
  static Rejection rejection(Verification v) {
    if (v.isAccepted()) {
      throw new AssertionError("token was accepted: " + v);
    }
    return v.rejection().orElseThrow();
  }
}
