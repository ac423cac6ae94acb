package dev.signet;

import dev.signet.internal.Base64Url;
import dev.signet.internal.StrictJson;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays Wycheproof's JSON Web JoseCrypto files (JWS, JWE, JWK, mixed) through {@link TokenReader},
 * the code every verification runs, once per profile.
 *
 * <p>Agreement means:
 *
 * <ul>
 *   <li>{@code invalid}: no profile's reader accepts the token.
 *   <li>{@code valid}, algorithm not offered by Signet (everything but {@code EdDSA} JWS and
 *       {@code A256KW}/{@code A256GCM} JWE): refused at the header allow-list,
 *       {@link Rejection#UNSUPPORTED}, by the reader of the token's shape.
 *   <li>{@code valid}, algorithm offered: Signet's decryption ({@link JoseCrypto#unwrapKey},
 *       {@link JoseCrypto#openGcm}) yields exactly the expected plaintext, and the whole token is
 *       refused only for a profile rule the vector does not follow (no {@code typ}: RFC 8725
 *       §3.11; no {@code kid}).
 * </ul>
 *
 * <p>No vector is skipped. The upstream anomalies listed in the vectors' README are asserted
 * like the others and counted separately; where the README explains that the label is wrong,
 * Signet's own expected outcome is written beside it.
 */
class WycheproofJoseTest {
  /** An upstream anomaly: why the label is not trusted, and Signet's outcome when it differs from the label's rule. */
  record Anomaly(String reason, Rejection expected) {}

  static final Map<String, Map<Integer, Anomaly>> ANOMALIES = Map.of(
      "json_web_signature_test.json", Map.of(
          357, new Anomaly("README anomaly 1: byte-identical to 367 and 370 but labelled valid (C2SP/wycheproof#236)", null),
          367, new Anomaly("README anomaly 1: byte-identical to 357, labelled invalid", null),
          370, new Anomaly("README anomaly 1: byte-identical to 357, labelled invalid", null),
          372, new Anomaly("README anomaly 2: a '?' inserted into the header; labelled valid, strict base64url refuses it", Rejection.MALFORMED),
          373, new Anomaly("README anomaly 2: a '?' inserted into the payload; labelled valid, strict base64url refuses it", Rejection.MALFORMED),
          346, new Anomaly("README anomaly 3: rfc7520 group key alg label does not match the token", null),
          347, new Anomaly("README anomaly 3: rfc7520 group key alg label does not match the token", null),
          349, new Anomaly("README anomaly 3: rfc7520WithKeyOps key label quirk (key_ops as one string)", null),
          350, new Anomaly("README anomaly 3: rfc7520WithKeyOps key label quirk (key_ops as one string)", null),
          351, new Anomaly("README anomaly 3: rfc7520WithKeyOps key label quirk (key_ops as one string)", null)),
      "json_web_encryption_test.json", Map.of(
          132, new Anomaly("README anomaly 4: key labelled alg A128GCM for an alg dir, enc A128GCM token", null)));

  /** Profile rules that a valid vector of an offered algorithm may break: Signet requires typ and kid. */
  static final Set<Rejection> PROFILE_RULES = Set.of(Rejection.WRONG_TYPE, Rejection.UNKNOWN_KEY);

  record Case(String file, int tcId, String comment, String result, String token, JsonNode keys, String pt) {
    @Override
    public String toString() {
      return file.replace("_test.json", "") + " tcId " + tcId + " " + comment + " (" + result + ")";
    }
  }

  static final Map<String, Map<String, AtomicInteger>> COUNTS = new ConcurrentHashMap<>();

  static Stream<Case> cases(String file) {
    JsonNode doc = Vectors.wycheproof(file);
    List<Case> out = new ArrayList<>();
    for (JsonNode g : doc.get("testGroups")) {
      for (JsonNode t : g.get("tests")) {
        JsonNode tok = t.has("jws") ? t.get("jws") : t.get("jwe");
        out.add(new Case(file, t.get("tcId").asInt(), t.path("comment").asText(), t.get("result").asText(),
            Vectors.tokenText(tok), g.get("private"), t.path("pt").asText(null)));
      }
    }
    assertEquals(doc.get("numberOfTests").asInt(), out.size(), "every test of " + file);
    return out.stream();
  }

  static Stream<Case> jws() {
    return cases("json_web_signature_test.json");
  }

  static Stream<Case> jwe() {
    return cases("json_web_encryption_test.json");
  }

  static Stream<Case> jwk() {
    return cases("json_web_key_test.json");
  }

  static Stream<Case> jwc() {
    return cases("json_web_crypto_test.json");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jws")
  void jwsVectorAgrees(Case c) {
    check(c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jwe")
  void jweVectorAgrees(Case c) {
    check(c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jwk")
  void jwkVectorAgrees(Case c) {
    check(c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jwc")
  void mixedJoseVectorAgrees(Case c) {
    check(c);
  }

  private static void check(Case c) {
    CompiledKeys keys = Vectors.keysFor(c.keys);
    Map<TokenProfile, TokenReader.Result> byProfile = new EnumMap<>(TokenProfile.class);
    for (TokenProfile p : TokenProfile.values()) {
      byProfile.put(p, Vectors.reader(p).read(c.token, keys));
    }
    boolean jwe = c.token.chars().filter(ch -> ch == '.').count() == 4;
    TokenReader.Result own = byProfile.get(jwe ? TokenProfile.SEALED : TokenProfile.SIGNED);
    Anomaly anomaly = ANOMALIES.getOrDefault(c.file, Map.of()).get(c.tcId);
    String outcome;

    for (Map.Entry<TokenProfile, TokenReader.Result> e : byProfile.entrySet()) {
      assertNotNull(e.getValue().rejection, c + ": accepted by the " + e.getKey() + " reader");
    }
    if (anomaly != null && anomaly.expected != null) {
      assertEquals(anomaly.expected, own.rejection, c + ": " + anomaly.reason + "; " + own.detail);
      outcome = "anomaly";
    } else if (c.result.equals("invalid")) {
      outcome = anomaly != null ? "anomaly" : "rejected";
    } else if (!offered(c.token)) {
      assertEquals(Rejection.UNSUPPORTED, own.rejection, c + ": " + own.detail);
      outcome = anomaly != null ? "anomaly" : "not offered, refused";
    } else {
      assertTrue(PROFILE_RULES.contains(own.rejection), c + ": " + own.rejection + " " + own.detail);
      assertArrayEquals(java.util.HexFormat.of().parseHex(c.pt), decryptCore(c), c + ": plaintext");
      outcome = "offered, decrypts";
    }
    COUNTS.computeIfAbsent(c.file, f -> new ConcurrentHashMap<>())
        .computeIfAbsent(outcome + " / " + own.rejection, o -> new AtomicInteger()).incrementAndGet();
  }

  /** Whether the token's algorithms are ones Signet offers: EdDSA JWS, A256KW with A256GCM JWE. */
  static boolean offered(String token) {
    int dot = token.indexOf('.');
    if (dot < 0) {
      return false;
    }
    byte[] h = Base64Url.decode(token, 0, dot);
    if (h == null) {
      return false;
    }
    try {
      JsonNode header = new StrictJson(8).parseObject(h);
      String alg = header.path("alg").asText();
      String enc = header.path("enc").asText();
      return alg.equals("EdDSA") || alg.equals("Ed25519") || (alg.equals("A256KW") && enc.equals("A256GCM"));
    } catch (StrictJson.Invalid e) {
      return false;
    }
  }

  /** Signet's JWE decryption steps on a vector token, the header checks aside. */
  private static byte[] decryptCore(Case c) {
    String[] parts = c.token.split("\\.", -1);
    byte[] kek = null;
    for (JsonNode k : Vectors.jwks(c.keys)) {
      if (k.has("k")) {
        kek = Vectors.b64u(k.get("k"));
      }
    }
    try {
      byte[] cek = JoseCrypto.unwrapKey(new SecretKeySpec(kek, "AES"), Base64Url.decode(parts[1]));
      byte[] ct = Base64Url.decode(parts[3]);
      byte[] tag = Base64Url.decode(parts[4]);
      byte[] sealed = new byte[ct.length + tag.length];
      System.arraycopy(ct, 0, sealed, 0, ct.length);
      System.arraycopy(tag, 0, sealed, ct.length, tag.length);
      return JoseCrypto.openGcm(cek, Base64Url.decode(parts[2]),
          parts[0].getBytes(java.nio.charset.StandardCharsets.US_ASCII), sealed);
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError(c + ": Signet's decryption failed: " + e, e);
    }
  }

  @AfterAll
  static void summary() {
    new TreeMap<>(COUNTS).forEach((file, m) -> {
      int total = m.values().stream().mapToInt(AtomicInteger::get).sum();
      System.out.println("wycheproof " + file + ": " + total + " agree, 0 skipped " + new TreeMap<>(m));
    });
  }
}
