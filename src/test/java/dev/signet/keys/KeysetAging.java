package dev.signet.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/** Moves every time a keyset file records into the past, as if the days had passed. */
public final class KeysetAging {
  private static final ObjectMapper JSON = new ObjectMapper();

  private KeysetAging() {}

  /** Every created, activated and retired time of the keyset at {@code file}, {@code by} earlier. */
  public static void age(Path file, Passphrase passphrase, Duration by) throws KeysetFileException {
    KeysetFile f = KeysetFile.at(file);
    (passphrase == null ? f : f.withPassphrase(passphrase)).update(k -> shifted(k, by));
  }

  static Keyset shifted(Keyset k, Duration by) {
    try {
      KeysetJson plain = new KeysetJson("aging", null);
      ObjectNode root = (ObjectNode) JSON.readTree(plain.write(k));
      for (JsonNode key : root.withArray("keys")) {
        for (String member : new String[] {"created", "activated", "retired"}) {
          if (key.has(member)) {
            ((ObjectNode) key).put(member, Instant.parse(key.get(member).textValue()).minus(by).toString());
          }
        }
      }
      return plain.read(JSON.writeValueAsBytes(root));
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
