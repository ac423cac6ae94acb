package dev.signet;

import dev.signet.keys.Keyset;
import dev.signet.revocation.InMemoryRevocationList;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** A login service and gateway sharing one keyset, revocation store and stepping clock. */
public final class Lifecycle {
  public static final String ISS = "https://login.test";
  public static final Instant T0 = Instant.parse("2026-11-22T08:00:00Z");
  // Serves the longest sessions an issuer may have, so policy tests up to 30 days build.
  private static final Keyset SHARED_KEYS = Keyset.generate().withMaxSession(Keyset.MAX_MAX_SESSION);

  public final MutableClock clock = new MutableClock(T0);
  public final Keyset keys = SHARED_KEYS;
  public final InMemoryRevocationList store = new InMemoryRevocationList(clock);
  public final List<SessionEvent> events = new ArrayList<>();
  public TokenIssuer issuer;
  public TokenVerifier verifier;
  public SessionManager sessions;

  public Lifecycle() {
    this(b -> {}, v -> {}, m -> {});
  }

  public Lifecycle(
      Consumer<TokenIssuer.Builder> issuerConfig,
      Consumer<TokenVerifier.Builder> verifierConfig,
      Consumer<SessionManager.Builder> managerConfig) {
    TokenIssuer.Builder ib = TokenIssuer.builder(keys).issuer(ISS).audience("app").clock(clock)
        .idleTimeout(Duration.ofMinutes(30)).absoluteTimeout(Duration.ofHours(12));
    issuerConfig.accept(ib);
    issuer = ib.build();
    TokenVerifier.Builder vb = TokenVerifier.builder(keys.verifierOnly()).issuer(ISS).audience("app").clock(clock)
        .leeway(Duration.ZERO).revocations(store);
    verifierConfig.accept(vb);
    verifier = vb.build();
    SessionManager.Builder mb = SessionManager.builder(issuer, verifier).listener(events::add);
    managerConfig.accept(mb);
    sessions = mb.build();
  }

  /** A second verifier (another gateway) consulting the same store. */
  public TokenVerifier otherGateway() {
    return TokenVerifier.builder(keys.verifierOnly()).issuer(ISS).audience("app").clock(clock)
        .leeway(Duration.ZERO).revocations(store).build();
  }

  public Session verified(String token) {
    Verification v = sessions.verify(token);
    if (!v.isAccepted()) {
      throw new AssertionError("expected accepted, got " + v);
    }
    return v.session().orElseThrow();
  }
}
