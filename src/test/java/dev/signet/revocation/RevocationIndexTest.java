package dev.signet.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.IssuedToken;
import dev.signet.Session;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RevocationIndexTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
  private final Tokens tokens = new Tokens(clock);

  @Test
  void growingTheTable_keepsEveryEntryFindable() {
    RevocationIndex index = new RevocationIndex(clock);
    List<Session> revoked = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      Session s = tokens.start("user" + i).session();
      revoked.add(s);
      index.add(Revocation.token(s.tokenId(), clock.instant().plusSeconds(60)));
    }
    for (int i = 0; i < 20_000; i++) {
      index.add(Revocation.token("filler-" + i, clock.instant().plusSeconds(60)));
    }

    for (Session s : revoked) {
      assertTrue(index.isRevoked(s), s.tokenId());
    }
    assertFalse(index.isRevoked(tokens.start("fresh").session()));
  }

  @Test
  void tokenAndSessionIds_areSeparateNamespaces() {
    RevocationIndex index = new RevocationIndex(clock);
    Session s = tokens.start("alice").session();

    index.add(Revocation.token(s.sessionId(), clock.instant().plusSeconds(60)));

    assertFalse(index.isRevoked(s));
  }

  @Test
  void laterEntryForTheSameSubject_widensTheCutoffAndTheExpiry() {
    RevocationIndex index = new RevocationIndex(clock);
    Instant t0 = clock.instant();
    index.add(Revocation.subject("alice", t0.plusSeconds(10), t0.plusSeconds(60)));
    index.add(Revocation.subject("alice", t0.plusSeconds(5), t0.plusSeconds(30)));
    clock.set(t0.plusSeconds(8));
    Session issuedAt8 = tokens.start("alice").session();
    clock.set(t0.plusSeconds(45));

    assertTrue(index.isRevoked(issuedAt8));
  }

  @Test
  void readersDuringConcurrentGrowth_neverMissAnEarlierEntry() throws Exception {
    RevocationIndex index = new RevocationIndex(clock);
    IssuedToken t = tokens.start("alice");
    index.add(Revocation.token(t.session().tokenId(), clock.instant().plusSeconds(60)));
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<String> failure = new AtomicReference<>();
    Thread reader = new Thread(() -> {
      while (!stop.get()) {
        if (!index.isRevoked(t.session())) {
          failure.set("revoked entry not found during growth");
          return;
        }
      }
    });
    reader.start();
    for (int i = 0; i < 200_000; i++) {
      index.add(Revocation.session("s-" + i, clock.instant().plusSeconds(60)));
    }
    stop.set(true);
    reader.join();

    assertEquals(null, failure.get());
    assertEquals(200_001, index.size());
  }

  @Test
  void expiredEntriesPurged_shrinkTheTable() {
    RevocationIndex index = new RevocationIndex(clock);
    for (int i = 0; i < 10_000; i++) {
      index.add(Revocation.token("t-" + i, clock.instant().plus(Duration.ofSeconds(i < 9_990 ? 1 : 100))));
    }
    long big = index.tableBytes();
    clock.advance(Duration.ofSeconds(2));

    assertEquals(9_990, index.purgeExpired());
    assertEquals(10, index.size());
    assertTrue(index.tableBytes() < big / 100, () -> index.tableBytes() + " vs " + big);
  }
}
