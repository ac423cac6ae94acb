package dev.signet;

import dev.signet.internal.Base64Url;

import dev.signet.keys.Keyset;
import dev.signet.keys.KeysetSource;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The prepared form of whatever keyset a {@link KeysetSource} currently returns. The hot path
 * costs one call to the source and one reference comparison; a new keyset (after a rotation or
 * a reload) is prepared once, by the first thread that sees it.
 *
 * <p>{@link #get()} never throws: when the source throws, returns null, or returns a keyset that
 * cannot be prepared, the last good keys stay in use and one WARN is logged per failure (not per
 * call), naming the exception type only, never key material.
 */
final class KeyCache {
  private static final Logger LOG = LoggerFactory.getLogger(KeyCache.class);

  private final KeysetSource source;
  private volatile CompiledKeys compiled;
  // The keyset that last failed to compile, so it is neither retried nor logged on every call.
  private volatile Keyset refused;
  private volatile boolean sourceFailing;

  /** A cache over {@code source}; prepares the current keyset at once so errors surface at build time. */
  KeyCache(KeysetSource source) {
    this.source = Objects.requireNonNull(source, "keys");
    Keyset first = Objects.requireNonNull(source.current(), "keys.current()");
    this.compiled = CompiledKeys.of(first);
  }

  /** The prepared keys for the source's current keyset, or the last good ones if it fails. */
  CompiledKeys get() {
    CompiledKeys c = compiled;
    Keyset now;
    try {
      now = source.current();
    } catch (RuntimeException e) {
      if (!sourceFailing) {
        sourceFailing = true;
        LOG.warn("keyset source failed ({}); keeping the last good keyset", e.getClass().getSimpleName());
      }
      return c;
    }
    if (now == null) {
      if (!sourceFailing) {
        sourceFailing = true;
        LOG.warn("keyset source returned no keyset; keeping the last good keyset");
      }
      return c;
    }
    if (sourceFailing) {
      sourceFailing = false;
    }
    if (c.keyset != now && now != refused) {
      try {
        c = CompiledKeys.of(now);
        compiled = c;
      } catch (RuntimeException e) {
        refused = now;
        LOG.warn("keyset {} cannot be used ({}); keeping the last good keyset", now, e.getClass().getSimpleName());
      }
    }
    return c;
  }
}
