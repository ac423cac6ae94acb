package dev.signet;

import dev.signet.keys.KeyEntry;
import dev.signet.keys.KeyState;
import dev.signet.keys.Keyset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * The fixed world of the fuzz tests: a keyset derived from constant labels (test keys only), a
 * fixed clock, one issuer and audience, and a verifier per profile. The seed writer
 * ({@link FuzzSeedWriter}) mints its valid tokens with the same keys and clock, so they verify.
 */
final class FuzzFixture {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T12:00:00.250Z"), ZoneOffset.UTC);
  static final String ISSUER = "https://login.fuzz.test";
  static final String AUDIENCE = "api";
  static final Keyset KEYS = keys();
  static final Map<TokenProfile, TokenVerifier> VERIFIERS = verifiers();

  private FuzzFixture() {}

  private static byte[] sha256(String label) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(label.getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Keyset keys() {
    Instant t = CLOCK.instant().minusSeconds(86400);
    byte[] seed = sha256("signet fuzz fixture signing key");
    byte[] pub = new byte[32];
    Ed25519.generatePublicKey(seed, 0, pub, 0);
    return Keyset.of(List.of(
        KeyEntry.signing("fuzz-sig", KeyState.ACTIVE, t, t, null, pub, seed),
        KeyEntry.encryption("fuzz-enc", KeyState.ACTIVE, t, t, null, sha256("signet fuzz fixture encryption key"))))
        .withMaxSession(Keyset.MAX_MAX_SESSION); // the fuzz targets draw absolute timeouts up to 30 days
  }

  private static Map<TokenProfile, TokenVerifier> verifiers() {
    Map<TokenProfile, TokenVerifier> m = new EnumMap<>(TokenProfile.class);
    for (TokenProfile p : TokenProfile.values()) {
      m.put(p, TokenVerifier.builder(KEYS).issuer(ISSUER).audience(AUDIENCE).profile(p).clock(CLOCK).build());
    }
    return m;
  }

  static TokenIssuer.Builder issuer(TokenProfile profile) {
    // Serves sessions as long as an issuer may make them, so the fuzzer can pick any absolute timeout.
    return TokenIssuer.builder(KEYS.withMaxSession(Keyset.MAX_MAX_SESSION)).issuer(ISSUER).audience(AUDIENCE).profile(profile).clock(CLOCK);
  }

  /** The files of a committed seed directory (a fuzz test's inputs), by resource path relative to {@code anchor}. */
  static List<Path> seeds(Class<?> anchor, String relative) {
    URL url = anchor.getResource(relative);
    if (url == null) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(Paths.get(url.toURI()))) {
      return s.sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The valid tokens among the verify seeds: files named {@code valid-*}. */
  static Set<String> issuedTokens() {
    Set<String> out = new HashSet<>();
    for (Path p : seeds(TokenVerifierFuzzTest.class, "TokenVerifierFuzzTestInputs/verify")) {
      if (p.getFileName().toString().startsWith("valid-")) {
        try {
          out.add(Files.readString(p, StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return Set.copyOf(out);
  }
}
