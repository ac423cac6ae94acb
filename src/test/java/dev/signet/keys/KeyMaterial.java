package dev.signet.keys;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/** Every spelling of a keyset's secret (and, on request, public) key bytes, to search outputs for. */
final class KeyMaterial {
  private KeyMaterial() {}

  /** Raw-byte, base64url, base64 and hex spellings of every secret in {@code keyset}. */
  static List<String> secretSpellings(Keyset keyset) {
    List<String> out = new ArrayList<>();
    for (KeyEntry e : keyset.entries()) {
      if (e.hasPrivateKey()) {
        add(out, e.secretBytes(SecretAccess.insecure()));
      }
    }
    return out;
  }

  /** As {@link #secretSpellings}, plus the public signing keys. */
  static List<String> allSpellings(Keyset keyset) {
    List<String> out = secretSpellings(keyset);
    for (KeyEntry e : keyset.entries()) {
      e.publicKey().ifPresent(p -> add(out, p));
    }
    return out;
  }

  private static void add(List<String> out, byte[] b) {
    out.add(Base64.getUrlEncoder().withoutPadding().encodeToString(b));
    // A 32-byte key is 43 base64 characters; the first 40 cover any padding variant.
    out.add(Base64.getEncoder().encodeToString(b).substring(0, 40));
    out.add(HexFormat.of().formatHex(b));
    out.add(HexFormat.of().withUpperCase().formatHex(b));
  }

  /** Whether {@code haystack} contains {@code key} as raw bytes. */
  static boolean containsBytes(byte[] haystack, byte[] key) {
    outer:
    for (int i = 0; i + key.length <= haystack.length; i++) {
      for (int j = 0; j < key.length; j++) {
        if (haystack[i + j] != key[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  /** Returns the first spelling found in {@code text}, or null. */
  static String findIn(String text, List<String> spellings) {
    for (String s : spellings) {
      if (text.contains(s)) {
        return s;
      }
    }
    return null;
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
