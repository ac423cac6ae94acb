package dev.signet.keys;

import java.time.Duration;
import java.util.Objects;

/**
 * When {@link Rotation} may rotate and how long retired keys are kept.
 *
 * <ul>
 *   <li><b>minimum interval</b> (default 20 hours): a rotation within this time of the last one
 *       does nothing, so a cron job may run {@code rotate} as often as it likes; 20 hours lets a
 *       daily job rotate every day despite jitter.
 *   <li><b>propagation delay</b> (default 5 minutes): the longest time a verifier takes to load a
 *       changed keyset file. A {@code NEXT} key younger than this is not promoted, because some
 *       verifier might not know it yet.
 *   <li><b>leeway</b> (default 60 s): the verifiers' clock leeway. A retired key is kept for
 *       {@link #retiredWindow(Duration) retiredWindow(maxSession)} = the keyset's
 *       {@linkplain Keyset#maxSession() max session} + leeway + propagation delay: the last token
 *       it can mint is made at most one propagation delay after it was retired (by an issuer that
 *       has not reloaded yet) and is valid until its hard expiry (at most max session after its
 *       session began) plus leeway.
 * </ul>
 *
 * <p>The longest session is not a rotation setting: the keyset records it
 * ({@link Keyset#withMaxSession(Duration)}), so issuers and rotation read the same value.
 *
 * <p>Immutable.
 */
public final class RotationPolicy {
  private final Duration minInterval;
  private final Duration propagationDelay;
  private final Duration leeway;

  private RotationPolicy(Builder b) {
    this.minInterval = b.minInterval;
    this.propagationDelay = b.propagationDelay;
    this.leeway = b.leeway;
  }

  /** The defaults: 20 h minimum interval, 5 min propagation delay, 60 s leeway. */
  public static RotationPolicy defaults() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this policy. */
  public Builder toBuilder() {
    return new Builder().minInterval(minInterval).propagationDelay(propagationDelay).leeway(leeway);
  }

  /** A rotation sooner than this after the last one does nothing (unless forced). */
  public Duration minInterval() {
    return minInterval;
  }

  /** A {@code NEXT} key younger than this is not promoted (unless forced). */
  public Duration propagationDelay() {
    return propagationDelay;
  }

  /** The verifiers' clock leeway. */
  public Duration leeway() {
    return leeway;
  }

  /**
   * How long a retired key is kept in a keyset that serves sessions of up to
   * {@code maxSession}: {@code maxSession} + leeway + propagation delay.
   */
  public Duration retiredWindow(Duration maxSession) {
    return Keyset.checkMaxSession(maxSession).plus(leeway).plus(propagationDelay);
  }

  @Override
  public String toString() {
    return "RotationPolicy{minInterval=" + minInterval + ", propagationDelay=" + propagationDelay
        + ", leeway=" + leeway + "}";
  }

  /** Configures a {@link RotationPolicy}; each setter validates its argument at once. */
  public static final class Builder {
    private Duration minInterval = Duration.ofHours(20);
    private Duration propagationDelay = Duration.ofMinutes(5);
    private Duration leeway = Duration.ofSeconds(60);

    private Builder() {}

    /** Minimum time between rotations; zero or more. */
    public Builder minInterval(Duration d) {
      this.minInterval = nonNegative("minInterval", d);
      return this;
    }

    /** Longest time a verifier takes to reload the keyset; zero or more. */
    public Builder propagationDelay(Duration d) {
      this.propagationDelay = nonNegative("propagationDelay", d);
      return this;
    }

    /** The verifiers' clock leeway; zero or more. */
    public Builder leeway(Duration d) {
      this.leeway = nonNegative("leeway", d);
      return this;
    }

    /** Builds the policy. */
    public RotationPolicy build() {
      return new RotationPolicy(this);
    }

    private static Duration nonNegative(String name, Duration d) {
      Objects.requireNonNull(d, name);
      if (d.isNegative()) {
        throw new IllegalArgumentException(name + " must not be negative");
      }
      if (d.compareTo(Duration.ofDays(3660)) > 0) {
        throw new IllegalArgumentException(name + " must be at most 3660 days");
      }
      return d;
    }
  }
}
