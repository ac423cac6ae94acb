package dev.signet;

import dev.signet.revocation.RevocationStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The whole life of a session, for login handlers: start, renew, elevate, re-authenticate,
 * end, end all of a subject, and the global cut-off; with events for each step.
 *
 * <pre>{@code
 * RevocationStore store = new InMemoryRevocationList();
 * TokenIssuer issuer = TokenIssuer.builder(keys).issuer(ISS).audience("app")
 *     .idleTimeout(Duration.ofMinutes(30)).absoluteTimeout(Duration.ofHours(12)).build();
 * TokenVerifier verifier = TokenVerifier.builder(keys).issuer(ISS).audience("app").revocations(store).build();
 * SessionManager sessions = SessionManager.builder(issuer, verifier)
 *     .policy(SessionPolicy.ASVS_L2)
 *     .build();
 *
 * SessionGrant login = sessions.start(NewSession.forSubject("alice"));   // after authentication
 * Verification v = sessions.verify(token);                                // on every request
 * sessions.renewIfDue(v.session().orElseThrow());                         // sliding idle timeout
 * sessions.end(session);                                                  // logout
 * }</pre>
 *
 * <p>Immutable and thread-safe. A facade: when a token is renewed is {@code RenewalSchedule}'s
 * decision, what elevation and re-authentication keep is {@code SessionReplacement}'s, and what is
 * written to the revocation store (and asked of it first) is {@code SessionRevocations}'.
 *
 * <p><b>Security:</b>
 * <ul>
 *   <li>Session fixation: {@link #start}, {@link #elevate} and {@link #reauthenticate} always
 *       mint a fresh {@code sid} from a CSPRNG; an id known before login is never reused, and
 *       the previous {@code sid} is revoked on elevation.
 *   <li>Renewal keeps {@code sid}, the session's start time and the hard expiry {@code sxp}:
 *       {@code exp} never passes {@code sxp}, and subject and global cut-offs, which match the
 *       start time, still match every renewed token, whichever verifier renews it and however
 *       late the cut-off reaches it.
 *   <li>Renewal, elevation and re-authentication first ask the revocation list about the
 *       session they are given and refuse a revoked one, or one the list cannot answer for, with
 *       {@link SessionRejectedException}.
 *   <li>Every operation that ends sessions writes to the {@link RevocationStore} the verifier
 *       consults (checked at build) and returns only when the store acknowledged it. Entries
 *       live until the session could no longer be accepted by any verifier, whatever its
 *       leeway: its hard expiry (or the cut-off plus the absolute timeout) plus
 *       {@link TokenVerifier#MAX_LEEWAY}.
 *   <li>Events carry ids and a short token hash, never a token or key material.
 * </ul>
 */
public final class SessionManager {
  private final TokenIssuer issuer;
  private final TokenVerifier verifier;
  private final SessionPolicy policy;
  private final RenewalSchedule renewal;
  private final SessionRevocations revocations;
  private final Duration reauthenticationAge;
  private final boolean fingerprint;
  private final Clock clock;
  private final SessionEventListener listener;
  private final Consumer<SessionEvent> events;

  private SessionManager(Builder b) {
    this.issuer = b.issuer;
    this.verifier = b.verifier;
    this.policy = b.policy;
    this.renewal = new RenewalSchedule(b.issuer.idleTimeout(), b.renewAfter);
    this.reauthenticationAge = b.reauthenticationAge;
    this.fingerprint = b.fingerprint;
    this.clock = b.clock;
    this.listener = b.listener;
    this.events = SessionEvents.emitter(b.listener);
    this.revocations =
        new SessionRevocations(b.verifier.revocations(), b.store, b.issuer.absoluteTimeout(), b.clock, events);
  }

  /**
   * A builder over the login service's issuer and its verifier. Logout and its kin write to the
   * revocation store the verifier consults ({@link TokenVerifier.Builder#revocations}), so what
   * the manager revokes is what the verifier rejects.
   */
  public static Builder builder(TokenIssuer issuer, TokenVerifier verifier) {
    return new Builder(issuer, verifier);
  }

  /** Verifies a token presented without fingerprint or client context; see {@link #verify(String, RequestBinding)}. */
  public Verification verify(String token) {
    return verify(token, RequestBinding.none());
  }

  /**
   * Verifies a token with {@link TokenVerifier#verify(String, RequestBinding)} and emits a
   * {@link SessionEvent.Type#REJECTED} event (with the reason) or, for an accepted token whose
   * client context did not match under the report-only policy, a
   * {@link SessionEvent.Type#CONTEXT_ANOMALY} event.
   */
  public Verification verify(String token, RequestBinding request) {
    Verification v = verifier.verify(token, request);
    SessionEvent e = SessionEvents.of(v, token, clock.instant());
    if (e != null) {
      SessionEvents.log(e);
      // The verifier has already given it to its own listener; never twice to the same one.
      if (listener != verifier.listener()) {
        SessionEvents.notify(listener, e);
      }
    }
    return v;
  }

  /** Starts a session after authentication, without client-context binding; see {@link #start(NewSession, RequestBinding)}. */
  public SessionGrant start(NewSession session) {
    return start(session, RequestBinding.none());
  }

  /**
   * Starts a session after the user authenticated: a new {@code sid} (whatever id the client
   * presented before is never reused), a new {@code jti}, {@code auth_time} now. When the
   * manager binds fingerprints, a fresh fingerprint value is returned for its cookie and its
   * hash is carried in the token; when the verifier binds client context, the request's
   * context hash is carried in the token.
   */
  public SessionGrant start(NewSession session, RequestBinding request) {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(request, "request");
    NewSession s = session;
    if (verifier.contextBinding().isPresent()) {
      s = s.withContextHash(verifier.contextHash(request));
    }
    return issue(s, null, null, SessionEvent.Type.STARTED, null);
  }

  /**
   * Issues the first token of a new session, bound to a fresh fingerprint when the manager binds
   * them, and emits its event.
   */
  private SessionGrant issue(NewSession s, Instant hardExpiryCap, Instant startedAt, SessionEvent.Type type,
      String previousSid) {
    NewSession next = s;
    String fgp = null;
    if (fingerprint) {
      fgp = Fingerprint.newValue();
      next = next.withFingerprintHash(Fingerprint.hash(fgp));
    }
    IssuedToken t = issuer.start(next, hardExpiryCap, startedAt);
    events.accept(SessionEvents.of(type, t, previousSid, clock.instant()));
    return new SessionGrant(t, fgp);
  }

  /** Whether a session's token has used {@code renewAfter} of its idle window and can still be extended. */
  public boolean isRenewalDue(Session session) {
    Objects.requireNonNull(session, "session");
    return renewal.isDue(session, clock.instant());
  }

  /**
   * Renews the session's token if {@link #isRenewalDue due}; empty otherwise.
   *
   * @throws SessionRejectedException if renewal is due and the revocation list says the session
   *     is revoked or cannot answer
   */
  public Optional<IssuedToken> renewIfDue(Session session) {
    return renewIfDue(session, UnaryOperator.identity());
  }

  /**
   * Renews the session's token if {@link #isRenewalDue due}, refreshing roles and attributes
   * through {@code refresh} (which gets the current data and returns what the new token should
   * carry); empty when not due.
   *
   * @throws SessionRejectedException if renewal is due and the revocation list says the session
   *     is revoked or cannot answer
   */
  public Optional<IssuedToken> renewIfDue(Session session, UnaryOperator<NewSession> refresh) {
    return isRenewalDue(session) ? Optional.of(renew(session, refresh)) : Optional.empty();
  }

  /**
   * Renews now: same {@code sid}, subject, {@code auth_time}, start time and hard expiry; new
   * {@code jti}; {@code exp = min(now + idleTimeout, sxp)}. The revocation list the verifier
   * consults is asked first: a session it holds as revoked (its {@code sid}, its token, its
   * subject's or the global cut-off) or cannot answer for (past the Redis staleness bound, an
   * unreadable file) is refused, whatever the verifier's fail-open setting, because renewing
   * blind would extend a session that may have ended. A verifier whose list has not yet seen a
   * cut-off may still renew; the renewed token keeps the session's start time, so the cut-off
   * rejects it as soon as it arrives.
   *
   * @throws SessionRejectedException if the list says the session is revoked or cannot answer
   * @throws IllegalStateException if the session has reached its hard expiry
   */
  public IssuedToken renew(Session session, UnaryOperator<NewSession> refresh) {
    Objects.requireNonNull(session, "session");
    revocations.requireUsable(session, "renewal");
    IssuedToken t = issuer.renew(session, refresh);
    events.accept(SessionEvents.of(SessionEvent.Type.RENEWED, t, null, clock.instant()));
    return t;
  }

  /**
   * A privilege change without re-authentication: revokes the current {@code sid}, then starts
   * a new session (new {@code sid}) with the data {@code change} returns. {@code auth_time}, the
   * session's start time and the hard expiry stay those of the current session: the user has
   * not authenticated again, so every cut-off that matched the current session matches the new
   * one. A fingerprint binding ({@code fgp}) is kept, or replaced by a fresh one when the manager
   * was built with {@link Builder#fingerprint()}.
   *
   * @throws SessionRejectedException if the revocation list says the current session is revoked
   *     or cannot answer; nothing is revoked or started then
   * @throws IOException if the revocation store did not acknowledge the revocation; no new
   *     session is started then
   * @throws IllegalArgumentException if {@code change} alters the subject
   */
  public SessionGrant elevate(Session current, UnaryOperator<NewSession> change) throws IOException {
    return replace(current, change, SessionReplacement.ELEVATION);
  }

  /**
   * A re-authentication (the user proved who they are again, for example before a sensitive
   * action): revokes the current {@code sid}, then starts a new session with {@code auth_time}
   * and start time now and a new hard expiry, keeping the subject. A fingerprint binding
   * ({@code fgp}) is kept, or replaced by a fresh one when the manager was built with
   * {@link Builder#fingerprint()}.
   *
   * @throws SessionRejectedException if the revocation list says the current session is revoked
   *     or cannot answer; nothing is revoked or started then
   * @throws IOException if the revocation store did not acknowledge the revocation; no new
   *     session is started then
   * @throws IllegalArgumentException if {@code change} alters the subject
   */
  public SessionGrant reauthenticate(Session current, UnaryOperator<NewSession> change) throws IOException {
    return replace(current, change, SessionReplacement.REAUTHENTICATION);
  }

  private SessionGrant replace(Session current, UnaryOperator<NewSession> change, SessionReplacement how)
      throws IOException {
    Objects.requireNonNull(current, "current");
    Objects.requireNonNull(change, "change");
    NewSession data = SessionReplacement.changed(current, change);
    revocations.requireUsable(current, how.operation);
    revocations.revokeSession(current);
    // The fingerprint binding the data carries (the current session's, or one the change set)
    // is kept unless the manager issues fingerprints itself: dropping it would unbind a session
    // the application bound by hand.
    return issue(how.next(current, data), how.hardExpiryCap(current), how.startedAt(current), how.eventType,
        current.sessionId());
  }

  /**
   * Whether the user authenticated within {@code maxAge}: true when
   * {@code now - auth_time <= maxAge}. When false, the caller asks for re-authentication (and a
   * {@link SessionEvent.Type#REAUTHENTICATION_REQUIRED} event is emitted).
   */
  public boolean requireRecentAuth(Session session, Duration maxAge) {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(maxAge, "maxAge");
    if (maxAge.isNegative()) {
      throw new IllegalArgumentException("maxAge must not be negative");
    }
    Instant now = clock.instant();
    boolean recent = !now.isAfter(session.authTime().plus(maxAge));
    if (!recent) {
      events.accept(SessionEvents.of(SessionEvent.Type.REAUTHENTICATION_REQUIRED, session, now));
    }
    return recent;
  }

  /**
   * {@link #requireRecentAuth(Session, Duration)} with the manager's re-authentication age
   * (the policy's, unless set on the builder; 15 minutes without a policy).
   */
  public boolean requireRecentAuth(Session session) {
    return requireRecentAuth(session, reauthenticationAge);
  }

  /**
   * Ends a session (logout): revokes its {@code sid} until its hard expiry plus
   * {@link TokenVerifier#MAX_LEEWAY} (the largest leeway any verifier may allow), so every token
   * of the session, renewals included, is rejected wherever the revocation store is consulted,
   * by every verifier, for as long as any could still accept it. Clear the cookie as well.
   *
   * @throws IOException if the revocation store did not acknowledge the revocation
   */
  public void end(Session session) throws IOException {
    Objects.requireNonNull(session, "session");
    revocations.end(session);
  }

  /**
   * Ends every session of a subject started up to now ("log out everywhere", password change):
   * a subject cut-off on the session start time, exact to the millisecond. Renewals keep the
   * start time, so no renewal, even one made by a verifier the cut-off has not reached yet,
   * carries such a session past it. Sessions started after this call are not affected. The
   * entry lives for the absolute timeout plus {@link TokenVerifier#MAX_LEEWAY}.
   *
   * @throws IOException if the revocation store did not acknowledge the revocation
   */
  public void endAll(String subject) throws IOException {
    Claims.requireId("subject", subject);
    revocations.endAll(subject);
  }

  /**
   * Emergency: ends every session of every subject started up to now (for example after a key
   * compromise, together with a key rotation). Matches the session start time, as
   * {@link #endAll(String)} does.
   *
   * @throws IOException if the revocation store did not acknowledge the revocation
   */
  public void globalCutOff() throws IOException {
    revocations.globalCutOff();
  }

  /** The verifier this manager verifies with, and whose revocation store it writes to. */
  public TokenVerifier verifier() {
    return verifier;
  }

  /** The largest token the manager mints, in characters (its issuer's size limit). */
  public int maxTokenSize() {
    return issuer.maxTokenSize();
  }

  /** The issuer of the sessions it starts (its {@link TokenIssuer}'s {@code issuer}). */
  public String issuer() {
    return issuer.issuer();
  }

  /** The policy the configuration was checked against, if any. */
  public Optional<SessionPolicy> policy() {
    return Optional.ofNullable(policy);
  }

  /** Configures a {@link SessionManager}; each setter validates its argument at once. */
  public static final class Builder {
    private final TokenIssuer issuer;
    private final TokenVerifier verifier;
    private final RevocationStore store;
    private SessionPolicy policy;
    private double renewAfter = 0.5;
    private Duration reauthenticationAge;
    private boolean fingerprint;
    private Clock clock;
    private SessionEventListener listener = SessionEventListener.NONE;

    private Builder(TokenIssuer issuer, TokenVerifier verifier) {
      this.issuer = Objects.requireNonNull(issuer, "issuer");
      this.verifier = Objects.requireNonNull(verifier, "verifier");
      this.store = verifier.revocations() instanceof RevocationStore ? (RevocationStore) verifier.revocations() : null;
    }

    /**
     * The policy the configuration must stay within; checked by {@link #build()} with the
     * verifier's leeway counted: under {@link SessionPolicy#ASVS_L3} (15 minutes idle) and a
     * 60-second leeway the idle timeout can be at most 14 minutes. None by default.
     */
    public Builder policy(SessionPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * The part of the idle window after which a token is renewed: at {@code 0.5} (the default)
     * a token with a 30-minute idle timeout is renewed by the first request 15 minutes or more
     * after it was issued. Greater than 0 and at most 1.
     */
    public Builder renewAfter(double fraction) {
      if (!(fraction > 0 && fraction <= 1)) {
        throw new IllegalArgumentException("renewAfter must be greater than 0 and at most 1");
      }
      this.renewAfter = fraction;
      return this;
    }

    /** The default age for {@link SessionManager#requireRecentAuth(Session)}; the policy's, or 15 minutes. */
    public Builder reauthenticationAge(Duration age) {
      Objects.requireNonNull(age, "age");
      if (age.isNegative() || age.isZero()) {
        throw new IllegalArgumentException("reauthenticationAge must be positive");
      }
      this.reauthenticationAge = age;
      return this;
    }

    /**
     * Binds every session to a fingerprint cookie (OWASP JWT cheat sheet, token sidejacking):
     * {@link SessionManager#start} returns a fresh random value for the cookie and puts its
     * SHA-256 in the token; verification then needs the cookie.
     */
    public Builder fingerprint() {
      this.fingerprint = true;
      return this;
    }

    /** Receives every event besides the SLF4J log; default {@link SessionEventListener#NONE}. */
    public Builder listener(SessionEventListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** The clock for events, renewal and re-authentication decisions; default the issuer's clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Builds the manager.
     *
     * @throws IllegalStateException if the verifier does not consult {@code store}, if the
     *     issuer and verifier disagree on the issuer, or if the configuration is looser than
     *     the policy (the message names the rule); the policy's idle and absolute limits are
     *     checked against the timeouts plus the verifier's leeway, since a token is accepted
     *     until {@code exp} (or {@code sxp}) plus the leeway
     */
    public SessionManager build() {
      if (store == null) {
        throw new IllegalStateException(
            "the verifier has no revocation store to write to: build it with .revocations(store) over a"
                + " RevocationStore (InMemoryRevocationList, FileRevocationList, RedisRevocationList),"
                + " or logout would not reject anything");
      }
      if (!issuer.issuer().equals(verifier.issuer())) {
        throw new IllegalStateException("the issuer mints iss=" + issuer.issuer() + " but the verifier accepts only iss="
            + verifier.issuer() + ": the manager could not verify its own sessions");
      }
      if (clock == null) {
        clock = issuer.clock();
      }
      if (reauthenticationAge == null) {
        reauthenticationAge = policy == null ? Duration.ofMinutes(15) : policy.maxReauthenticationAge();
      }
      if (policy != null) {
        policy.requireTimeouts(issuer.idleTimeout(), issuer.absoluteTimeout(), reauthenticationAge, verifier.leeway());
      }
      return new SessionManager(this);
    }
  }
}
