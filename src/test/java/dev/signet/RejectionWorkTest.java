package dev.signet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.internal.Base64Url;
import dev.signet.keys.KeyPurpose;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Security;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The work done to refuse hostile tokens, counted rather than timed: each adversarial token is
 * refused for the expected reason (1) without the verifier asking the JCA for any cipher, MAC
 * or key-derivation function (counted by a spy provider placed first), and (2) with fewer than
 * 64 KiB allocated (the thread's allocation counter), also with the size limit raised to 64 KiB.
 * A positive control shows the spy does see the key unwrap when a valid token is verified.
 * ({@link RejectionCostTest} holds the timed budget.)
 */
class RejectionWorkTest {
  static final int ALLOCATION_BOUND = 64 * 1024;

  record Adversary(String name, TokenVerifier verifier, String token, Rejection expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final TokenVerifier DEFAULT = FuzzFixture.VERIFIERS.get(TokenProfile.SIGNED_AND_SEALED);
  private static final TokenVerifier LARGE_LIMIT = TokenVerifier.builder(FuzzFixture.KEYS)
      .issuer(FuzzFixture.ISSUER).audience(FuzzFixture.AUDIENCE).clock(FuzzFixture.CLOCK).maxTokenSize(65536).build();
  private static final String KID = FuzzFixture.KEYS.active(KeyPurpose.ENCRYPTION).orElseThrow().kid();

  private static String b64(String s) {
    return Base64Url.encode(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String bytes(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return Base64Url.encode(b);
  }

  /** A JWE with the given protected header and well-formed segments of the right sizes. */
  private static String jwe(String headerJson, int ciphertextBytes) {
    return b64(headerJson) + "." + bytes(40) + "." + bytes(12) + "." + bytes(ciphertextBytes) + "." + bytes(16);
  }

  private static String header(String extra) {
    return "{\"alg\":\"A256KW\",\"enc\":\"A256GCM\",\"kid\":\"" + KID + "\",\"typ\":\"signet+jwt\",\"cty\":\"JWT\"" + extra + "}";
  }

  static Stream<Adversary> adversaries() {
    String over = jwe(header(""), 5500);
    return Stream.of(
        new Adversary("PBES2 with p2c 2^31-1", DEFAULT, jwe("{\"alg\":\"PBES2-HS512+A256KW\",\"enc\":\"A256GCM\",\"kid\":\"" + KID
            + "\",\"typ\":\"signet+jwt\",\"cty\":\"JWT\",\"p2c\":2147483647,\"p2s\":\"" + bytes(16) + "\"}", 64), Rejection.UNSUPPORTED),
        new Adversary("PBES2 with p2c as the only odd member", DEFAULT, jwe("{\"alg\":\"PBES2-HS256+A128KW\",\"enc\":\"A256GCM\",\"kid\":\""
            + KID + "\",\"typ\":\"signet+jwt\",\"cty\":\"JWT\"}", 64), Rejection.UNSUPPORTED),
        new Adversary("zip DEF (decompression bomb)", DEFAULT, jwe(header(",\"zip\":\"DEF\""), 5000), Rejection.UNSUPPORTED),
        new Adversary("jku", DEFAULT, jwe(header(",\"jku\":\"https://attacker.example/jwks\""), 64), Rejection.UNSUPPORTED),
        new Adversary("embedded jwk", DEFAULT, jwe(header(",\"jwk\":{\"kty\":\"oct\",\"k\":\"" + bytes(32) + "\"}"), 64), Rejection.UNSUPPORTED),
        new Adversary("x5c", DEFAULT, jwe(header(",\"x5c\":[\"" + bytes(600) + "\"]"), 64), Rejection.UNSUPPORTED),
        new Adversary("crit", DEFAULT, jwe(header(",\"crit\":[\"exp\"]"), 64), Rejection.UNSUPPORTED),
        new Adversary("110 000-deep JSON header", DEFAULT, jwe("[".repeat(110_000), 64), Rejection.TOO_LARGE),
        new Adversary("5 000-deep JSON header within the size limit", DEFAULT, jwe("[".repeat(5_000), 64), Rejection.MALFORMED),
        new Adversary("5 000-deep JSON inside a header member", DEFAULT,
            jwe("{\"alg\":" + "[".repeat(5_000), 64), Rejection.MALFORMED),
        new Adversary("8 KiB + 1", DEFAULT, over + "A".repeat(8193 - over.length()), Rejection.TOO_LARGE),
        new Adversary("20 000-character header", DEFAULT, jwe(header(",\"x\":\"" + "a".repeat(15_000) + "\""), 64), Rejection.TOO_LARGE),
        new Adversary("20 000-character header, 64 KiB limit", LARGE_LIMIT,
            jwe(header(",\"x\":\"" + "a".repeat(15_000) + "\""), 64), Rejection.UNSUPPORTED),
        new Adversary("20 000-character kid, 64 KiB limit", LARGE_LIMIT,
            jwe("{\"alg\":\"A256KW\",\"enc\":\"A256GCM\",\"typ\":\"signet+jwt\",\"cty\":\"JWT\",\"kid\":\"" + "k".repeat(15_000) + "\"}", 64),
            Rejection.UNKNOWN_KEY));
  }

  /** Counts, per algorithm, the JCA services the watched thread asks for, then lets the JCA move on to the real provider. */
  static final class Spy extends Provider {
    private static final long serialVersionUID = 1L;
    static final ThreadLocal<Boolean> WATCHING = ThreadLocal.withInitial(() -> false);
    static final Map<String, AtomicInteger> REQUESTS = new ConcurrentHashMap<>();

    Spy() {
      super("SignetCostSpy", "1.0", "counts cipher, MAC and KDF requests");
      String[][] services = {
        {"Cipher", "AES"}, {"Cipher", "AES/GCM/NoPadding"}, {"Cipher", "AES/KW/NoPadding"}, {"Cipher", "AESWrap"},
        {"Cipher", "AES/CBC/PKCS5Padding"}, {"Mac", "HmacSHA256"}, {"Mac", "HmacSHA384"}, {"Mac", "HmacSHA512"},
        {"SecretKeyFactory", "PBKDF2WithHmacSHA256"}, {"SecretKeyFactory", "PBKDF2WithHmacSHA384"},
        {"SecretKeyFactory", "PBKDF2WithHmacSHA512"}, {"KeyAgreement", "ECDH"}, {"KeyAgreement", "XDH"},
      };
      for (String[] s : services) {
        putService(new Counting(this, s[0], s[1]));
      }
    }

    static final class Counting extends Provider.Service {
      Counting(Provider p, String type, String algorithm) {
        super(p, type, algorithm, Counting.class.getName(), null, null);
      }

      @Override
      public Object newInstance(Object parameter) throws NoSuchAlgorithmException {
        if (WATCHING.get()) {
          REQUESTS.computeIfAbsent(getType() + "." + getAlgorithm(), k -> new AtomicInteger()).incrementAndGet();
        }
        throw new NoSuchAlgorithmException("counting only");
      }
    }
  }

  @BeforeAll
  static void installSpy() {
    Security.insertProviderAt(new Spy(), 1);
  }

  @AfterAll
  static void removeSpy() {
    Security.removeProvider("SignetCostSpy");
  }

  /** Verifies in a new thread (so per-thread ciphers are created afresh), watched by the spy. */
  private static Map<String, Integer> jcaRequests(TokenVerifier verifier, String token, AtomicReference<Verification> out)
      throws InterruptedException {
    Spy.REQUESTS.clear();
    Thread t = new Thread(() -> {
      Spy.WATCHING.set(true);
      out.set(verifier.verify(token));
    });
    t.start();
    t.join();
    Map<String, Integer> m = new TreeMap<>();
    Spy.REQUESTS.forEach((k, v) -> m.put(k, v.get()));
    return m;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("adversaries")
  void adversarialToken_isRefusedBeforeAnyCipherMacOrKdf(Adversary a) throws InterruptedException {
    AtomicReference<Verification> v = new AtomicReference<>();
    Map<String, Integer> requests = jcaRequests(a.verifier, a.token, v);
    assertEquals(a.expected, v.get().rejection().orElse(null), v.get().detail());
    assertEquals(Map.of(), requests, "JCA services requested while refusing " + a.name);
  }

  @Test
  void validToken_spySeesTheKeyUnwrapAndCipher() throws Exception {
    String token = FuzzFixture.issuer(TokenProfile.SIGNED_AND_SEALED).build().start(NewSession.forSubject("control")).token();
    AtomicReference<Verification> v = new AtomicReference<>();
    Map<String, Integer> requests = jcaRequests(DEFAULT, token, v);
    assertTrue(v.get().isAccepted(), v.get()::toString);
    assertTrue(requests.containsKey("Cipher.AES/KW/NoPadding") || requests.containsKey("Cipher.AES"), requests::toString);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("adversaries")
  void adversarialToken_isRefusedWithUnder64KiBAllocated(Adversary a) {
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    for (int i = 0; i < 300; i++) {
      a.verifier.verify(a.token); // warm up: class loading and JIT are not the token's cost
    }
    long least = Long.MAX_VALUE;
    long[] nanos = new long[100];
    for (int i = 0; i < nanos.length; i++) {
      long before = mx.getCurrentThreadAllocatedBytes();
      long t0 = System.nanoTime();
      Verification v = a.verifier.verify(a.token);
      nanos[i] = System.nanoTime() - t0;
      least = Math.min(least, mx.getCurrentThreadAllocatedBytes() - before);
      assertEquals(a.expected, v.rejection().orElse(null));
    }
    Arrays.sort(nanos);
    // The time is reported, not asserted (a shared machine's timings are noise); allocation is the bound.
    System.out.printf("rejection-work %-48s %-12s %6d bytes allocated, median %7.1f us%n",
        a.name, a.expected, least, nanos[nanos.length / 2] / 1000.0);
    assertTrue(least < ALLOCATION_BOUND, a.name + ": " + least + " bytes allocated");
  }

}
