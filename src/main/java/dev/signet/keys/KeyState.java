package dev.signet.keys;

/**
 * Where a key is in its life: {@code NEXT} → {@code ACTIVE} → {@code RETIRED} → removed.
 *
 * <p>Every state verifies; only {@code ACTIVE} mints. A key is published as {@code NEXT} one
 * rotation before it mints so that every verifier has loaded it before the first token made
 * with it arrives.
 */
public enum KeyState {
  /** Published so verifiers learn it; verifies, does not mint yet. */
  NEXT,
  /** Mints new tokens (one per purpose) and verifies. */
  ACTIVE,
  /** Verifies only, until every token it could have minted is past its hard expiry plus leeway. */
  RETIRED
}
