package dev.signet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ContextBindingTest {
  private static final String FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0";
  private static final String CURL = "curl/8.5.0";

  private static RequestBinding request(String ua, String ip) {
    return RequestBinding.builder().userAgent(ua).clientAddress(ip).build();
  }

  private static Lifecycle bound(ContextBinding binding) {
    return new Lifecycle(i -> {}, v -> v.contextBinding(binding), m -> {});
  }

  @Test
  void reject_tokenReplayedWithAnotherUserAgent_isContextMismatch() {
    Lifecycle l = bound(ContextBinding.builder().userAgent().policy(ContextPolicy.REJECT).build());
    String token = l.sessions.start(NewSession.forSubject("alice"), request(FIREFOX, "192.0.2.10")).token().token();

    assertTrue(l.sessions.verify(token, request(FIREFOX, "198.51.100.7")).isAccepted());
    Verification replay = l.sessions.verify(token, request(CURL, "192.0.2.10"));
    assertEquals(Rejection.CONTEXT_MISMATCH, replay.rejection().orElseThrow());
    assertEquals(SessionEvent.Type.REJECTED, l.events.get(l.events.size() - 1).type());
    assertEquals(Rejection.CONTEXT_MISMATCH, l.events.get(l.events.size() - 1).reason().orElseThrow());
  }

  @Test
  void reportOnly_tokenReplayedWithAnotherUserAgent_isAcceptedWithAnAnomalyEvent() {
    Lifecycle l = bound(ContextBinding.builder().userAgent().policy(ContextPolicy.REPORT_ONLY).build());
    Session s = l.sessions.start(NewSession.forSubject("alice"), request(FIREFOX, null)).session();
    String token = l.issuer.renew(s).token();

    Verification v = l.sessions.verify(token, request(CURL, null));
    assertTrue(v.isAccepted());
    assertEquals(Rejection.CONTEXT_MISMATCH, v.anomaly().orElseThrow());
    SessionEvent e = l.events.get(l.events.size() - 1);
    assertEquals(SessionEvent.Type.CONTEXT_ANOMALY, e.type());
    assertEquals(s.sessionId(), e.sessionId().orElseThrow());
    assertEquals("alice", e.subject().orElseThrow());
  }

  @Test
  void network_sameSlash24IsAccepted_anotherNetworkIsRejected() {
    Lifecycle l = bound(ContextBinding.builder().network().build());
    String token = l.sessions.start(NewSession.forSubject("alice"), request(FIREFOX, "203.0.113.5")).token().token();
    assertTrue(l.sessions.verify(token, request(CURL, "203.0.113.250")).isAccepted());
    assertEquals(Rejection.CONTEXT_MISMATCH,
        l.sessions.verify(token, request(FIREFOX, "203.0.114.5")).rejection().orElseThrow());
    assertEquals(Rejection.CONTEXT_MISMATCH, l.sessions.verify(token).rejection().orElseThrow());
  }

  @Test
  void verifierWithBinding_tokenWithoutContext_isRejected() {
    Lifecycle unbound = new Lifecycle();
    String token = unbound.sessions.start(NewSession.forSubject("alice")).token().token();
    TokenVerifier strict = TokenVerifier.builder(unbound.keys).issuer(Lifecycle.ISS).audience("app")
        .clock(unbound.clock).contextBinding(ContextBinding.builder().userAgent().build()).build();
    assertEquals(Rejection.CONTEXT_MISMATCH, strict.verify(token, request(FIREFOX, null)).rejection().orElseThrow());
  }

  @Test
  void offByDefault_noContextClaimAndAnyClientIsAccepted() {
    Lifecycle l = new Lifecycle();
    SessionGrant g = l.sessions.start(NewSession.forSubject("alice"), request(FIREFOX, "192.0.2.1"));
    assertTrue(g.session().contextHash().isEmpty());
    assertTrue(l.sessions.verify(g.token().token(), request(CURL, "198.51.100.1")).isAccepted());
  }

  @Test
  void coarseNetwork_ipv4Slash24_ipv6Slash48_andNeverResolvesNames() {
    assertEquals("v4:192.0.2.0/24", ContextBinding.coarseNetwork("192.0.2.77"));
    assertEquals("v4:192.0.2.0/24", ContextBinding.coarseNetwork("::ffff:192.0.2.9"));
    assertEquals("v6:2001:0db8:abcd::/48", ContextBinding.coarseNetwork("2001:db8:abcd:12::1"));
    assertEquals("v6:2001:0db8:abcd::/48", ContextBinding.coarseNetwork("[2001:db8:abcd:ffff::2]"));
    assertEquals("unknown", ContextBinding.coarseNetwork("localhost"));
    assertEquals("unknown", ContextBinding.coarseNetwork("example.invalid"));
    assertEquals("unknown", ContextBinding.coarseNetwork("256.1.1.1"));
  }

  @Test
  void builder_bindingNothing_isRefused() {
    assertThrows(IllegalStateException.class, () -> ContextBinding.builder().build());
  }
}
