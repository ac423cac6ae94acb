package dev.signet.bench;

import dev.signet.TokenProfile;
import dev.signet.keys.KeyEntry;
import dev.signet.keys.KeyState;
import dev.signet.keys.Keyset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The cases of the paired run, each one operation on its own objects. Built by
 * {@link #create(String, byte[][])}, which {@link PairedRun} calls inside each case's own class
 * loader, so only JDK types cross between cases: the key material and the token in, a
 * {@link Supplier} out.
 */
public final class Variants {
  private Variants() {}

  /** The key material and the token every case shares: seed, public key, AES key, signing kid, encryption kid, token. */
  static byte[][] material(Fixture f) {
    return new byte[][] {
      f.ed25519Seed(), f.ed25519PublicBytes(), f.aesKeyBytes(), utf8(f.signingKid()), utf8(f.encryptionKid()), utf8(f.token)
    };
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String str(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  static Fixture fixture(byte[][] m) {
    Instant t0 = Instant.now().minusSeconds(3600);
    Keyset keys = Keyset.of(java.util.List.of(
        KeyEntry.signing(str(m[3]), KeyState.ACTIVE, t0, t0, null, m[1], m[0]),
        KeyEntry.encryption(str(m[4]), KeyState.ACTIVE, t0, t0, null, m[2])));
    return new Fixture(TokenProfile.SIGNED_AND_SEALED, keys, str(m[5]));
  }

  /**
   * One case: {@code verify:X} verifies the shared token, {@code issue:X} mints a fresh token of
   * the standard session; X is {@code signet}, {@code floor}, {@code floorNative} or a peer.
   */
  public static Supplier<Object> create(String name, byte[][] material) throws Exception {
    Fixture f = fixture(material);
    String token = f.token;
    switch (name) {
      case "verify:signet":
        return () -> f.verifier.verify(token);
      case "verify:floor":
        return floor(new Floors(f));
      case "verify:floorNative":
        return floor(new Floors(f, requireNative()));
      case "verify:nimbusProcessorBc":
        return peer(Peers.nimbusProcessorBc(f), token);
      case "verify:nimbusShipped":
        return peer(Peers.nimbusShipped(f), token);
      case "verify:jjwt":
        return peer(Peers.jjwt(f), token);
      case "verify:jose4j":
        return peer(Peers.jose4j(f), token);
      case "issue:signet":
        return IssueCases.signet(f);
      case "issue:floor":
        return new IssueCases.Floor(f, null);
      case "issue:floorNative":
        return new IssueCases.Floor(f, requireNative());
      case "issue:nimbusBc":
        return IssueCases.nimbusBc(f);
      case "issue:nimbusShipped":
        return IssueCases.nimbusShipped(f);
      case "issue:jjwt":
        return IssueCases.jjwt(f);
      case "issue:jose4j":
        return IssueCases.jose4j(f);
      default:
        throw new IllegalArgumentException("no case " + name);
    }
  }

  /** The name of the Ed25519 implementation Signet uses in this case's class loader. */
  public static String signetProvider() {
    return dev.signet.Signet.ed25519Provider();
  }

  private static NativeEd25519 requireNative() {
    NativeEd25519 n = NativeEd25519.loadOrNull();
    if (n == null) {
      throw new IllegalStateException("native libsodium not available");
    }
    return n;
  }

  private static Supplier<Object> floor(Floors floors) {
    return () -> {
      try {
        return floors.all();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    };
  }

  private static Supplier<Object> peer(Peers.Peer p, String token) {
    return () -> {
      try {
        return p.verify(token);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    };
  }
}
