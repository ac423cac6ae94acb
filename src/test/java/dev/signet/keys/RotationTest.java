package dev.signet.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotationTest {
  private static final Instant T0 = Instant.parse("2026-11-30T00:00:00Z");
  private static final RotationPolicy POLICY =
      RotationPolicy.builder()
          .minInterval(Duration.ofHours(20))
          .propagationDelay(Duration.ofMinutes(5))
          .leeway(Duration.ofSeconds(60))
          .build();

  private final MutableClock clock = new MutableClock(T0);
  private final Rotation rotation = Rotation.with(POLICY).clock(clock);

  private static KeyEntry only(Keyset k, KeyPurpose p, KeyState s) {
    List<KeyEntry> l = k.entries().stream().filter(e -> e.purpose() == p && e.state() == s).toList();
    assertEquals(1, l.size(), k::toString);
    return l.get(0);
  }

  @Test
  void rotate_promotesNextRetiresActiveAndPublishesNewNext() {
    Keyset k = Keyset.generate(clock);
    clock.advance(Duration.ofDays(1));
    Rotation.Result r = rotation.apply(k);
    assertEquals(Rotation.Status.ROTATED, r.status());
    for (KeyPurpose p : KeyPurpose.values()) {
      KeyEntry oldActive = only(k, p, KeyState.ACTIVE);
      KeyEntry oldNext = only(k, p, KeyState.NEXT);
      assertEquals(oldNext.kid(), only(r.keyset(), p, KeyState.ACTIVE).kid());
      KeyEntry retired = only(r.keyset(), p, KeyState.RETIRED);
      assertEquals(oldActive.kid(), retired.kid());
      assertEquals(clock.instant(), retired.retiredAt().orElseThrow());
      KeyEntry newNext = only(r.keyset(), p, KeyState.NEXT);
      assertEquals(clock.instant(), newNext.createdAt());
      assertTrue(r.added().contains(newNext.kid()));
    }
  }

  @Test
  void rotate_withinMinimumInterval_changesNothing() {
    Keyset k = Keyset.generate(clock);
    clock.advance(Duration.ofHours(20).minusSeconds(1));
    Rotation.Result r = rotation.apply(k);
    assertEquals(Rotation.Status.NOT_DUE, r.status());
    assertSame(k, r.keyset());
    assertFalse(r.changed());
    assertEquals(T0.plus(Duration.ofHours(20)), r.dueAt());
  }

  @Test
  void rotate_twiceInARow_secondIsNotDue() {
    Keyset k = Keyset.generate(clock);
    clock.advance(Duration.ofDays(1));
    Keyset once = rotation.apply(k).keyset();
    clock.advance(Duration.ofMinutes(1));
    assertSame(once, rotation.apply(once).keyset());
  }

  @Test
  void rotate_nextYoungerThanPropagationDelay_isNotPromoted() {
    Keyset k = Keyset.generate(clock);
    Rotation noInterval = Rotation.with(POLICY.toBuilder().minInterval(Duration.ZERO).build()).clock(clock);
    clock.advance(Duration.ofMinutes(4));
    Rotation.Result r = noInterval.apply(k);
    assertEquals(Rotation.Status.NEXT_TOO_YOUNG, r.status());
    assertSame(k, r.keyset());
    clock.advance(Duration.ofMinutes(1));
    assertEquals(Rotation.Status.ROTATED, noInterval.apply(k).status());
  }

  @Test
  void forced_rotatesWithinTheIntervalAndBeforePropagation() {
    Keyset k = Keyset.generate(clock);
    Rotation.Result r = rotation.forced().apply(k);
    assertEquals(Rotation.Status.ROTATED, r.status());
    assertEquals(only(k, KeyPurpose.SIGNING, KeyState.NEXT).kid(), only(r.keyset(), KeyPurpose.SIGNING, KeyState.ACTIVE).kid());
  }

  @Test
  void retiredKey_isKeptThroughItsWindowAndRemovedAfter() {
    Keyset k = Keyset.generate(clock);
    clock.advance(Duration.ofDays(1));
    Rotation.Result first = rotation.apply(k);
    Instant retiredAt = clock.instant();
    String retiredSig = first.retired().get(0);
    Duration window = POLICY.retiredWindow(k.maxSession());
    assertEquals(Duration.ofHours(12).plusSeconds(60).plusMinutes(5), window);

    clock.set(retiredAt.plus(window).minusMillis(1));
    Keyset kept = rotation.apply(first.keyset()).keyset();
    assertTrue(kept.find(retiredSig).isPresent());

    clock.set(retiredAt.plus(window));
    Rotation.Result pruned = rotation.apply(kept);
    assertEquals(Rotation.Status.NOT_DUE, pruned.status());
    assertTrue(pruned.keyset().find(retiredSig).isEmpty());
    assertTrue(pruned.removed().contains(retiredSig));
  }

  @Test
  void removingRetired_dropsEveryRetiredKeyIncludingTheOneItRetires() {
    Keyset k = Keyset.generate(clock);
    clock.advance(Duration.ofDays(1));
    Keyset once = rotation.apply(k).keyset();
    Rotation.Result r = rotation.forced().removingRetired().apply(once);
    assertEquals(Rotation.Status.ROTATED, r.status());
    assertTrue(r.keyset().entries().stream().noneMatch(e -> e.state() == KeyState.RETIRED), r.keyset()::toString);
    assertEquals(4, r.keyset().entries().size());
  }

  @Test
  void afterALeak_removingRetiredTwice_leavesNoKeyOfTheLeakedKeyset() {
    Keyset leaked = Keyset.generate(clock);
    clock.advance(Duration.ofDays(1));
    Rotation emergency = rotation.forced().removingRetired();
    Keyset once = emergency.apply(leaked).keyset();
    Set<String> leakedKids = leaked.entries().stream().map(KeyEntry::kid).collect(Collectors.toSet());
    assertTrue(once.entries().stream().anyMatch(e -> leakedKids.contains(e.kid())),
        "one emergency rotation promotes the leaked next key");
    Keyset twice = emergency.apply(once).keyset();
    assertTrue(twice.entries().stream().noneMatch(e -> leakedKids.contains(e.kid())), twice::toString);
    for (KeyPurpose p : KeyPurpose.values()) {
      only(twice, p, KeyState.ACTIVE);
      only(twice, p, KeyState.NEXT);
    }
  }

  @Test
  void clockEarlierThanTheKeyset_isRefusedForcedOrNot_namingTheDifference() {
    Keyset k = Keyset.generate(clock);
    clock.advance(Duration.ofDays(1));
    Keyset once = rotation.apply(k).keyset();
    clock.set(T0.plus(Duration.ofDays(1)).minus(Duration.ofHours(11)).minus(Duration.ofMinutes(2)));
    for (Rotation r : List.of(rotation, rotation.forced(), rotation.forced().removingRetired())) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> r.apply(once));
      assertTrue(e.getMessage().contains("is 11h2m earlier than the newest time the keyset records"), e.getMessage());
      assertTrue(e.getMessage().contains("--allow-clock-behind-keyset"), e.getMessage());
    }
  }

  @Test
  void clockBehindKeyset_allowed_rotatesWithTheClocksTimes() {
    Keyset k = Keyset.generate(clock);
    clock.advance(Duration.ofDays(1));
    Keyset once = rotation.apply(k).keyset();
    clock.set(T0.plus(Duration.ofHours(13)));
    Rotation.Result r = rotation.forced().allowingClockBehindKeyset().apply(once);
    assertEquals(Rotation.Status.ROTATED, r.status());
    assertEquals(clock.instant(), r.keyset().find(r.promoted().get(0)).orElseThrow().activatedAt().orElseThrow());
  }

  @Test
  void forcedRotationWithTheClockSetBack_neverRemovesAKeyBeforeItsSessionsEnd() {
    // Found by review: a forced rotation at T-11h records a key retired before it was activated;
    // the next normal run then removed it about 11 h early and its sessions got UNKNOWN_KEY.
    Keyset k = Keyset.generate(clock);
    clock.advance(Duration.ofDays(1));
    Keyset once = rotation.apply(k).keyset();
    Instant activated = clock.instant();
    String active = once.active(KeyPurpose.SIGNING).orElseThrow().kid();
    clock.set(activated.minus(Duration.ofHours(11)));
    Keyset after;
    try {
      after = rotation.forced().apply(once).keyset();
    } catch (IllegalStateException refused) {
      after = once;
    }
    clock.set(activated.plus(Duration.ofHours(12)));
    Keyset later = rotation.apply(after).keyset();
    assertTrue(later.find(active).isPresent(), "a session minted at activation is valid for 12 h");
  }

  @Test
  void keysetWithoutNext_publishesOneInsteadOfMintingWithAnUnknownKey() {
    Keyset k =
        Keyset.of(List.of(KeyEntry.generate(KeyPurpose.SIGNING, KeyState.ACTIVE, T0, new SecureRandom())));
    clock.advance(Duration.ofDays(1));
    Rotation.Result r = rotation.apply(k);
    assertEquals(Rotation.Status.NEXT_PUBLISHED, r.status());
    assertEquals(k.active(KeyPurpose.SIGNING), r.keyset().active(KeyPurpose.SIGNING));
    assertEquals(1, r.added().size());
  }

  @Test
  void applyTo_exportsTheVerifierKeysetInTheSameRun_andSaysSoWhenAnExportFails(@TempDir Path dir) throws Exception {
    KeysetFile f = KeysetFile.at(dir.resolve("k.json"));
    f.create(Keyset.generate(clock));
    KeysetFile export = KeysetFile.at(dir.resolve("verifier.json"));
    clock.advance(Duration.ofDays(1));
    Rotation.Result r = rotation.exportingVerifierTo(export).exportingJwksTo(dir.resolve("jwks.json")).applyTo(f);
    assertEquals(Rotation.Status.ROTATED, r.status());
    assertEquals(r.keyset().verifierOnly(), export.load());
    assertTrue(Files.readString(dir.resolve("jwks.json")).contains(r.added().get(0)));

    clock.advance(Duration.ofDays(1));
    KeysetFile nowhere = KeysetFile.at(dir.resolve("missing-folder/verifier.json"));
    KeysetFileException e = assertThrows(KeysetFileException.class, () -> rotation.exportingVerifierTo(nowhere).applyTo(f));
    assertTrue(e.getMessage().startsWith(nowhere.path().toString()), e.getMessage());
    assertTrue(e.getMessage().contains("was updated; the next rotate run writes the export again"), e.getMessage());
    assertFalse(f.load().equals(r.keyset()), "the keyset itself rotated");
  }

  @Test
  void applyTo_file_notDue_leavesTheFileUntouched(@TempDir Path dir) throws Exception {
    KeysetFile f = KeysetFile.at(dir.resolve("k.json"));
    f.create(Keyset.generate(clock));
    byte[] before = Files.readAllBytes(f.path());
    clock.advance(Duration.ofHours(1));
    assertEquals(Rotation.Status.NOT_DUE, rotation.applyTo(f).status());
    assertArrayEquals(before, Files.readAllBytes(f.path()));
    clock.advance(Duration.ofDays(1));
    Rotation.Result r = rotation.applyTo(f);
    assertEquals(Rotation.Status.ROTATED, r.status());
    assertEquals(r.keyset(), f.load());
  }
}
