package dev.signet.keys;

/** Lets tests of other packages search text for a keyset's key material. */
public final class KeyMaterialAccess {
  private KeyMaterialAccess() {}

  /** The first spelling of a secret or public key of {@code keyset} found in {@code text}, or null. */
  public static String findSecret(String text, Keyset keyset) {
    return KeyMaterial.findIn(text, KeyMaterial.allSpellings(keyset));
  }
}
