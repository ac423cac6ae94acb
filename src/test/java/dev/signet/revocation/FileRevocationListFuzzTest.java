package dev.signet.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterAll;

/**
 * Replay of a revocation log ({@link FileRevocationList} open) from arbitrary file contents.
 *
 * <p>Input: the first byte chooses the mode. Even: the rest is the file, byte for byte (the
 * header and CRC checks are what is fuzzed). Odd: the rest is a list of record payloads
 * (each a length byte and that many bytes), written after a valid header with correct lengths
 * and CRCs, so the fuzzer reaches the record decoder; bit 1 set also appends a torn copy of
 * the last record.
 *
 * <p>Oracles: opening fails only with an {@link IOException} (never another exception);
 * replaying the same file twice gives the same number of entries; a compaction succeeds and
 * the compacted log replays to no more entries than before.
 */
class FileRevocationListFuzzTest {
  static {
    dev.signet.FuzzLogging.warnOnlyWhileFuzzing();
  }

  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC);
  private static final Path DIR = dir();
  private static final Path LOG = DIR.resolve("revocations.log");

  private static Path dir() {
    try {
      Path shm = Paths.get("/dev/shm");
      return Files.isDirectory(shm) && Files.isWritable(shm)
          ? Files.createTempDirectory(shm, "signet-fuzz-")
          : Files.createTempDirectory("signet-fuzz-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The file contents an input stands for (see the class comment). */
  static byte[] fileFor(byte[] data) {
    if (data.length == 0 || (data[0] & 1) == 0) {
      return data.length == 0 ? data : Arrays.copyOfRange(data, 1, data.length);
    }
    ByteBuffer out = ByteBuffer.allocate(RevocationLog.HEADER_SIZE + data.length * 9 + RevocationLog.MAX_RECORD);
    out.put(RevocationLog.header());
    int i = 1;
    byte[] last = null;
    while (i < data.length) {
      int n = Math.min(Byte.toUnsignedInt(data[i++]), data.length - i);
      byte[] payload = Arrays.copyOfRange(data, i, i + n);
      i += n;
      last = record(payload);
      out.put(last);
    }
    if ((data[0] & 2) != 0 && last != null) {
      out.put(last, 0, last.length / 2);
    }
    return Arrays.copyOf(out.array(), out.position());
  }

  static byte[] record(byte[] payload) {
    ByteBuffer r = ByteBuffer.allocate(8 + payload.length);
    r.putInt(payload.length);
    CRC32C crc = new CRC32C();
    crc.update(r.array(), 0, 4);
    crc.update(payload);
    r.putInt((int) crc.getValue());
    r.put(payload);
    return r.array();
  }

  @AfterAll
  static void removeDir() throws IOException {
    try (java.util.stream.Stream<Path> files = Files.list(DIR)) {
      for (Path p : files.toList()) {
        Files.delete(p);
      }
    }
    Files.delete(DIR);
  }

  private static FileRevocationList open() throws IOException {
    return FileRevocationList.builder(LOG).clock(CLOCK).pollInterval(Duration.ZERO).build();
  }

  @FuzzTest(maxDuration = "5m")
  void replay(byte[] data) throws IOException {
    Files.write(LOG, fileFor(data));
    int size;
    try (FileRevocationList list = open()) {
      size = list.size();
    } catch (IOException refused) {
      return; // not a revocation log, or corrupt: refused at open, as documented
    }
    try (FileRevocationList again = open()) {
      assertEquals(size, again.size(), "replaying the same file twice");
      again.compact();
    }
    try (FileRevocationList compacted = open()) {
      assertTrue(compacted.size() <= size, "compaction added entries");
    }
  }
}
