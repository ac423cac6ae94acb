package dev.signet;

import dev.signet.internal.Base64Url;
import dev.signet.internal.StrictJson;

import com.nimbusds.jose.KeyLengthException;
import com.nimbusds.jose.crypto.AESEncrypter;
import dev.signet.keys.KeyEntry;
import dev.signet.keys.KeyPurpose;
import dev.signet.keys.Keyset;
import dev.signet.keys.SecretAccess;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * One keyset, prepared for the hot path: decoded Ed25519 public points by {@code kid}, AES keys
 * by {@code kid}, and the active minting keys. Built once per keyset, shared by all threads.
 */
final class CompiledKeys {
  final Keyset keyset;
  final Map<String, Ed25519.PublicPoint> verifyKeys;
  final Map<String, SecretKey> decryptKeys;
  final String signKid;
  final Ed25519JwsSigner signer;
  final String encryptKid;
  final AESEncrypter encrypter;

  private CompiledKeys(Keyset keyset) {
    this.keyset = keyset;
    Map<String, Ed25519.PublicPoint> verify = new HashMap<>();
    Map<String, SecretKey> decrypt = new HashMap<>();
    for (KeyEntry e : keyset.entries()) {
      if (e.purpose() == KeyPurpose.SIGNING) {
        byte[] pub = e.publicKey().orElseThrow();
        Ed25519.PublicPoint point = Ed25519.validatePublicKeyFullExport(pub, 0);
        if (point == null) {
          throw new IllegalArgumentException("key " + e.kid() + ": invalid Ed25519 public key");
        }
        verify.put(e.kid(), point);
      } else {
        decrypt.put(e.kid(), new SecretKeySpec(e.secretBytes(SecretAccess.insecure()), "AES"));
      }
    }
    this.verifyKeys = Map.copyOf(verify);
    this.decryptKeys = Map.copyOf(decrypt);

    KeyEntry sig = keyset.active(KeyPurpose.SIGNING).orElse(null);
    if (sig != null && sig.hasPrivateKey()) {
      signKid = sig.kid();
      signer = new Ed25519JwsSigner(sig.secretBytes(SecretAccess.insecure()), sig.publicKey().orElseThrow());
    } else {
      signKid = null;
      signer = null;
    }
    KeyEntry enc = keyset.active(KeyPurpose.ENCRYPTION).orElse(null);
    if (enc != null) {
      encryptKid = enc.kid();
      try {
        encrypter = new AESEncrypter(enc.secretBytes(SecretAccess.insecure()));
      } catch (KeyLengthException ex) {
        throw new IllegalArgumentException("key " + enc.kid() + ": not an AES-256 key");
      }
    } else {
      encryptKid = null;
      encrypter = null;
    }
  }

  /** Prepares a keyset. */
  static CompiledKeys of(Keyset keyset) {
    return new CompiledKeys(keyset);
  }

  /** The keyset these keys were prepared from. */
  Keyset keyset() {
    return keyset;
  }

  /** Whether the keyset can sign tokens. */
  boolean canSign() {
    return signer != null;
  }

  /** Whether the keyset can encrypt tokens. */
  boolean canEncrypt() {
    return encrypter != null;
  }
}
