package dev.signet.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.IssuedToken;
import dev.signet.Rejection;
import dev.signet.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileRevocationListTest {
  @TempDir Path dir;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
  private final Tokens tokens = new Tokens(clock);

  private FileRevocationList open(Path p) throws IOException {
    return FileRevocationList.builder(p).clock(clock).pollInterval(Duration.ZERO).build();
  }

  private Revocation revoke(Session s) {
    return Revocation.token(s.tokenId(), clock.instant().plus(Duration.ofHours(1)));
  }

  @Test
  void revocations_areReplayedAfterReopen() throws IOException {
    Path log = dir.resolve("revocations.log");
    IssuedToken a = tokens.start("alice");
    IssuedToken b = tokens.start("bob");
    Instant t = clock.instant();
    try (FileRevocationList list = open(log)) {
      list.revoke(revoke(a.session()));
      list.revoke(Revocation.subject("bob", t, t.plus(Duration.ofHours(13))));
    }

    try (FileRevocationList list = open(log)) {
      assertEquals(Rejection.REVOKED, Tokens.outcome(tokens.verifier(list), a));
      assertEquals(Rejection.REVOKED, Tokens.outcome(tokens.verifier(list), b));
      assertEquals(2, list.size());
    }
  }

  @Test
  void appendsByAnotherInstance_areSeenByAFollowingListWithinThePollInterval() throws Exception {
    Path log = dir.resolve("revocations.log");
    IssuedToken a = tokens.start("alice");
    try (FileRevocationList follower = FileRevocationList.builder(log).clock(clock)
            .pollInterval(Duration.ofMillis(50)).build();
        FileRevocationList cli = open(log)) {
      assertEquals(RevocationList.Status.NOT_REVOKED, follower.check(a.session()));
      long start = System.nanoTime();
      cli.revoke(revoke(a.session()));
      while (follower.check(a.session()) != RevocationList.Status.REVOKED) {
        assertTrue(System.nanoTime() - start < 10_000_000_000L, "not seen within 10 s");
        Thread.sleep(5);
      }
    }
  }

  @Test
  void defaultPollInterval_isAtMostTwoSeconds() {
    assertTrue(FileRevocationList.DEFAULT_POLL_INTERVAL.compareTo(Duration.ofSeconds(2)) <= 0);
  }

  @Test
  void tornLastRecord_isSkippedAtOpen_andTruncatedByTheNextAppend() throws IOException {
    Path log = dir.resolve("revocations.log");
    IssuedToken a = tokens.start("alice");
    IssuedToken b = tokens.start("bob");
    IssuedToken c = tokens.start("carol");
    try (FileRevocationList list = open(log)) {
      list.revoke(revoke(a.session()));
    }
    ByteBuffer whole = RevocationLog.encode(revoke(b.session()));
    for (int cut = 1; cut < whole.remaining(); cut += 7) {
      Path copy = dir.resolve("torn-" + cut + ".log");
      Files.copy(log, copy);
      try (FileChannel ch = FileChannel.open(copy, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
        ch.write(ByteBuffer.wrap(whole.array(), 0, cut));
      }
      try (FileRevocationList list = open(copy)) {
        assertEquals(1, list.size(), "cut at " + cut);
        assertEquals(RevocationList.Status.REVOKED, list.check(a.session()));
        assertEquals(RevocationList.Status.NOT_REVOKED, list.check(b.session()));
        list.revoke(revoke(c.session()));
      }
      try (FileRevocationList list = open(copy)) {
        assertEquals(2, list.size(), "cut at " + cut);
        assertEquals(RevocationList.Status.REVOKED, list.check(c.session()));
      }
    }
  }

  @Test
  void lastRecordWithABadChecksum_isSkippedNotMisread() throws IOException {
    Path log = dir.resolve("revocations.log");
    IssuedToken a = tokens.start("alice");
    try (FileRevocationList list = open(log)) {
      list.revoke(revoke(a.session()));
    }
    long size = Files.size(log);
    try (FileChannel ch = FileChannel.open(log, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(1);
      ch.read(b, size - 3);
      b.put(0, (byte) (b.get(0) ^ 0x5A)); // always a different byte
      b.rewind();
      ch.write(b, size - 3);
    }

    try (FileRevocationList list = open(log)) {
      assertEquals(0, list.size());
      assertEquals(RevocationList.Status.NOT_REVOKED, list.check(a.session()));
    }
  }

  @Test
  void damageFollowedByMoreThanOneRecord_isRefusedAsCorrupt() throws IOException {
    Path log = dir.resolve("revocations.log");
    try (FileRevocationList list = open(log)) {
      for (int i = 0; i < 50; i++) {
        list.revoke(revoke(tokens.start("u" + i).session()));
      }
    }
    try (FileChannel ch = FileChannel.open(log, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(new byte[] {0x7F, 0x7F}), RevocationLog.HEADER_SIZE + 1);
    }

    IOException e = assertThrows(IOException.class, () -> open(log));
    assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
  }

  @Test
  void followedFileThatBecomesCorrupt_answersUnavailable() throws Exception {
    Path log = dir.resolve("revocations.log");
    IssuedToken a = tokens.start("alice");
    try (FileRevocationList follower = FileRevocationList.builder(log).clock(clock)
        .pollInterval(Duration.ofMillis(20)).build()) {
      assertEquals(RevocationList.Status.NOT_REVOKED, follower.check(a.session()));
      try (FileChannel ch = FileChannel.open(log, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
        ch.write(ByteBuffer.wrap(new byte[2 * RevocationLog.MAX_RECORD]));
      }
      long start = System.nanoTime();
      while (follower.check(a.session()) != RevocationList.Status.UNAVAILABLE) {
        assertTrue(System.nanoTime() - start < 10_000_000_000L, "still answering after 10 s");
        Thread.sleep(5);
      }
    }
  }

  @Test
  void aFileThatIsNotARevocationLog_isRefusedWithAClearMessage() throws IOException {
    Path other = dir.resolve("keyset.json");
    Files.writeString(other, "{\"keys\":[]}\n");

    IOException e = assertThrows(IOException.class, () -> open(other));
    assertTrue(e.getMessage().contains("is not a Signet revocation log"), e.getMessage());
    assertEquals("{\"keys\":[]}\n", Files.readString(other));
  }

  @Test
  void expiredEntries_areGoneFromTheFileAfterCompaction() throws IOException {
    Path log = dir.resolve("revocations.log");
    Instant now = clock.instant();
    try (FileRevocationList list = open(log)) {
      list.revoke(Revocation.token("short-1", now.plusSeconds(10)));
      list.revoke(Revocation.session("short-2", now.plusSeconds(10)));
      list.revoke(Revocation.global(now, now.plusSeconds(10)));
      list.revoke(Revocation.token("long", now.plusSeconds(3600)));
      list.revoke(Revocation.token("long", now.plusSeconds(3000)));
      clock.advance(Duration.ofSeconds(11));

      list.compact();

      assertEquals(1, list.size());
    }
    List<Revocation> inFile = records(log);
    assertEquals(List.of(Revocation.token("long", now.plusSeconds(3600))), inFile);
  }

  @Test
  void compactionWhenMostlyExpired_runsOnlyPastTheThreshold() throws IOException {
    Path log = dir.resolve("revocations.log");
    Instant now = clock.instant();
    try (FileRevocationList list = FileRevocationList.builder(log).clock(clock).pollInterval(Duration.ZERO)
        .compactMinRecords(10).build()) {
      for (int i = 0; i < 10; i++) {
        list.revoke(Revocation.token("t" + i, now.plusSeconds(i < 6 ? 10 : 3600)));
      }
      assertFalse(list.compactIfMostlyExpired());
      clock.advance(Duration.ofSeconds(11));

      assertTrue(list.compactIfMostlyExpired());
    }
    assertEquals(4, records(log).size());
  }

  @Test
  void concurrentAppendersAndCompactions_neverLoseARecord() throws Exception {
    Path log = dir.resolve("revocations.log");
    Instant now = clock.instant();
    int writers = 3;
    int each = 60;
    ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
    List<FileRevocationList> lists = new ArrayList<>();
    try {
      for (int w = 0; w < writers + 1; w++) {
        lists.add(open(log));
      }
      List<Future<?>> futures = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        FileRevocationList list = lists.get(w);
        int id = w;
        futures.add(pool.submit(() -> {
          for (int i = 0; i < each; i++) {
            list.revoke(Revocation.token("w" + id + "-" + i, now.plusSeconds(3600)));
            list.revoke(Revocation.token("expired-" + id + "-" + i, now.plusMillis(1)));
          }
          return null;
        }));
      }
      FileRevocationList compactor = lists.get(writers);
      futures.add(pool.submit(() -> {
        for (int i = 0; i < 20; i++) {
          compactor.compact();
          Thread.sleep(2);
        }
        return null;
      }));
      clock.advance(Duration.ofMillis(1));
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
      for (FileRevocationList l : lists) {
        l.close();
      }
    }
    try (FileRevocationList reopened = open(log)) {
      assertEquals(writers * each, reopened.size());
    }
    long live = records(log).stream().filter(r -> r.id().orElseThrow().startsWith("w")).distinct().count();
    assertEquals(writers * each, live);
  }

  private static List<Revocation> records(Path log) throws IOException {
    List<Revocation> out = new ArrayList<>();
    try (FileChannel ch = FileChannel.open(log, StandardOpenOption.READ)) {
      RevocationLog.checkHeader(ch, log);
      RevocationLog.read(ch, RevocationLog.HEADER_SIZE, out::add, log);
    }
    return out;
  }
}
