package dev.signet.internal;

import dev.signet.keys.Keyset;
import dev.signet.keys.KeysetSource;
import java.util.Objects;

/**
 * The prepared form of whatever keyset a {@link KeysetSource} currently returns. The hot path
 * costs one call to the source and one reference comparison; a new keyset (after a rotation or
 * a reload) is prepared once, by the first thread that sees it.
 */
public final class KeyCache {
  private final KeysetSource source;
  private volatile CompiledKeys compiled;

  /** A cache over {@code source}; prepares the current keyset at once so errors surface at build time. */
  public KeyCache(KeysetSource source) {
    this.source = Objects.requireNonNull(source, "keys");
    Keyset first = Objects.requireNonNull(source.current(), "keys.current()");
    this.compiled = CompiledKeys.of(first);
  }

  /** The prepared keys for the source's current keyset. */
  public CompiledKeys get() {
    Keyset now = source.current();
    CompiledKeys c = compiled;
    if (c.keyset != now && now != null) {
      c = CompiledKeys.of(now);
      compiled = c;
    }
    return c;
  }
}
