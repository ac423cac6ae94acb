package dev.signet.keys;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.IssuedToken;
import dev.signet.NewSession;
import dev.signet.TokenIssuer;
import dev.signet.TokenProfile;
import dev.signet.TokenVerifier;
import dev.signet.Verification;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Acceptance: a gateway given only the exported verifier keyset file verifies and cannot mint. */
class KeysetExportTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T08:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(TokenProfile.class)
  void verifierKeysetFile_verifiesTokensAndRefusesToMint(TokenProfile profile) throws Exception {
    Keyset full = Keyset.generate(CLOCK);
    KeysetFile.at(dir.resolve("keyset.json")).create(full);
    Path out = dir.resolve("verifier.json");
    KeysetFile.at(out).save(KeysetFile.at(dir.resolve("keyset.json")).load().verifierOnly());
    Keyset gateway = KeysetFile.at(out).load();

    IssuedToken t = TokenIssuer.builder(full).issuer("https://login.test").audience("api").clock(CLOCK)
        .profile(profile).build().start(NewSession.forSubject("alice"));
    Verification v = TokenVerifier.builder(gateway).issuer("https://login.test").audience("api").clock(CLOCK)
        .profile(profile).build().verify(t.token());
    assertTrue(v.isAccepted(), v::toString);

    TokenIssuer.Builder b = TokenIssuer.builder(gateway).issuer("https://login.test").audience("api").profile(profile);
    IllegalStateException e = assertThrows(IllegalStateException.class, b::build);
    assertTrue(e.getMessage().contains("verifier keyset"), e.getMessage());
  }
}
