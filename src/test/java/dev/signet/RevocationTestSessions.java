package dev.signet;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Sessions with chosen ids, for revocation tests that need no token. */
public final class RevocationTestSessions {
  private RevocationTestSessions() {}

  /** A session of subject "s", session "sid-" + jti, issued now. */
  public static Session withTokenId(String jti) {
    return of("s", "sid-" + jti, jti, Instant.now());
  }

  /** A session with the given ids and issue time (also its start time), valid for an hour. */
  public static Session of(String subject, String sid, String jti, Instant issuedAt) {
    return of(subject, sid, jti, issuedAt, issuedAt);
  }

  /** A session with the given ids, start time and issue time, valid for an hour after its issue. */
  public static Session of(String subject, String sid, String jti, Instant startedAt, Instant issuedAt) {
    Instant exp = issuedAt.plusSeconds(3600);
    return new Session("https://login.test", List.of("api"), subject, sid, jti, issuedAt, startedAt, exp, exp,
        startedAt, Set.of(), null, null, null);
  }
}
