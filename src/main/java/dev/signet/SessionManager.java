package dev.signet;

import dev.signet.revocation.Revocation;
import dev.signet.revocation.RevocationStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole life of a session, for login handlers: start, renew, elevate, re-authenticate,
 * end, end all of a subject, and the global cut-off; with events for each step.
 *
 * <pre>{@code
 * RevocationStore store = new InMemoryRevocationList();
 * TokenIssuer issuer = TokenIssuer.builder(keys).issuer(ISS).audience("app")
 *     .idleTimeout(Duration.ofMinutes(30)).absoluteTimeout(Duration.ofHours(12)).build();
 * TokenVerifier verifier = TokenVerifier.builder(keys).issuer(ISS).audience("app").revocations(store).build();
 * SessionManager sessions = SessionManager.builder(issuer, verifier, store)
 *     .policy(SessionPolicy.ASVS_L2)
 *     .build();
 *
 * SessionGrant login = sessions.start(NewSession.forSubject("alice"));   // after authentication
 * Verification v = sessions.verify(token);                                // on every request
 * sessions.renewIfDue(v.session().orElseThrow());                         // sliding idle timeout
 * sessions.end(session);                                                  // logout
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * <p><b>Security:</b>
 * <ul>
 *   <li>Session fixation: {@link #start}, {@link #elevate} and {@link #reauthenticate} always
 *       mint a fresh {@code sid} from a CSPRNG; an id known before login is never reused, and
 *       the previous {@code sid} is revoked on elevation.
 *   <li>Renewal keeps {@code sid} and the hard expiry {@code sxp}: {@code exp} never passes it.
 *   <li>Every operation that ends sessions writes to the {@link RevocationStore} the verifier
 *       consults (checked at build) and returns only when the store acknowledged it.
 *   <li>Events carry ids and a short token hash, never a token or key material.
 * </ul>
 */
public final class SessionManager {
  static final String EVENT_LOGGER = "dev.signet.events";
  private static final Logger EVENTS = LoggerFactory.getLogger(EVENT_LOGGER);

  private final TokenIssuer issuer;
  private final TokenVerifier verifier;
  private final RevocationStore store;
  private final SessionPolicy policy;
  private final double renewAfter;
  private final Duration reauthenticationAge;
  private final boolean fingerprint;
  private final Clock clock;
  private final SessionEventListener listener;

  private SessionManager(Builder b) {
    this.issuer = b.issuer;
    this.verifier = b.verifier;
    this.store = b.store;
    this.policy = b.policy;
    this.renewAfter = b.renewAfter;
    this.reauthenticationAge = b.reauthenticationAge;
    this.fingerprint = b.fingerprint;
    this.clock = b.clock;
    this.listener = b.listener;
  }

  /**
   * A builder over the login service's issuer, its verifier, and the revocation store that
   * verifier consults.
   */
  public static Builder builder(TokenIssuer issuer, TokenVerifier verifier, RevocationStore store) {
    return new Builder(issuer, verifier, store);
  }

  // ---------------------------------------------------------------------------------- verify

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
    if (!v.isAccepted()) {
      emit(new SessionEvent(SessionEvent.Type.REJECTED, clock.instant(), null, null, null,
          tokenHash(token), v.rejection().orElseThrow(), null));
    } else if (v.anomaly().isPresent()) {
      Session s = v.session().orElseThrow();
      emit(new SessionEvent(SessionEvent.Type.CONTEXT_ANOMALY, clock.instant(), s.subject(), s.sessionId(),
          s.tokenId(), tokenHash(token), v.anomaly().get(), null));
    }
    return v;
  }

  // ----------------------------------------------------------------------------------- start

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
    Optional<ContextBinding> ctx = verifier.contextBinding();
    if (ctx.isPresent()) {
      s = s.withContextHash(ctx.get().hash(request));
    }
    String fgp = null;
    if (fingerprint) {
      fgp = Fingerprint.newValue();
      s = s.withFingerprintHash(Fingerprint.hash(fgp));
    }
    IssuedToken t = issuer.start(s);
    emit(event(SessionEvent.Type.STARTED, t, null));
    return new SessionGrant(t, fgp);
  }

  // ----------------------------------------------------------------------------------- renew

  /** Whether a session's token has used {@code renewAfter} of its idle window and can still be extended. */
  public boolean isRenewalDue(Session session) {
    Objects.requireNonNull(session, "session");
    Instant now = clock.instant();
    if (!session.expiresAt().isBefore(session.hardExpiresAt()) || !now.isBefore(session.hardExpiresAt())) {
      return false;
    }
    long idleMs = issuer.idleTimeout().toMillis();
    Instant due = session.issuedAt().plusMillis((long) Math.ceil(idleMs * renewAfter));
    return !now.isBefore(due);
  }

  /** Renews the session's token if {@link #isRenewalDue due}; empty otherwise. */
  public Optional<IssuedToken> renewIfDue(Session session) {
    return renewIfDue(session, UnaryOperator.identity());
  }

  /**
   * Renews the session's token if {@link #isRenewalDue due}, refreshing roles and attributes
   * through {@code refresh} (which gets the current data and returns what the new token should
   * carry); empty when not due.
   */
  public Optional<IssuedToken> renewIfDue(Session session, UnaryOperator<NewSession> refresh) {
    return isRenewalDue(session) ? Optional.of(renew(session, refresh)) : Optional.empty();
  }

  /**
   * Renews now: same {@code sid}, subject, {@code auth_time} and hard expiry; new {@code jti};
   * {@code exp = min(now + idleTimeout, sxp)}.
   *
   * @throws IllegalStateException if the session has reached its hard expiry
   */
  public IssuedToken renew(Session session, UnaryOperator<NewSession> refresh) {
    IssuedToken t = issuer.renew(session, refresh);
    emit(event(SessionEvent.Type.RENEWED, t, null));
    return t;
  }

  // ---------------------------------------------------------------------- elevate / re-auth

  /**
   * A privilege change without re-authentication: revokes the current {@code sid}, then starts
   * a new session (new {@code sid}) with the data {@code change} returns. {@code auth_time} and
   * the hard expiry stay those of the current session.
   *
   * @throws IOException if the revocation store did not acknowledge the revocation; no new
   *     session is started then
   * @throws IllegalArgumentException if {@code change} alters the subject
   */
  public SessionGrant elevate(Session current, UnaryOperator<NewSession> change) throws IOException {
    return replace(current, change, false);
  }

  /**
   * A re-authentication (the user proved who they are again, for example before a sensitive
   * action): revokes the current {@code sid}, then starts a new session with {@code auth_time}
   * now and a new hard expiry, keeping the subject.
   *
   * @throws IOException if the revocation store did not acknowledge the revocation; no new
   *     session is started then
   * @throws IllegalArgumentException if {@code change} alters the subject
   */
  public SessionGrant reauthenticate(Session current, UnaryOperator<NewSession> change) throws IOException {
    return replace(current, change, true);
  }

  private SessionGrant replace(Session current, UnaryOperator<NewSession> change, boolean reauthenticated)
      throws IOException {
    Objects.requireNonNull(current, "current");
    Objects.requireNonNull(change, "change");
    NewSession data = Objects.requireNonNull(change.apply(NewSession.of(current)), "change result");
    if (!data.subject().equals(current.subject())) {
      throw new IllegalArgumentException("elevation cannot change the subject; start a new session instead");
    }
    store.revoke(Revocation.session(current.sessionId(), current.hardExpiresAt().plus(verifier.leeway())));
    NewSession next = data.withoutFingerprintHash();
    Instant cap = null;
    if (reauthenticated) {
      next = next.withoutAuthTime();
    } else {
      next = next.withAuthTime(current.authTime());
      cap = current.hardExpiresAt();
    }
    String fgp = null;
    if (fingerprint) {
      fgp = Fingerprint.newValue();
      next = next.withFingerprintHash(Fingerprint.hash(fgp));
    }
    IssuedToken t = issuer.start(next, cap);
    emit(event(reauthenticated ? SessionEvent.Type.REAUTHENTICATED : SessionEvent.Type.ELEVATED, t,
        current.sessionId()));
    return new SessionGrant(t, fgp);
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
      emit(new SessionEvent(SessionEvent.Type.REAUTHENTICATION_REQUIRED, now, session.subject(),
          session.sessionId(), session.tokenId(), null, null, null));
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

  // -------------------------------------------------------------------------------------- end

  /**
   * Ends a session (logout): revokes its {@code sid} until its hard expiry plus the verifier's
   * leeway, so every token of the session, renewals included, is rejected wherever the
   * revocation store is consulted. Clear the cookie as well.
   *
   * @throws IOException if the revocation store did not acknowledge the revocation
   */
  public void end(Session session) throws IOException {
    Objects.requireNonNull(session, "session");
    store.revoke(Revocation.session(session.sessionId(), session.hardExpiresAt().plus(verifier.leeway())));
    emit(new SessionEvent(SessionEvent.Type.ENDED, clock.instant(), session.subject(), session.sessionId(),
        session.tokenId(), null, null, null));
  }

  /**
   * Ends every session of a subject issued up to now ("log out everywhere", password change):
   * a subject cut-off, exact to the millisecond. Sessions started after this call are not
   * affected.
   *
   * @throws IOException if the revocation store did not acknowledge the revocation
   */
  public void endAll(String subject) throws IOException {
    Claims.requireId("subject", subject);
    Instant now = clock.instant();
    store.revoke(Revocation.subject(subject, now, cutOffExpiry(now)));
    emit(new SessionEvent(SessionEvent.Type.ENDED_ALL, now, subject, null, null, null, null, null));
  }

  /**
   * Emergency: ends every session of every subject issued up to now (for example after a key
   * compromise, together with a key rotation).
   *
   * @throws IOException if the revocation store did not acknowledge the revocation
   */
  public void globalCutOff() throws IOException {
    Instant now = clock.instant();
    store.revoke(Revocation.global(now, cutOffExpiry(now)));
    emit(new SessionEvent(SessionEvent.Type.GLOBAL_CUTOFF, now, null, null, null, null, null, null));
  }

  /** No token issued at or before {@code now} is valid after its hard expiry plus leeway. */
  private Instant cutOffExpiry(Instant now) {
    return now.plus(issuer.absoluteTimeout()).plus(verifier.leeway()).plusSeconds(1);
  }

  /** The issuer of the sessions it starts (its {@link TokenIssuer}'s {@code issuer}). */
  public String issuer() {
    return issuer.issuer();
  }

  /** The policy the configuration was checked against, if any. */
  public Optional<SessionPolicy> policy() {
    return Optional.ofNullable(policy);
  }

  // ----------------------------------------------------------------------------------- events

  private SessionEvent event(SessionEvent.Type type, IssuedToken t, String previousSid) {
    Session s = t.session();
    return new SessionEvent(type, clock.instant(), s.subject(), s.sessionId(), s.tokenId(), tokenHash(t.token()),
        null, previousSid);
  }

  private void emit(SessionEvent e) {
    if (e.type() == SessionEvent.Type.CONTEXT_ANOMALY) {
      EVENTS.warn("{}", e);
    } else {
      EVENTS.info("{}", e);
    }
    try {
      listener.onEvent(e);
    } catch (RuntimeException ex) {
      EVENTS.warn("session event listener failed on {} ({})", e.type(), ex.getClass().getName());
    }
  }

  /** The first 12 hex digits of the token's SHA-256; null for a null token. */
  static String tokenHash(String token) {
    if (token == null) {
      return null;
    }
    byte[] h = Fingerprint.sha256(token.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(h, 0, 6);
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

    private Builder(TokenIssuer issuer, TokenVerifier verifier, RevocationStore store) {
      this.issuer = Objects.requireNonNull(issuer, "issuer");
      this.verifier = Objects.requireNonNull(verifier, "verifier");
      this.store = Objects.requireNonNull(store, "store");
    }

    /** The policy the configuration must stay within; checked by {@link #build()}. None by default. */
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
     *     the policy (the message names the rule)
     */
    public SessionManager build() {
      if (verifier.revocations() != store) {
        throw new IllegalStateException(
            "the verifier does not consult this revocation store: build it with .revocations(store), "
                + "or logout would not reject anything");
      }
      if (clock == null) {
        clock = issuer.clock();
      }
      if (reauthenticationAge == null) {
        reauthenticationAge = policy == null ? Duration.ofMinutes(15) : policy.maxReauthenticationAge();
      }
      if (policy != null) {
        policy.requireTimeouts(issuer.idleTimeout(), issuer.absoluteTimeout(), reauthenticationAge);
      }
      return new SessionManager(this);
    }
  }
}
