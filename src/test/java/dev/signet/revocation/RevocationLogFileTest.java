package dev.signet.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RevocationLogFileTest {
  private static final Instant LATER = Instant.parse("2030-01-01T00:00:00Z");

  @TempDir Path dir;

  private RevocationLogFile created(Path p) throws IOException {
    RevocationLogFile f = new RevocationLogFile(p);
    f.createIfMissing(true);
    f.reopen(r -> {});
    return f;
  }

  @Test
  void createIfMissing_notAllowed_isNoSuchFileAndCreatesNothing() throws Exception {
    Path p = dir.resolve("revocations.log");
    assertThrows(NoSuchFileException.class, () -> new RevocationLogFile(p).createIfMissing(false));
    assertFalse(Files.exists(p));
  }

  @Test
  void append_thenReopen_replaysTheRecord() throws Exception {
    Path p = dir.resolve("revocations.log");
    RevocationLogFile f = created(p);
    f.append(RevocationLog.encode(Revocation.session("sid-1", LATER)));
    List<Revocation> seen = new ArrayList<>();
    f.reopen(seen::add);
    assertEquals(List.of(Revocation.session("sid-1", LATER)), seen);
    assertEquals(1, f.records());
    f.close();
  }

  @Test
  void catchUp_tornTail_isTruncatedOnlyWhenAsked() throws Exception {
    Path p = dir.resolve("revocations.log");
    RevocationLogFile f = created(p);
    long clean = Files.size(p);
    Files.write(p, new byte[] {0, 0, 0, 40, 1, 2}, StandardOpenOption.APPEND);
    f.catchUp(r -> {}, false);
    assertEquals(clean + 6, Files.size(p));
    f.catchUp(r -> {}, true);
    assertEquals(clean, Files.size(p));
    f.close();
  }

  @Test
  void rewrite_replacesTheFileAndIsSeenAsReplaced() throws Exception {
    Path p = dir.resolve("revocations.log");
    RevocationLogFile f = created(p);
    f.append(RevocationLog.encode(Revocation.session("old", LATER)));
    f.rewrite(List.of(Revocation.session("kept", LATER)));
    assertTrue(f.isReplaced());
    List<Revocation> seen = new ArrayList<>();
    f.catchUpForWriting(seen::add);
    assertEquals(List.of(Revocation.session("kept", LATER)), seen);
    assertFalse(f.isReplaced());
    f.close();
  }

  @Test
  void close_laterUse_fails() throws Exception {
    RevocationLogFile f = created(dir.resolve("revocations.log"));
    f.close();
    assertThrows(IOException.class, f::ensureOpen);
  }
}
