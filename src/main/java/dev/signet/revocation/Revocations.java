package dev.signet.revocation;

import java.time.Instant;

/** Merge rules shared by the stores: a later expiry and a wider cut-off always win. */
final class Revocations {
  private Revocations() {}

  static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  /** The entry that revokes at least everything either revokes (same kind and id). */
  static Revocation wider(Revocation a, Revocation b) {
    switch (a.kind()) {
      case TOKEN:
        return a.expiresAt().isBefore(b.expiresAt()) ? b : a;
      case SESSION:
        return a.expiresAt().isBefore(b.expiresAt()) ? b : a;
      default:
        return widerCutoff(a, b);
    }
  }

  /** The entry that revokes at least everything either revokes, until the later of both expiries. */
  static Revocation widerCutoff(Revocation a, Revocation b) {
    Instant before = later(a.before().orElseThrow(), b.before().orElseThrow());
    Instant expires = later(a.expiresAt(), b.expiresAt());
    return a.kind() == Revocation.Kind.GLOBAL
        ? Revocation.global(before, expires)
        : Revocation.subject(a.id().orElseThrow(), before, expires);
  }
}
