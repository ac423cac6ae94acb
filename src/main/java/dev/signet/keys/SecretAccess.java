package dev.signet.keys;

/**
 * A capability token that must be passed to read raw key bytes out of a {@link KeyEntry}.
 *
 * <p>Key bytes leave a {@code KeyEntry} only through {@link KeyEntry#secretBytes(SecretAccess)},
 * so every place that handles raw secrets is found by searching for
 * {@code SecretAccess.insecure()}.
 */
public final class SecretAccess {
  private static final SecretAccess INSTANCE = new SecretAccess();

  private SecretAccess() {}

  /** The capability; each call site is a place that handles raw key bytes and deserves review. */
  public static SecretAccess insecure() {
    return INSTANCE;
  }
}
