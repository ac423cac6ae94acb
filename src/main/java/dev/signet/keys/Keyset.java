package dev.signet.keys;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An immutable set of key generations: for each purpose exactly one {@code ACTIVE} key (which
 * mints), and any number of {@code NEXT} and {@code RETIRED} keys (which only verify).
 *
 * <p>Invariants are checked once, when the keyset is built: key ids are unique, each purpose
 * that has keys has exactly one active key, and every key is well formed. Changes (rotation,
 * stripping private keys) return a new {@code Keyset}.
 *
 * <p>A keyset also records the <b>longest session it serves</b> ({@link #maxSession()}, default
 * {@link #DEFAULT_MAX_SESSION}): {@link Rotation} keeps a retired key that long (plus leeway and
 * propagation delay), and a {@code TokenIssuer} built over the keyset refuses a longer absolute
 * timeout, so no session can outlive the key that signed it.
 *
 * <p>A keyset is its own {@link KeysetSource}.
 *
 * <p><b>Security:</b> {@link #toString()} lists ids, purposes and states, never key bytes.
 */
public final class Keyset implements KeysetSource {
  /**
   * The longest session a keyset serves unless set otherwise: 12 hours, the issuers' default
   * absolute timeout. Keyset files written before the setting existed load with it.
   */
  public static final Duration DEFAULT_MAX_SESSION = Duration.ofHours(12);

  /** The largest {@link #maxSession()}: 366 days, the issuers' largest absolute timeout. */
  public static final Duration MAX_MAX_SESSION = Duration.ofDays(366);

  private final List<KeyEntry> entries;
  private final Map<String, KeyEntry> byKid;
  private final Map<KeyPurpose, KeyEntry> active;
  private final Duration maxSession;

  private Keyset(List<KeyEntry> entries, Duration maxSession) {
    if (entries.isEmpty()) {
      throw new IllegalArgumentException("a keyset needs at least one key");
    }
    Map<String, KeyEntry> kids = new java.util.LinkedHashMap<>();
    Map<KeyPurpose, KeyEntry> actives = new EnumMap<>(KeyPurpose.class);
    Set<KeyPurpose> purposes = new HashSet<>();
    for (KeyEntry e : entries) {
      if (kids.putIfAbsent(e.kid(), e) != null) {
        throw new IllegalArgumentException("duplicate kid in keyset: " + e.kid());
      }
      purposes.add(e.purpose());
      if (e.state() == KeyState.ACTIVE && actives.putIfAbsent(e.purpose(), e) != null) {
        throw new IllegalArgumentException(
            "keyset has more than one ACTIVE " + e.purpose().name().toLowerCase() + " key");
      }
    }
    for (KeyPurpose p : purposes) {
      if (!actives.containsKey(p)) {
        throw new IllegalArgumentException(
            "keyset has no ACTIVE " + p.name().toLowerCase() + " key");
      }
    }
    this.entries = List.copyOf(entries);
    this.byKid = Map.copyOf(kids);
    this.active = Map.copyOf(actives);
    this.maxSession = maxSession;
  }

  /**
   * A new keyset for every profile: an active and a next key for signing and for encryption,
   * from a fresh {@link SecureRandom}, stamped with the system clock.
   */
  public static Keyset generate() {
    return generate(Clock.systemUTC());
  }

  /** As {@link #generate()}, with times from {@code clock}. */
  public static Keyset generate(Clock clock) {
    Objects.requireNonNull(clock, "clock");
    SecureRandom random = new SecureRandom();
    Instant now = clock.instant();
    List<KeyEntry> keys = new ArrayList<>();
    for (KeyPurpose p : KeyPurpose.values()) {
      keys.add(KeyEntry.generate(p, KeyState.ACTIVE, now, random));
      keys.add(KeyEntry.generate(p, KeyState.NEXT, now, random));
    }
    return new Keyset(keys, DEFAULT_MAX_SESSION);
  }

  /**
   * A keyset of the given entries, serving sessions of up to {@link #DEFAULT_MAX_SESSION}.
   *
   * @throws IllegalArgumentException if the entries break an invariant (duplicate kid, no or
   *     several active keys for a purpose, no keys at all); the message names the problem
   */
  public static Keyset of(Collection<KeyEntry> entries) {
    Objects.requireNonNull(entries, "entries");
    for (KeyEntry e : entries) {
      Objects.requireNonNull(e, "entry");
    }
    return new Keyset(new ArrayList<>(entries), DEFAULT_MAX_SESSION);
  }

  /**
   * This keyset, serving sessions of up to {@code maxSession}: issuers built over it refuse a
   * longer absolute timeout, and rotation keeps retired keys that long.
   *
   * <p>Lowering it shortens how long keys retired from then on, and keys already retired, are
   * kept: lower it only after every issuer runs with an absolute timeout no longer than the new
   * value, and its longest sessions have ended.
   *
   * @throws IllegalArgumentException unless whole seconds from 1 s to {@link #MAX_MAX_SESSION}
   */
  public Keyset withMaxSession(Duration maxSession) {
    checkMaxSession(maxSession);
    return maxSession.equals(this.maxSession) ? this : new Keyset(entries, maxSession);
  }

  /** The longest session this keyset serves (an issuer's largest absolute timeout over it). */
  public Duration maxSession() {
    return maxSession;
  }

  /** This keyset's settings with other entries (a rotation's result). */
  Keyset withEntries(List<KeyEntry> newEntries) {
    return new Keyset(new ArrayList<>(newEntries), maxSession);
  }

  static Duration checkMaxSession(Duration d) {
    Objects.requireNonNull(d, "maxSession");
    if (d.isNegative() || d.getSeconds() < 1 || d.getNano() != 0 || d.compareTo(MAX_MAX_SESSION) > 0) {
      throw new IllegalArgumentException("maxSession must be whole seconds from 1 s to 366 days, got " + d);
    }
    return d;
  }

  /** Every key, in keyset order. */
  public List<KeyEntry> entries() {
    return entries;
  }

  /** The key with this id, if any. */
  public Optional<KeyEntry> find(String kid) {
    return Optional.ofNullable(kid == null ? null : byKid.get(kid));
  }

  /** The key that mints for this purpose, if the keyset has keys for it. */
  public Optional<KeyEntry> active(KeyPurpose purpose) {
    return Optional.ofNullable(active.get(Objects.requireNonNull(purpose, "purpose")));
  }

  /** Whether the active signing key has its private part, that is, whether this keyset can sign tokens. */
  public boolean canSign() {
    KeyEntry sig = active.get(KeyPurpose.SIGNING);
    return sig != null && sig.hasPrivateKey();
  }

  /**
   * The keyset a gateway needs: every encryption key and the public halves of the signing keys.
   * A verifier built from it verifies (and, for encrypted profiles, reads) tokens; an issuer
   * refuses it for signed profiles.
   */
  public Keyset verifierOnly() {
    List<KeyEntry> stripped = new ArrayList<>(entries.size());
    for (KeyEntry e : entries) {
      stripped.add(e.withoutPrivateKey());
    }
    return new Keyset(stripped, maxSession);
  }

  /** Returns this keyset. */
  @Override
  public Keyset current() {
    return this;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Keyset && ((Keyset) o).entries.equals(entries) && ((Keyset) o).maxSession.equals(maxSession);
  }

  @Override
  public int hashCode() {
    return entries.hashCode() * 31 + maxSession.hashCode();
  }

  /** Key ids, purposes and states; never key bytes. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Keyset[");
    for (int i = 0; i < entries.size(); i++) {
      KeyEntry e = entries.get(i);
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(e.kid()).append(' ').append(e.purpose()).append(' ').append(e.state());
      if (e.purpose() == KeyPurpose.SIGNING && !e.hasPrivateKey()) {
        sb.append(" (public)");
      }
    }
    return sb.append(']').toString();
  }
}
