package dev.signet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.internal.Base64Url;
import dev.signet.keys.KeyEntry;
import dev.signet.keys.KeyPurpose;
import dev.signet.keys.KeyState;
import dev.signet.keys.Keyset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
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
  void ctx_ofTheSameNetworkUnderTwoKeysets_differs() {
    ContextBinding binding = ContextBinding.builder().network().build();
    RequestBinding client = request(FIREFOX, "203.0.113.5");
    String a = binding.hash(Keyset.generate(), client);
    String b = binding.hash(Keyset.generate(), client);
    assertNotEquals(a, b);
  }

  @Test
  void ctx_cannotBeRecomputedFromAnUnkeyedSha256OfAnyNetwork() {
    Lifecycle l = bound(ContextBinding.builder().network().build());
    String ctx = l.sessions.start(NewSession.forSubject("alice"), request(FIREFOX, "203.0.113.5")).session()
        .contextHash().orElseThrow();
    // What an attacker holding the token would try: hash every candidate network, as the unkeyed
    // claim allowed (2^24 IPv4 networks; here the 256 around the real one, in both input formats).
    for (int third = 0; third < 256; third++) {
      String net = "v4:203.0." + third + ".0/24";
      for (String version : new String[] {"signet-ctx/1", "signet-ctx/2"}) {
        String guess = Base64Url.encode(Fingerprint.sha256((version + "\nnet=" + net).getBytes(StandardCharsets.UTF_8)));
        assertNotEquals(guess, ctx, net);
      }
    }
  }

  @Test
  void ctx_madeBeforeAnEncryptionKeyRotation_isStillAccepted() {
    ContextBinding binding = ContextBinding.builder().userAgent().build();
    Lifecycle l = bound(binding);
    String token = l.sessions.start(NewSession.forSubject("alice"), request(FIREFOX, null)).token().token();
    List<KeyEntry> rotated = new ArrayList<>();
    for (KeyEntry e : l.keys.entries()) {
      if (e.purpose() == KeyPurpose.ENCRYPTION && e.state() == KeyState.ACTIVE) {
        rotated.add(e.withState(KeyState.RETIRED, l.clock.instant()));
      } else if (e.purpose() == KeyPurpose.ENCRYPTION && e.state() == KeyState.NEXT) {
        rotated.add(e.withState(KeyState.ACTIVE, l.clock.instant()));
      } else {
        rotated.add(e);
      }
    }
    TokenVerifier after = TokenVerifier.builder(Keyset.of(rotated)).issuer(Lifecycle.ISS).audience("app")
        .clock(l.clock).contextBinding(binding).build();

    assertTrue(after.verify(token, request(FIREFOX, null)).isAccepted());
    assertEquals(Rejection.CONTEXT_MISMATCH, after.verify(token, request(CURL, null)).rejection().orElseThrow());
  }

  @Test
  void contextBinding_overAKeysetWithoutEncryptionKeys_isRefusedAtBuild() {
    Keyset signingOnly = Keyset.of(new Lifecycle().keys.entries().stream()
        .filter(e -> e.purpose() == KeyPurpose.SIGNING).collect(Collectors.toList()));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> TokenVerifier.builder(signingOnly)
        .issuer(Lifecycle.ISS).audience("app").profile(TokenProfile.SIGNED)
        .contextBinding(ContextBinding.builder().network().build()).build());
    assertTrue(e.getMessage().contains("contextBinding"), e.getMessage());
  }

  @Test
  void builder_bindingNothing_isRefused() {
    assertThrows(IllegalStateException.class, () -> ContextBinding.builder().build());
  }
}
