package dev.signet;

import dev.signet.internal.Base64Url;
import dev.signet.internal.StrictJson;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.keys.KeyEntry;
import dev.signet.keys.KeyState;
import dev.signet.keys.Keyset;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays Wycheproof's files for the primitives Signet ships: Ed25519 (public key import through
 * {@link KeyEntry#signing} and {@link CompiledKeys}, verification through
 * {@link JoseCrypto#verifyEd25519} on every implementation usable here: Bouncy Castle, and native
 * libsodium when it is on the class path, each of which must give the vector's answer and
 * Bouncy Castle's), AES-GCM (decryption through {@link JoseCrypto#openGcm}; encryption through
 * {@link JoseCrypto#sealGcm}, which Signet's issuer uses) and AES key wrap (unwrap through
 * {@link JoseCrypto#unwrapKey}; wrap through {@link JoseCrypto#wrapKey}).
 *
 * <p>Accepted ⇔ {@code valid}; {@code acceptable} outcomes are recorded. The only skips are
 * {@link #GCM_SKIP}: AES-GCM groups whose IV is not 96 bits. The vectors' README: "Only
 * ivSize=96 and tagSize=128 apply to JOSE AES-GCM" (RFC 7518 §5.3 fixes a 96-bit IV), and
 * Signet's reader refuses any other IV length before decrypting.
 */
class WycheproofPrimitivesTest {
  static final String GCM_SKIP =
      "IV not 96 bits: README \"Only ivSize=96 and tagSize=128 apply to JOSE AES-GCM\" (RFC 7518 §5.3);"
          + " TokenReader refuses other IV lengths before decrypting";

  record Case(String file, JsonNode group, JsonNode test) {
    int tcId() {
      return test.get("tcId").asInt();
    }

    String result() {
      return test.get("result").asText();
    }

    @Override
    public String toString() {
      return file.replace("_test.json", "") + " tcId " + tcId() + " " + test.path("comment").asText() + " (" + result() + ")";
    }
  }

  static final Map<String, Map<String, AtomicInteger>> COUNTS = new ConcurrentHashMap<>();

  static Stream<Case> cases(String file) {
    JsonNode doc = Vectors.wycheproof(file);
    List<Case> out = new ArrayList<>();
    for (JsonNode g : doc.get("testGroups")) {
      for (JsonNode t : g.get("tests")) {
        out.add(new Case(file, g, t));
      }
    }
    assertEquals(doc.get("numberOfTests").asInt(), out.size(), "every test of " + file);
    return out.stream();
  }

  /** Every Ed25519 vector, once per implementation usable here. */
  static Stream<org.junit.jupiter.params.provider.Arguments> ed25519() {
    List<Case> all = cases("ed25519_test.json").toList();
    return Ed25519Backends.usable().stream()
        .flatMap(b -> all.stream().map(c -> org.junit.jupiter.params.provider.Arguments.of(c, new Backend(b))));
  }

  /** An implementation, named for the test report. */
  record Backend(Ed25519Backend impl) {
    @Override
    public String toString() {
      return impl.name();
    }
  }

  static Stream<Case> aesGcm() {
    return cases("aes_gcm_test.json");
  }

  static Stream<Case> aesKw() {
    return cases("aes_wrap_test.json");
  }

  private static void count(Case c, String outcome) {
    COUNTS.computeIfAbsent(c.file, f -> new ConcurrentHashMap<>())
        .computeIfAbsent(outcome, o -> new AtomicInteger()).incrementAndGet();
  }

  private static void expect(Case c, boolean accepted) {
    if (c.result().equals("acceptable")) {
      count(c, "acceptable, " + (accepted ? "accepted" : "rejected") + " (tcId " + c.tcId() + ")");
      return;
    }
    assertEquals(c.result().equals("valid"), accepted, c + ": Signet " + (accepted ? "accepted" : "rejected"));
    count(c, "agree");
  }

  @ParameterizedTest(name = "{1}: {0}")
  @MethodSource("ed25519")
  void ed25519VectorAgrees(Case c, Backend backend) {
    byte[] pk = Vectors.hex(c.group.get("publicKey").get("pk"));
    byte[] msg = Vectors.hex(c.test.get("msg"));
    byte[] sig = Vectors.hex(c.test.get("sig"));
    Ed25519VerifyKey point;
    try {
      KeyEntry key = KeyEntry.signing("wycheproof", KeyState.ACTIVE, Vectors.T0, Vectors.T0, null, pk, null);
      point = CompiledKeys.of(Keyset.of(List.of(key))).verifyKeys.get("wycheproof");
    } catch (IllegalArgumentException refused) {
      point = null;
    }
    boolean accepted = point != null && JoseCrypto.verifyEd25519(backend.impl(), point, sig, msg, msg.length);
    boolean bouncyCastle = point != null && JoseCrypto.verifyEd25519(Ed25519Backends.BOUNCY_CASTLE, point, sig, msg, msg.length);
    assertEquals(bouncyCastle, accepted, c + ": " + backend + " and Bouncy Castle disagree");
    if (point != null) {
      // The implementation's own answer on the raw key, without Signet's key validation in front.
      boolean raw = backend.impl().verify(Ed25519VerifyKey.unvalidated(pk), sig, msg, msg.length);
      assertEquals(accepted, raw, c + ": " + backend + " on the raw key");
    }
    expect(c, accepted);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("aesGcm")
  void aesGcmVectorAgrees(Case c) throws GeneralSecurityException {
    int ivBits = c.group.get("ivSize").asInt();
    if (ivBits != 96) {
      count(c, "skipped: " + GCM_SKIP);
    }
    assumeTrue(ivBits == 96, GCM_SKIP);
    assertEquals(128, c.group.get("tagSize").asInt(), "every group has a 128-bit tag");
    byte[] key = Vectors.hex(c.test.get("key"));
    byte[] iv = Vectors.hex(c.test.get("iv"));
    byte[] aad = Vectors.hex(c.test.get("aad"));
    byte[] msg = Vectors.hex(c.test.get("msg"));
    byte[] ct = Vectors.hex(c.test.get("ct"));
    byte[] tag = Vectors.hex(c.test.get("tag"));
    byte[] sealed = Arrays.copyOf(ct, ct.length + tag.length);
    System.arraycopy(tag, 0, sealed, ct.length, tag.length);
    byte[] opened;
    try {
      opened = JoseCrypto.openGcm(key, iv, aad, sealed);
    } catch (GeneralSecurityException e) {
      opened = null;
    }
    expect(c, opened != null && Arrays.equals(opened, msg));
    if (c.result().equals("valid")) {
      byte[] out = new byte[msg.length + JoseCrypto.GCM_TAG_BYTES];
      JoseCrypto.sealGcm(key, iv, aad, msg, msg.length, out, 0);
      assertArrayEquals(sealed, out, c + ": issuer-side ciphertext and tag");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("aesKw")
  void aesKeyWrapVectorAgrees(Case c) throws GeneralSecurityException {
    SecretKeySpec kek = new SecretKeySpec(Vectors.hex(c.test.get("key")), "AES");
    byte[] msg = Vectors.hex(c.test.get("msg"));
    byte[] ct = Vectors.hex(c.test.get("ct"));
    byte[] unwrapped;
    try {
      unwrapped = JoseCrypto.unwrapKey(kek, ct);
    } catch (GeneralSecurityException e) {
      unwrapped = null;
    }
    expect(c, unwrapped != null && Arrays.equals(unwrapped, msg));
    if (c.result().equals("valid")) {
      assertArrayEquals(ct, JoseCrypto.wrapKey(kek, msg), c + ": issuer-side wrap");
    }
  }

  @AfterAll
  static void summary() {
    new TreeMap<>(COUNTS).forEach((file, m) -> System.out.println("wycheproof " + file + ": " + new TreeMap<>(m)));
  }
}
