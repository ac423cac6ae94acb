package dev.signet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.keys.Keyset;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The README's Java quick start, kept compiling and passing. */
class ReadmeExampleTest {
  record Profile(String displayName) {}

  @Test
  void quickStart_issuesAndVerifiesASession() {
    // --- README quick start begins ---
    Keyset keys = Keyset.generate();                      // or load a keyset file (see "Keys")

    TokenIssuer issuer = TokenIssuer.builder(keys)        // in the login handler
        .issuer("https://login.example.com")
        .audience("api")
        .idleTimeout(Duration.ofMinutes(30))
        .absoluteTimeout(Duration.ofHours(12))
        .build();
    IssuedToken issued = issuer.start(
        NewSession.forSubject("alice").withRoles("user").withAttributes(new Profile("Alice")));
    String token = issued.token();                        // put it in a cookie

    TokenVerifier verifier = TokenVerifier.builder(keys.verifierOnly())  // in the gateway
        .issuer("https://login.example.com")
        .audience("api")
        .build();
    Verification v = verifier.verify(token);
    if (v.isAccepted()) {
      Session s = v.session().orElseThrow();
      Profile p = s.attributes(Profile.class);
      // ... serve the request as s.subject()
      assertEquals("Alice", p.displayName());
    } else {
      // v.rejection() says why; log it, answer 401 (503 if v.rejection().get().isTransient())
    }
    // --- README quick start ends ---
    assertTrue(v.isAccepted());
  }

  @Test
  void quickStart_verifierKeysetCannotMint() {
    Keyset keys = Keyset.generate();
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> TokenIssuer.builder(keys.verifierOnly()).issuer("i").audience("a").build());
    assertTrue(e.getMessage().contains("no private signing key"), e.getMessage());
  }
}
