package dev.signet.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Paths;

/**
 * The keyset loader ({@link KeysetFile}'s parser, JWK by JWK) on arbitrary file contents, with no
 * passphrase (so an encrypted file is refused before any key derivation). Oracles: it fails only
 * with a {@link KeysetFileException}; a keyset it loads is written and loaded again unchanged.
 */
class KeysetFileFuzzTest {
  static {
    dev.signet.FuzzLogging.warnOnlyWhileFuzzing();
  }

  private static final KeysetFile FILE = KeysetFile.at(Paths.get("fuzz-keyset.json"));

  @FuzzTest(maxDuration = "5m")
  void load(byte[] content) throws KeysetFileException {
    Keyset keyset;
    try {
      keyset = FILE.parse(content);
    } catch (KeysetFileException refused) {
      return;
    }
    assertEquals(keyset, FILE.parse(FILE.encode(keyset)));
  }
}
