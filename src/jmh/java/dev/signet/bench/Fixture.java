package dev.signet.bench;

import dev.signet.IssuedToken;
import dev.signet.NewSession;
import dev.signet.TokenIssuer;
import dev.signet.TokenProfile;
import dev.signet.TokenVerifier;
import dev.signet.keys.KeyEntry;
import dev.signet.keys.KeyPurpose;
import dev.signet.keys.Keyset;
import dev.signet.keys.SecretAccess;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Security;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * One keyset, one issuer and one token of the standard claim set, shared by every benchmark so
 * that Signet, the peers and the floors all work on the same bytes.
 */
final class Fixture {
  static final String ISSUER = "https://login.example.com";
  static final String AUDIENCE = "api";
  static final String TYPE = "signet+jwt";
  static final BouncyCastleProvider BC = new BouncyCastleProvider();

  static {
    if (Security.getProvider(BC.getName()) == null) {
      Security.addProvider(BC);
    }
  }

  final Keyset keyset;
  final TokenProfile profile;
  final TokenIssuer issuer;
  final TokenVerifier verifier;
  final IssuedToken issued;
  final String token;

  Fixture(TokenProfile profile) {
    this(profile, Keyset.generate(), null);
  }

  /** A fixture over given keys; {@code token} null mints a fresh one, otherwise it must verify. */
  Fixture(TokenProfile profile, Keyset keyset, String token) {
    this.keyset = keyset;
    this.profile = profile;
    this.issuer = TokenIssuer.builder(keyset).issuer(ISSUER).audience(AUDIENCE).profile(profile)
        .idleTimeout(Duration.ofMinutes(30)).absoluteTimeout(Duration.ofHours(12)).build();
    this.verifier = verifierBuilder().build();
    this.issued = issuer.start(standardSession());
    this.token = token == null ? issued.token() : token;
    if (!verifier.verify(this.token).isAccepted()) {
      throw new IllegalStateException("fixture token does not verify: " + verifier.verify(this.token).rejection() + " " + verifier.verify(this.token).detail());
    }
  }

  TokenVerifier.Builder verifierBuilder() {
    return TokenVerifier.builder(keyset.verifierOnly()).issuer(ISSUER).audience(AUDIENCE).profile(profile);
  }

  /** The standard claim set: a subject, two roles, no application attributes. */
  static NewSession standardSession() {
    return NewSession.forSubject("user-1234567890").withRoles("user", "editor");
  }

  String encryptionKid() {
    return keyset.active(KeyPurpose.ENCRYPTION).orElseThrow().kid();
  }

  String signingKid() {
    return keyset.active(KeyPurpose.SIGNING).orElseThrow().kid();
  }

  byte[] aesKeyBytes() {
    return keyset.active(KeyPurpose.ENCRYPTION).orElseThrow().secretBytes(SecretAccess.insecure());
  }

  SecretKey aesKey() {
    return new SecretKeySpec(aesKeyBytes(), "AES");
  }

  byte[] ed25519Seed() {
    return keyset.active(KeyPurpose.SIGNING).orElseThrow().secretBytes(SecretAccess.insecure());
  }

  /** The Ed25519 private key as a Bouncy Castle JCA key. */
  java.security.PrivateKey ed25519PrivateKeyBc() {
    byte[] prefix = {0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20};
    byte[] pkcs8 = new byte[prefix.length + 32];
    System.arraycopy(prefix, 0, pkcs8, 0, prefix.length);
    System.arraycopy(ed25519Seed(), 0, pkcs8, prefix.length, 32);
    try {
      return KeyFactory.getInstance("Ed25519", BC).generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(pkcs8));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  byte[] ed25519PublicBytes() {
    KeyEntry sig = keyset.active(KeyPurpose.SIGNING).orElseThrow();
    return sig.publicKey().orElseThrow();
  }

  /** The Ed25519 public key as a Bouncy Castle JCA key (an {@code EdECPublicKey} on Java 15+). */
  PublicKey ed25519PublicKeyBc() {
    byte[] raw = ed25519PublicBytes();
    byte[] spki = new byte[12 + 32];
    byte[] prefix = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
    System.arraycopy(prefix, 0, spki, 0, 12);
    System.arraycopy(raw, 0, spki, 12, 32);
    try {
      return KeyFactory.getInstance("Ed25519", BC).generatePublic(new X509EncodedKeySpec(spki));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
