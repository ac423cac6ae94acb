package dev.signet;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.keys.Keyset;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VerifiedTokenCacheTest {
  private static final long NOW = Instant.parse("2026-11-22T10:00:00Z").toEpochMilli();
  private static final Keyset KEYSET = Keyset.generate(Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));
  private static final CompiledKeys KEYS = CompiledKeys.of(KEYSET);

  private static Session sessionExpiringAt(long expMs) {
    Instant exp = Instant.ofEpochMilli(expMs);
    return new Session("iss", List.of("api"), "alice", "sid", "jti", Instant.ofEpochMilli(NOW), Instant.ofEpochMilli(NOW), exp,
        exp.plusSeconds(3600), Instant.ofEpochMilli(NOW), Set.of(), null, null, null);
  }

  private static String token(int i) {
    return "header.key.iv.ciphertext.tag-" + i + "-0123456789abcdef";
  }

  private static byte[] bytes(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  @Test
  void get_sameTokenBeforeExp_returnsTheEntry() {
    VerifiedTokenCache cache = new VerifiedTokenCache(16, 60_000);
    Session s = sessionExpiringAt(NOW + 30_000);
    cache.put(token(1), KEYS, s, -1, NOW);

    VerifiedTokenCache.Entry e = cache.get(new String(token(1).toCharArray()), KEYS, NOW + 29_999);

    assertNotNull(e);
    assertSame(s, e.session);
  }

  @Test
  void get_atTheTokensExp_returnsNothingEvenWithinTheLifetime() {
    VerifiedTokenCache cache = new VerifiedTokenCache(16, 60_000);
    cache.put(token(1), KEYS, sessionExpiringAt(NOW + 30_000), -1, NOW);

    assertNull(cache.get(token(1), KEYS, NOW + 30_000));
  }

  @Test
  void get_afterTheMaxLifetime_returnsNothingEvenBeforeExp() {
    VerifiedTokenCache cache = new VerifiedTokenCache(16, 10_000);
    cache.put(token(1), KEYS, sessionExpiringAt(NOW + 30_000), -1, NOW);

    assertNull(cache.get(token(1), KEYS, NOW + 10_000));
  }

  @Test
  void get_withOtherKeys_returnsNothing() {
    VerifiedTokenCache cache = new VerifiedTokenCache(16, 60_000);
    cache.put(token(1), KEYS, sessionExpiringAt(NOW + 30_000), -1, NOW);

    assertNull(cache.get(token(1), CompiledKeys.of(KEYSET), NOW));
  }

  @Test
  void get_aTokenDifferingInOneEarlyCharacter_returnsNothing() {
    VerifiedTokenCache cache = new VerifiedTokenCache(16, 60_000);
    cache.put(token(1), KEYS, sessionExpiringAt(NOW + 30_000), -1, NOW);

    assertNull(cache.get("X" + token(1).substring(1), KEYS, NOW));
  }

  @Test
  void put_anAlreadyExpiredToken_isNotRemembered() {
    VerifiedTokenCache cache = new VerifiedTokenCache(16, 60_000);
    cache.put(token(1), KEYS, sessionExpiringAt(NOW), -1, NOW);

    assertNull(cache.get(token(1), KEYS, NOW - 1));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 5, 7, 1000, 1023})
  void capacity_neverExceedsMaxEntries(int maxEntries) {
    VerifiedTokenCache cache = new VerifiedTokenCache(maxEntries, 60_000);
    for (int i = 0; i < 5 * maxEntries + 10; i++) {
      cache.put(token(i), KEYS, sessionExpiringAt(NOW + 30_000), -1, NOW);
    }
    int held = 0;
    for (int i = 0; i < 5 * maxEntries + 10; i++) {
      if (cache.get(token(i), KEYS, NOW) != null) {
        held++;
      }
    }

    assertTrue(cache.capacity() <= maxEntries);
    assertTrue(held <= maxEntries && held >= 1, "held " + held);
  }

  @Test
  void put_intoAFullSet_replacesTheOldestEntry() {
    VerifiedTokenCache cache = new VerifiedTokenCache(VerifiedTokenCache.WAYS, 60_000);
    for (int i = 0; i <= VerifiedTokenCache.WAYS; i++) {
      cache.put(token(i), KEYS, sessionExpiringAt(NOW + 30_000), -1, NOW + i);
    }

    assertNull(cache.get(token(0), KEYS, NOW + 10));
    for (int i = 1; i <= VerifiedTokenCache.WAYS; i++) {
      assertNotNull(cache.get(token(i), KEYS, NOW + 10));
    }
  }

  @Test
  void sameToken_comparesWholeStrings() {
    String longer = "eyJhbGciOiJBMjU2S1ciLCJlbmMiOiJBMjU2R0NNIn0.abcdefghijklmnopqrstuvwxyz";
    assertTrue(VerifiedTokenCache.sameToken(bytes(longer), new String(longer.toCharArray())));
    assertTrue(VerifiedTokenCache.sameToken(bytes("abc"), "abc"));
    assertFalse(VerifiedTokenCache.sameToken(bytes("abc"), "abd"));
    assertFalse(VerifiedTokenCache.sameToken(bytes("abc"), "abcd"));
    assertFalse(VerifiedTokenCache.sameToken(bytes(longer), "X" + longer.substring(1)));
    assertFalse(VerifiedTokenCache.sameToken(bytes(longer), longer.substring(0, 20) + "X" + longer.substring(21)));
  }

  @Test
  void sameToken_characterThatNarrowsToACachedByte_isNotTheSame() {
    // U+0141 would narrow to 0x41 ('A') and U+00C1 shares its low bits with 'A' too.
    assertFalse(VerifiedTokenCache.sameToken(bytes("xAy"), "x\u0141y"));
    assertFalse(VerifiedTokenCache.sameToken(bytes("xAy"), "x\u00c1y"));
  }

  @Test
  void put_aTokenWithCharactersOutsideCompactJose_isNotRemembered() {
    VerifiedTokenCache cache = new VerifiedTokenCache(16, 60_000);
    String odd = token(1) + "?";
    cache.put(odd, KEYS, sessionExpiringAt(NOW + 30_000), -1, NOW);

    assertNull(cache.get(odd, KEYS, NOW));
  }
}
