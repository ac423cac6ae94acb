package dev.signet.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.IssuedToken;
import dev.signet.NewSession;
import dev.signet.Rejection;
import dev.signet.Session;
import dev.signet.SessionManager;
import dev.signet.TokenVerifier;
import dev.signet.Verification;
import java.io.IOException;
import java.time.Duration;

/**
 * The scenario of a cut-off that reaches a gateway late, shared by the store tests: a login
 * service and a gateway, each with its own instance of the store, on one keyset and clock.
 */
final class CutOffRenewal {
  /** Which cut-off the login service makes. */
  enum Kind {
    SUBJECT,
    GLOBAL;

    void apply(SessionManager login) throws IOException {
      if (this == SUBJECT) {
        login.endAll("alice");
      } else {
        login.globalCutOff();
      }
    }
  }

  /** Makes the gateway's instance see what the login service wrote. */
  @FunctionalInterface
  interface Propagation {
    void run() throws Exception;
  }

  final Tokens tokens;
  final TokenVerifier loginVerifier;
  final SessionManager login;
  final TokenVerifier gatewayVerifier;
  final SessionManager gateway;

  CutOffRenewal(Tokens tokens, RevocationStore loginStore, RevocationStore gatewayStore) {
    this.tokens = tokens;
    this.loginVerifier = tokens.verifier(loginStore);
    this.login = SessionManager.builder(tokens.issuer, loginVerifier).build();
    this.gatewayVerifier = tokens.verifier(gatewayStore);
    this.gateway = SessionManager.builder(tokens.issuer, gatewayVerifier).build();
  }

  private static Session accepted(TokenVerifier v, String token) {
    Verification r = v.verify(token);
    assertTrue(r.isAccepted(), () -> "expected accepted, got " + r);
    return r.session().orElseThrow();
  }

  /**
   * start → verify → cut-off at the login service → renewal at the gateway, which has not seen
   * the cut-off → propagation → the renewed token is rejected, by the gateway and the login
   * service.
   */
  void run(Kind kind, Propagation propagate) throws Exception {
    String token = login.start(NewSession.forSubject("alice")).token().token();
    tokens.clock.advance(Duration.ofMinutes(20));
    accepted(gatewayVerifier, token);

    kind.apply(login);
    tokens.clock.advance(Duration.ofSeconds(1));
    Session notYetCutOff = accepted(gatewayVerifier, token);
    IssuedToken renewed = gateway.renewIfDue(notYetCutOff).orElseThrow();
    assertTrue(renewed.session().issuedAt().isAfter(notYetCutOff.startedAt().plus(Duration.ofMinutes(20))),
        "renewed after the cut-off");

    propagate.run();

    assertEquals(Rejection.REVOKED, gatewayVerifier.verify(renewed.token()).rejection().orElse(null));
    assertEquals(Rejection.REVOKED, loginVerifier.verify(renewed.token()).rejection().orElse(null));
  }
}
