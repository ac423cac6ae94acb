package dev.signet;

import java.time.Instant;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The two ways {@link SessionManager} replaces a session by one with a new {@code sid}, and what
 * each keeps of the current session. The subject never changes: a new subject is a new login.
 */
enum SessionReplacement {
  /**
   * A privilege change without re-authentication: {@code auth_time}, the session's start time
   * and its hard expiry stay the current session's, so every cut-off that matched the current
   * session matches the new one.
   */
  ELEVATION("elevation", SessionEvent.Type.ELEVATED) {
    @Override
    NewSession next(Session current, NewSession data) {
      return data.withAuthTime(current.authTime());
    }

    @Override
    Instant hardExpiryCap(Session current) {
      return current.hardExpiresAt();
    }

    @Override
    Instant startedAt(Session current) {
      return current.startedAt();
    }
  },

  /**
   * The user authenticated again: {@code auth_time} and the start time are now, and the hard
   * expiry is a new one.
   */
  REAUTHENTICATION("re-authentication", SessionEvent.Type.REAUTHENTICATED) {
    @Override
    NewSession next(Session current, NewSession data) {
      return data.withoutAuthTime();
    }

    @Override
    Instant hardExpiryCap(Session current) {
      return null;
    }

    @Override
    Instant startedAt(Session current) {
      return null;
    }
  };

  /** The operation's name in a refusal message. */
  final String operation;
  /** The event emitted for the new session. */
  final SessionEvent.Type eventType;

  SessionReplacement(String operation, SessionEvent.Type eventType) {
    this.operation = operation;
    this.eventType = eventType;
  }

  /**
   * What {@code change} makes of the current session's data.
   *
   * @throws IllegalArgumentException if it alters the subject
   */
  static NewSession changed(Session current, UnaryOperator<NewSession> change) {
    NewSession data = Objects.requireNonNull(change.apply(NewSession.of(current)), "change result");
    if (!data.subject().equals(current.subject())) {
      throw new IllegalArgumentException("elevation cannot change the subject; start a new session instead");
    }
    return data;
  }

  /** The data of the new session, from the changed data. */
  abstract NewSession next(Session current, NewSession data);

  /** The hard expiry the new session may not pass; {@code null} for a new one. */
  abstract Instant hardExpiryCap(Session current);

  /** The new session's start time; {@code null} for now. */
  abstract Instant startedAt(Session current);
}
