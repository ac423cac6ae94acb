package dev.signet;

import dev.signet.internal.Base64Url;

import dev.signet.keys.KeyEntry;
import dev.signet.keys.KeyPurpose;
import dev.signet.keys.Keyset;
import dev.signet.keys.SecretAccess;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * One keyset, prepared for the hot path: validated Ed25519 public keys by {@code kid}, AES keys
 * by {@code kid}, and the active minting keys. Built once per keyset, shared by all threads.
 */
final class CompiledKeys {
  final Keyset keyset;
  final Map<String, Ed25519VerifyKey> verifyKeys;
  final Map<String, SecretKey> decryptKeys;
  final String signKid;
  final Ed25519JwsSigner signer;
  final String encryptKid;
  /** The active key-encryption key: the same object as in {@link #decryptKeys}, so per-thread ciphers keep its schedule. */
  final SecretKey encryptKey;

  private CompiledKeys(Keyset keyset) {
    this.keyset = keyset;
    Map<String, Ed25519VerifyKey> verify = new HashMap<>();
    Map<String, SecretKey> decrypt = new HashMap<>();
    for (KeyEntry e : keyset.entries()) {
      if (e.purpose() == KeyPurpose.SIGNING) {
        byte[] pub = e.publicKey().orElseThrow();
        Ed25519VerifyKey point = Ed25519VerifyKey.validate(pub);
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
      encryptKey = decryptKeys.get(enc.kid());
      if (encryptKey.getEncoded().length != 32) {
        throw new IllegalArgumentException("key " + enc.kid() + ": not an AES-256 key");
      }
    } else {
      encryptKid = null;
      encryptKey = null;
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
    return encryptKey != null;
  }
}
