package dev.signet;

import java.util.Objects;

/**
 * A freshly minted token together with the session it carries.
 *
 * <p><b>Security:</b> {@link #toString()} never shows the token.
 */
public final class IssuedToken {
  private final String token;
  private final Session session;

  IssuedToken(String token, Session session) {
    this.token = Objects.requireNonNull(token, "token");
    this.session = Objects.requireNonNull(session, "session");
  }

  /** The compact token, to put in a cookie or an {@code Authorization: Bearer} header. */
  public String token() {
    return token;
  }

  /** The session the token carries. */
  public Session session() {
    return session;
  }

  /** The session's ids and times, and a redaction marker in place of the token. */
  @Override
  public String toString() {
    return "IssuedToken{token=<redacted " + token.length() + " chars>, session=" + session + "}";
  }
}
