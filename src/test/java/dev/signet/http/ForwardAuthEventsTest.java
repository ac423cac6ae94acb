package dev.signet.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.NewSession;
import dev.signet.Rejection;
import dev.signet.SessionEvent;
import dev.signet.TokenIssuer;
import dev.signet.TokenVerifier;
import dev.signet.keys.Keyset;
import dev.signet.revocation.InMemoryRevocationList;
import dev.signet.revocation.Revocation;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Forward-auth rejections reach the verifier's {@link dev.signet.SessionEventListener}. */
class ForwardAuthEventsTest {
  private static final Keyset KEYS = Keyset.generate();
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @Test
  void revokedToken_atTheForwardAuthServer_isARejectedEventWithItsReason() throws Exception {
    TokenIssuer issuer = TokenIssuer.builder(KEYS).issuer("https://login.test").audience("api").build();
    InMemoryRevocationList revocations = new InMemoryRevocationList();
    List<SessionEvent> events = new CopyOnWriteArrayList<>();
    TokenVerifier verifier = TokenVerifier.builder(KEYS.verifierOnly()).issuer("https://login.test").audience("api")
        .revocations(revocations).listener(events::add).build();
    var t = issuer.start(NewSession.forSubject("alice"));
    revocations.revoke(Revocation.session(t.session().sessionId(), Instant.now().plus(Duration.ofHours(13))));

    try (ForwardAuthServer server = ForwardAuthServer.builder(verifier)
        .listen(new InetSocketAddress("127.0.0.1", 0)).threads(2).build().start()) {
      HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + server.address().getPort() + "/auth"))
          .header("Authorization", "Bearer " + t.token()).GET().build(), HttpResponse.BodyHandlers.ofString());

      assertEquals(401, r.statusCode());
    }
    assertEquals(1, events.size(), events::toString);
    assertEquals(SessionEvent.Type.REJECTED, events.get(0).type());
    assertEquals(Rejection.REVOKED, events.get(0).reason().orElseThrow());
  }
}
