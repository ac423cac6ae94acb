package dev.signet.keys;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One step of the key life cycle, safe to run from cron as often as you like.
 *
 * <p>For each purpose in the keyset, a rotation promotes the oldest {@code NEXT} key to
 * {@code ACTIVE}, retires the {@code ACTIVE} key, and generates a new {@code NEXT} key; every run
 * also removes retired keys older than the {@linkplain RotationPolicy#retiredWindow(Duration)
 * retired window} of the keyset's {@linkplain Keyset#maxSession() max session}. A run within the {@linkplain RotationPolicy#minInterval() minimum interval}
 * of the last rotation, or while a {@code NEXT} key is younger than the
 * {@linkplain RotationPolicy#propagationDelay() propagation delay}, rotates nothing.
 *
 * <pre>{@code
 * Rotation.Result r = Rotation.with(RotationPolicy.defaults()).applyTo(keysetFile);
 * }</pre>
 *
 * <p><b>Security:</b> because a key is published as {@code NEXT} one rotation before it mints,
 * verifiers that reload within the propagation delay know every key before the first token made
 * with it arrives, and a retired key keeps verifying until every token it minted is past its
 * hard expiry. {@link #forced()} skips both waits; {@link #removingRetired()} drops every retired
 * key at once (after a key leak: every token minted with them is rejected from then on).
 *
 * <p>A rotation refuses to run, forced or not, when its clock is earlier than the newest time the
 * keyset records (a key created, activated or retired "in the future"): with the clock set back,
 * it would record a key as retired before it was activated, and a later run would remove the key
 * before its sessions end. {@link #allowingClockBehindKeyset()} is the override, for a keyset
 * whose times were written by a clock that ran ahead.
 *
 * <p>Immutable; {@code forced()}, {@code removingRetired()}, {@code allowingClockBehindKeyset()}
 * and {@code clock()} return new instances.
 */
public final class Rotation {
  private static final Logger LOG = LoggerFactory.getLogger(Rotation.class);

  /** What a rotation did. */
  public enum Status {
    /** Keys were promoted and retired, and new {@code NEXT} keys generated. */
    ROTATED,
    /** Nothing was promoted: the last rotation is more recent than the minimum interval. */
    NOT_DUE,
    /** Nothing was promoted: a {@code NEXT} key is younger than the propagation delay. */
    NEXT_TOO_YOUNG,
    /**
     * Nothing was promoted because a purpose had no {@code NEXT} key; one was generated and is
     * promoted by the next rotation.
     */
    NEXT_PUBLISHED
  }

  /**
   * The rotation's clock is earlier than the newest time the keyset records; nothing was changed.
   * The message names both times and the difference.
   */
  public static final class ClockBehindKeysetException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final transient Duration behindBy;

    ClockBehindKeysetException(Instant now, Instant newest) {
      super(
          "the clock (" + now + ") is " + human(Duration.between(now, newest))
              + " earlier than the newest time the keyset records (" + newest + "); refusing to rotate,"
              + " forced or not: keys would be recorded as retired before they were activated and removed"
              + " too early. Fix the clock; if instead the keyset's times came from a clock that ran ahead,"
              + " override with --allow-clock-behind-keyset (Rotation.allowingClockBehindKeyset())");
      this.behindBy = Duration.between(now, newest);
    }

    /** How far the clock is behind the keyset's newest time. */
    public Duration behindBy() {
      return behindBy;
    }
  }

  private final RotationPolicy policy;
  private final Clock clock;
  private final boolean force;
  private final boolean removeRetired;
  private final boolean allowClockBehind;
  private final List<KeysetFile> verifierExports;
  private final List<Path> jwksExports;
  private final SecureRandom random;

  private Rotation(
      RotationPolicy policy,
      Clock clock,
      boolean force,
      boolean removeRetired,
      boolean allowClockBehind,
      List<KeysetFile> verifierExports,
      List<Path> jwksExports,
      SecureRandom random) {
    this.policy = policy;
    this.clock = clock;
    this.force = force;
    this.removeRetired = removeRetired;
    this.allowClockBehind = allowClockBehind;
    this.verifierExports = List.copyOf(verifierExports);
    this.jwksExports = List.copyOf(jwksExports);
    this.random = random;
  }

  /** A rotation under {@code policy}, on the system clock. */
  public static Rotation with(RotationPolicy policy) {
    return new Rotation(
        Objects.requireNonNull(policy, "policy"), Clock.systemUTC(), false, false, false, List.of(), List.of(),
        new SecureRandom());
  }

  /** This rotation with times from {@code clock}. */
  public Rotation clock(Clock clock) {
    return new Rotation(policy, Objects.requireNonNull(clock, "clock"), force, removeRetired, allowClockBehind,
        verifierExports, jwksExports, random);
  }

  /**
   * This rotation, performed even within the minimum interval and with a {@code NEXT} key younger
   * than the propagation delay.
   *
   * <p><b>Risk:</b> a verifier that has not loaded the promoted key yet rejects its tokens until
   * it reloads.
   */
  public Rotation forced() {
    return new Rotation(policy, clock, true, removeRetired, allowClockBehind, verifierExports, jwksExports, random);
  }

  /**
   * This rotation, also removing every retired key at once, including the one it retires: the
   * emergency step after a key leak.
   *
   * <p><b>Risk:</b> every token minted before the rotation is rejected from then on; every user
   * signs in again.
   */
  public Rotation removingRetired() {
    return new Rotation(policy, clock, force, true, allowClockBehind, verifierExports, jwksExports, random);
  }

  /**
   * This rotation, run even when its clock is earlier than the newest time the keyset records.
   * Use it only when the keyset's times are known to be wrong (written by a host whose clock ran
   * ahead) and this clock is known to be right; new times are then taken from this clock.
   *
   * <p><b>Risk:</b> if it is this clock that is behind, keys are recorded as retired before they
   * were activated, later runs remove them before their sessions end, and those sessions are
   * rejected as {@code UNKNOWN_KEY}.
   */
  public Rotation allowingClockBehindKeyset() {
    return new Rotation(policy, clock, force, removeRetired, true, verifierExports, jwksExports, random);
  }

  /**
   * This rotation, also keeping a verifier keyset ({@link Keyset#verifierOnly()}) in {@code export}
   * in step: {@link #applyTo(KeysetFile)} writes it atomically on every run (rotated or not, so a
   * missing or stale export is repaired by the next run), after the keyset and before the keyset
   * file's lock is released. A gateway reading the export therefore learns each new {@code NEXT}
   * key in the same run that publishes it, one rotation before it mints.
   */
  public Rotation exportingVerifierTo(KeysetFile export) {
    Objects.requireNonNull(export, "export");
    List<KeysetFile> more = new ArrayList<>(verifierExports);
    more.add(export);
    return new Rotation(policy, clock, force, removeRetired, allowClockBehind, more, jwksExports, random);
  }

  /** This rotation, also keeping the public JWKS in {@code jwks} in step, as {@link #exportingVerifierTo}. */
  public Rotation exportingJwksTo(Path jwks) {
    Objects.requireNonNull(jwks, "jwks");
    List<Path> more = new ArrayList<>(jwksExports);
    more.add(jwks);
    return new Rotation(policy, clock, force, removeRetired, allowClockBehind, verifierExports, more, random);
  }

  /** The policy. */
  public RotationPolicy policy() {
    return policy;
  }

  /**
   * Applies the rotation to a keyset. The result's keyset is {@code keyset} itself when nothing
   * changed.
   *
   * @throws ClockBehindKeysetException if the clock is earlier than the newest time the keyset
   *     records, unless {@link #allowingClockBehindKeyset()}
   */
  public Result apply(Keyset keyset) {
    Objects.requireNonNull(keyset, "keyset");
    Instant now = clock.instant();
    Instant newest = newestTime(keyset);
    if (now.isBefore(newest) && !allowClockBehind) {
      throw new ClockBehindKeysetException(now, newest);
    }
    List<KeyEntry> keys = new ArrayList<>(keyset.entries());
    Set<KeyPurpose> purposes = EnumSet.noneOf(KeyPurpose.class);
    Instant last = Instant.MIN;
    for (KeyEntry e : keys) {
      purposes.add(e.purpose());
      if (e.state() == KeyState.ACTIVE) {
        Instant a = e.activatedAt().orElse(e.createdAt());
        if (a.isAfter(last)) {
          last = a;
        }
      }
    }
    Instant dueAt = last.plus(policy.minInterval());
    List<String> promoted = new ArrayList<>();
    List<String> retired = new ArrayList<>();
    List<String> added = new ArrayList<>();
    List<String> removed = new ArrayList<>();

    Status status;
    if (!force && now.isBefore(dueAt)) {
      status = Status.NOT_DUE;
    } else if (!force && youngestNextBlocking(keys, now)) {
      status = Status.NEXT_TOO_YOUNG;
    } else {
      boolean anyPromoted = false;
      for (KeyPurpose p : purposes) {
        Optional<KeyEntry> next =
            keys.stream()
                .filter(e -> e.purpose() == p && e.state() == KeyState.NEXT)
                .min(Comparator.comparing(KeyEntry::createdAt));
        if (next.isPresent()) {
          KeyEntry active = keys.stream().filter(e -> e.purpose() == p && e.state() == KeyState.ACTIVE).findFirst().orElseThrow();
          replace(keys, active, active.withState(KeyState.RETIRED, now));
          replace(keys, next.get(), next.get().withState(KeyState.ACTIVE, now));
          retired.add(active.kid());
          promoted.add(next.get().kid());
          anyPromoted = true;
        }
        boolean hasNext = keys.stream().anyMatch(e -> e.purpose() == p && e.state() == KeyState.NEXT);
        if (!hasNext) {
          KeyEntry fresh = KeyEntry.generate(p, KeyState.NEXT, now, random);
          keys.add(fresh);
          added.add(fresh.kid());
        }
      }
      status = anyPromoted ? Status.ROTATED : Status.NEXT_PUBLISHED;
    }

    Duration window = policy.retiredWindow(keyset.maxSession());
    for (KeyEntry e : List.copyOf(keys)) {
      if (e.state() != KeyState.RETIRED) {
        continue;
      }
      Instant retiredAt = e.retiredAt().orElseThrow();
      if (removeRetired || !now.isBefore(retiredAt.plus(window))) {
        keys.remove(e);
        removed.add(e.kid());
      }
    }

    boolean changed = !promoted.isEmpty() || !added.isEmpty() || !removed.isEmpty();
    Keyset result = changed ? keyset.withEntries(keys) : keyset;
    Result r = new Result(status, result, now, dueAt, promoted, retired, added, removed);
    if (changed) {
      LOG.info("keyset rotation: {}", r);
    }
    return r;
  }

  /**
   * Applies the rotation to a keyset file: loads it, rotates and saves it while holding the
   * file's lock, so concurrent runs (two cron hosts, a retried job) apply one after the other
   * and the second finds the rotation not due. Nothing is written when nothing changed.
   *
   * <p>Then writes every export this rotation keeps in step ({@link #exportingVerifierTo},
   * {@link #exportingJwksTo}), each atomically, still under the keyset file's lock.
   *
   * @throws ClockBehindKeysetException as {@link #apply(Keyset)}; the file is left untouched
   * @throws KeysetFileException if the keyset file cannot be read or written, or an export cannot
   *     be written (the message then says whether the keyset itself was updated)
   */
  public Result applyTo(KeysetFile file) throws KeysetFileException {
    Objects.requireNonNull(file, "file");
    Result[] out = new Result[1];
    file.update(
        ks -> {
          out[0] = apply(ks);
          return out[0].keyset();
        },
        now -> writeExports(file, now, out[0].changed()));
    return out[0];
  }

  private void writeExports(KeysetFile file, Keyset keyset, boolean changed) throws KeysetFileException {
    String state = " (the keyset " + file.path() + " was " + (changed ? "updated" : "left unchanged")
        + "; the next rotate run writes the export again)";
    Keyset verifier = verifierExports.isEmpty() ? null : keyset.verifierOnly();
    for (KeysetFile export : verifierExports) {
      try {
        export.save(verifier);
      } catch (KeysetFileException e) {
        throw new KeysetFileException(e.reason(), e.getMessage() + state, e);
      }
    }
    for (Path jwks : jwksExports) {
      try {
        Jwks.write(keyset, jwks);
      } catch (IOException e) {
        throw new KeysetFileException(
            KeysetFileException.Reason.IO, jwks + ": cannot write JWKS (" + e.getClass().getSimpleName() + ")" + state, e);
      }
    }
  }

  /** The newest creation, activation or retirement time in the keyset. */
  static Instant newestTime(Keyset keyset) {
    Instant newest = Instant.MIN;
    for (KeyEntry e : keyset.entries()) {
      for (Instant t : new Instant[] {e.createdAt(), e.activatedAt().orElse(null), e.retiredAt().orElse(null)}) {
        if (t != null && t.isAfter(newest)) {
          newest = t;
        }
      }
    }
    return newest;
  }

  /** A duration as {@code 3h12m5s} (milliseconds below one second). */
  static String human(Duration d) {
    if (d.compareTo(Duration.ofSeconds(1)) < 0) {
      return d.toMillis() + "ms";
    }
    long s = d.getSeconds();
    StringBuilder b = new StringBuilder();
    if (s >= 86400) {
      b.append(s / 86400).append('d');
    }
    if (s % 86400 >= 3600) {
      b.append(s % 86400 / 3600).append('h');
    }
    if (s % 3600 >= 60) {
      b.append(s % 3600 / 60).append('m');
    }
    if (s % 60 > 0) {
      b.append(s % 60).append('s');
    }
    return b.toString();
  }

  private boolean youngestNextBlocking(List<KeyEntry> keys, Instant now) {
    for (KeyEntry e : keys) {
      if (e.state() == KeyState.NEXT && now.isBefore(e.createdAt().plus(policy.propagationDelay()))) {
        return true;
      }
    }
    return false;
  }

  private static void replace(List<KeyEntry> keys, KeyEntry old, KeyEntry now) {
    keys.set(keys.indexOf(old), now);
  }

  /** The outcome of one rotation: what changed, by key id, and the resulting keyset. */
  public static final class Result {
    private final Status status;
    private final Keyset keyset;
    private final Instant at;
    private final Instant dueAt;
    private final List<String> promoted;
    private final List<String> retired;
    private final List<String> added;
    private final List<String> removed;

    private Result(
        Status status,
        Keyset keyset,
        Instant at,
        Instant dueAt,
        List<String> promoted,
        List<String> retired,
        List<String> added,
        List<String> removed) {
      this.status = status;
      this.keyset = keyset;
      this.at = at;
      this.dueAt = dueAt;
      this.promoted = List.copyOf(promoted);
      this.retired = List.copyOf(retired);
      this.added = List.copyOf(added);
      this.removed = List.copyOf(removed);
    }

    /** What the rotation did. */
    public Status status() {
      return status;
    }

    /** The keyset after the rotation (the input itself when nothing changed). */
    public Keyset keyset() {
      return keyset;
    }

    /** When the rotation ran. */
    public Instant at() {
      return at;
    }

    /** When the minimum interval since the last rotation ends. */
    public Instant dueAt() {
      return dueAt;
    }

    /** Whether the keyset changed (a promotion, a new key or a removal). */
    public boolean changed() {
      return !promoted.isEmpty() || !added.isEmpty() || !removed.isEmpty();
    }

    /** Ids of keys promoted from {@code NEXT} to {@code ACTIVE}. */
    public List<String> promoted() {
      return promoted;
    }

    /** Ids of keys moved from {@code ACTIVE} to {@code RETIRED}. */
    public List<String> retired() {
      return retired;
    }

    /** Ids of newly generated {@code NEXT} keys. */
    public List<String> added() {
      return added;
    }

    /** Ids of retired keys removed from the keyset. */
    public List<String> removed() {
      return removed;
    }

    /** Status and key ids; never key bytes. */
    @Override
    public String toString() {
      return status + " promoted=" + promoted + " retired=" + retired + " added=" + added + " removed=" + removed;
    }
  }
}
