package dev.signet.keys;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * One key generation of a {@link Keyset}: its id, purpose, state, times and key material.
 *
 * <p>Immutable. Signing keys are Ed25519 (a 32-byte public key and, on a full keyset, the
 * 32-byte private seed); encryption keys are 256-bit AES keys.
 *
 * <p><b>Security:</b> key bytes are never part of {@link #toString()}; they are read only through
 * {@link #secretBytes(SecretAccess)}.
 */
public final class KeyEntry {
  /** Longest accepted key id. */
  public static final int MAX_KID_LENGTH = 64;

  private static final int KEY_BYTES = 32;

  private final String kid;
  private final KeyPurpose purpose;
  private final KeyState state;
  private final Instant createdAt;
  private final Instant activatedAt;
  private final Instant retiredAt;
  private final byte[] publicKey;
  private final byte[] secret;

  private KeyEntry(
      String kid,
      KeyPurpose purpose,
      KeyState state,
      Instant createdAt,
      Instant activatedAt,
      Instant retiredAt,
      byte[] publicKey,
      byte[] secret) {
    this.kid = kid;
    this.purpose = purpose;
    this.state = state;
    this.createdAt = createdAt;
    this.activatedAt = activatedAt;
    this.retiredAt = retiredAt;
    this.publicKey = publicKey;
    this.secret = secret;
  }

  /**
   * Generates a fresh key from {@code random}, with a random {@code kid}.
   *
   * @param purpose what the key is for
   * @param state its initial state ({@code ACTIVE} or {@code NEXT})
   * @param now the creation time (and activation time when {@code ACTIVE})
   * @param random a CSPRNG
   */
  public static KeyEntry generate(KeyPurpose purpose, KeyState state, Instant now, SecureRandom random) {
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(random, "random");
    if (state == KeyState.RETIRED) {
      throw new IllegalArgumentException("a new key cannot start RETIRED");
    }
    byte[] id = new byte[12];
    random.nextBytes(id);
    String kid =
        (purpose == KeyPurpose.SIGNING ? "sig-" : "enc-")
            + Base64.getUrlEncoder().withoutPadding().encodeToString(id);
    Instant activated = state == KeyState.ACTIVE ? now : null;
    if (purpose == KeyPurpose.SIGNING) {
      byte[] seed = new byte[KEY_BYTES];
      Ed25519.generatePrivateKey(random, seed);
      byte[] pub = new byte[KEY_BYTES];
      Ed25519.generatePublicKey(seed, 0, pub, 0);
      return new KeyEntry(kid, purpose, state, now, activated, null, pub, seed);
    }
    byte[] key = new byte[KEY_BYTES];
    random.nextBytes(key);
    return new KeyEntry(kid, purpose, state, now, activated, null, null, key);
  }

  /**
   * A signing key from its parts, as read from a keyset file.
   *
   * @param privateSeed the 32-byte private seed, or null for a verify-only key
   * @throws IllegalArgumentException if a key is the wrong length, the public key is not a
   *     valid Ed25519 point of prime order, or the seed does not match the public key
   */
  public static KeyEntry signing(
      String kid,
      KeyState state,
      Instant createdAt,
      Instant activatedAt,
      Instant retiredAt,
      byte[] publicKey,
      byte[] privateSeed) {
    checkMeta(kid, state, createdAt, activatedAt, retiredAt);
    Objects.requireNonNull(publicKey, "publicKey");
    if (publicKey.length != KEY_BYTES) {
      throw new IllegalArgumentException(
          "key " + kid + ": Ed25519 public key must be 32 bytes, got " + publicKey.length);
    }
    if (!Ed25519.validatePublicKeyFull(publicKey, 0)) {
      throw new IllegalArgumentException("key " + kid + ": not a valid Ed25519 public key");
    }
    byte[] seed = null;
    if (privateSeed != null) {
      if (privateSeed.length != KEY_BYTES) {
        throw new IllegalArgumentException(
            "key " + kid + ": Ed25519 private key must be 32 bytes, got " + privateSeed.length);
      }
      byte[] derived = new byte[KEY_BYTES];
      Ed25519.generatePublicKey(privateSeed, 0, derived, 0);
      if (!java.security.MessageDigest.isEqual(derived, publicKey)) {
        throw new IllegalArgumentException(
            "key " + kid + ": private key does not match its public key");
      }
      seed = privateSeed.clone();
    }
    return new KeyEntry(
        kid, KeyPurpose.SIGNING, state, createdAt, activatedAt, retiredAt, publicKey.clone(), seed);
  }

  /**
   * An encryption key from its parts, as read from a keyset file.
   *
   * @throws IllegalArgumentException if the key is not 32 bytes or is all zeros
   */
  public static KeyEntry encryption(
      String kid,
      KeyState state,
      Instant createdAt,
      Instant activatedAt,
      Instant retiredAt,
      byte[] key) {
    checkMeta(kid, state, createdAt, activatedAt, retiredAt);
    Objects.requireNonNull(key, "key");
    if (key.length != KEY_BYTES) {
      throw new IllegalArgumentException(
          "key " + kid + ": AES key must be 256 bits, got " + (key.length * 8));
    }
    boolean allZero = true;
    for (byte b : key) {
      allZero &= b == 0;
    }
    if (allZero) {
      throw new IllegalArgumentException("key " + kid + ": AES key is all zeros");
    }
    return new KeyEntry(
        kid, KeyPurpose.ENCRYPTION, state, createdAt, activatedAt, retiredAt, null, key.clone());
  }

  private static void checkMeta(
      String kid, KeyState state, Instant createdAt, Instant activatedAt, Instant retiredAt) {
    Objects.requireNonNull(kid, "kid");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(createdAt, "createdAt");
    if (kid.isEmpty() || kid.length() > MAX_KID_LENGTH) {
      throw new IllegalArgumentException("kid must be 1 to " + MAX_KID_LENGTH + " characters");
    }
    for (int i = 0; i < kid.length(); i++) {
      char c = kid.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        throw new IllegalArgumentException("kid must be printable ASCII without spaces");
      }
    }
    if (state != KeyState.NEXT && activatedAt == null) {
      throw new IllegalArgumentException("key " + kid + ": " + state + " key needs an activation time");
    }
    if (state == KeyState.RETIRED && retiredAt == null) {
      throw new IllegalArgumentException("key " + kid + ": RETIRED key needs a retirement time");
    }
  }

  /** The key id, the JOSE {@code kid} header of tokens made with this key. */
  public String kid() {
    return kid;
  }

  /** What the key is for. */
  public KeyPurpose purpose() {
    return purpose;
  }

  /** Where the key is in its life. */
  public KeyState state() {
    return state;
  }

  /** When the key was generated. */
  public Instant createdAt() {
    return createdAt;
  }

  /** When the key became {@code ACTIVE}, if it has. */
  public Optional<Instant> activatedAt() {
    return Optional.ofNullable(activatedAt);
  }

  /** When the key was retired, if it has been. */
  public Optional<Instant> retiredAt() {
    return Optional.ofNullable(retiredAt);
  }

  /**
   * Whether this entry holds secret material that can mint tokens: the private seed of a
   * signing key, or (always) the AES key of an encryption key.
   */
  public boolean hasPrivateKey() {
    return secret != null;
  }

  /** The 32-byte Ed25519 public key (a copy); empty for an encryption key. */
  public Optional<byte[]> publicKey() {
    return Optional.ofNullable(publicKey == null ? null : publicKey.clone());
  }

  /**
   * The raw secret (a copy): the Ed25519 private seed of a signing key or the AES key of an
   * encryption key.
   *
   * @throws IllegalStateException if this is a verify-only signing key
   */
  public byte[] secretBytes(SecretAccess access) {
    Objects.requireNonNull(access, "access");
    if (secret == null) {
      throw new IllegalStateException("key " + kid + " has no private part");
    }
    return secret.clone();
  }

  /** This key in another state, with the transition time recorded. */
  public KeyEntry withState(KeyState newState, Instant at) {
    Objects.requireNonNull(newState, "newState");
    Objects.requireNonNull(at, "at");
    Instant activated = activatedAt;
    Instant retired = retiredAt;
    if (newState == KeyState.ACTIVE && activated == null) {
      activated = at;
    }
    if (newState == KeyState.RETIRED) {
      if (activated == null) {
        activated = at;
      }
      retired = at;
    }
    return new KeyEntry(kid, purpose, newState, createdAt, activated, retired, publicKey, secret);
  }

  /** This key without its private part: a signing key becomes verify-only; an encryption key is returned as is. */
  public KeyEntry withoutPrivateKey() {
    if (purpose == KeyPurpose.ENCRYPTION || secret == null) {
      return this;
    }
    return new KeyEntry(kid, purpose, state, createdAt, activatedAt, retiredAt, publicKey, null);
  }

  /** Whether both entries hold the same id, metadata and key bytes. */
  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof KeyEntry)) {
      return false;
    }
    KeyEntry k = (KeyEntry) o;
    return kid.equals(k.kid)
        && purpose == k.purpose
        && state == k.state
        && createdAt.equals(k.createdAt)
        && Objects.equals(activatedAt, k.activatedAt)
        && Objects.equals(retiredAt, k.retiredAt)
        && Arrays.equals(publicKey, k.publicKey)
        && java.security.MessageDigest.isEqual(
            secret == null ? new byte[0] : secret, k.secret == null ? new byte[0] : k.secret)
        && (secret == null) == (k.secret == null);
  }

  @Override
  public int hashCode() {
    return kid.hashCode();
  }

  /** Id, purpose, state and times; never key bytes. */
  @Override
  public String toString() {
    return "KeyEntry{kid="
        + kid
        + ", purpose="
        + purpose
        + ", state="
        + state
        + ", private="
        + hasPrivateKey()
        + ", createdAt="
        + createdAt
        + (activatedAt != null ? ", activatedAt=" + activatedAt : "")
        + (retiredAt != null ? ", retiredAt=" + retiredAt : "")
        + "}";
  }
}
