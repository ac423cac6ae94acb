package dev.signet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.keys.Keyset;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Attack classes 5 (key material or key references in the header: {@code jwk}, {@code jku},
 * {@code x5u}, {@code x5c}) and 6 ({@code crit}). All are refused at the header allow-list,
 * before any key is used and without any network access: a listening socket named by
 * {@code jku}/{@code x5u} is never connected to, and a proxy selector that fails the test on
 * any lookup is installed while verifying.
 */
@Tag("attack")
class HeaderKeyMaterialAttackTest {
  private static final Forge FORGE = Forge.forge();
  /** An attacker's own keys: the token really is signed (and encrypted) with them. */
  private static final Forge ATTACKER = Forge.with(Keyset.generate(Forge.CLOCK));

  private ServerSocket listener;
  private ProxySelector previousSelector;
  private final AtomicInteger proxyLookups = new AtomicInteger();

  @BeforeEach
  void noNetwork() throws IOException {
    listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    previousSelector = ProxySelector.getDefault();
    ProxySelector.setDefault(new ProxySelector() {
      @Override
      public List<Proxy> select(URI uri) {
        proxyLookups.incrementAndGet();
        throw new AssertionError("network access attempted");
      }

      @Override
      public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {}
    });
  }

  @AfterEach
  void restoreNetwork() throws IOException {
    ProxySelector.setDefault(previousSelector);
    try {
      listener.setSoTimeout(20);
      assertThrows(SocketTimeoutException.class, listener::accept, "something connected to the jku/x5u address");
    } finally {
      listener.close();
    }
    assertEquals(0, proxyLookups.get());
  }

  private String url() {
    return "http://127.0.0.1:" + listener.getLocalPort() + "/keys.json";
  }

  private static ObjectNode attackerJwk() {
    ObjectNode jwk = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
    jwk.put("kty", "OKP");
    jwk.put("crv", "Ed25519");
    jwk.put("x", Forge.b64(ATTACKER.publicKey));
    return jwk;
  }

  private static final String SELF_SIGNED_CERT =
      "MIIBLjCB4aADAgECAhQ8jzt2tzTqOp8m3X0mxTqX7yC4XTAFBgMrZXAwDzENMAsGA1UEAwwEZXZpbDAeFw0yNjAxMDEwMDAwMDBa"
          + "Fw0zNjAxMDEwMDAwMDBaMA8xDTALBgNVBAMMBGV2aWwwKjAFBgMrZXADIQDKc6MHnUVZZy1cA2kkJ1gRk9wR2m1nSxvH9PxYq8oP"
          + "1aNTMFEwHQYDVR0OBBYEFJ9vZQ==";

  private void assertRefused(TokenProfile profile, Forge signer, Consumer<ObjectNode> change) {
    String outer = signer.withOuterHeader(profile, change);
    assertEquals(Rejection.UNSUPPORTED, Forge.rejection(Forge.verifier(profile).verify(outer)), "outer header");
    if (profile == TokenProfile.SIGNED_AND_SEALED) {
      // Inner JWS signed by the attacker (with the attacker's key in the header), sealed with the real key.
      ObjectNode h = signer.jwsHeader();
      h.put("kid", FORGE.sigKid);
      change.accept(h);
      String inner = signer.jws(h.toString(), Forge.utf8(Forge.claims().toString()));
      assertEquals(Rejection.UNSUPPORTED,
          Forge.rejection(Forge.verifier(profile).verify(FORGE.sealed(inner))), "inner header");
    }
  }

  @Tag("attack-05")
  @ParameterizedTest
  @EnumSource(value = TokenProfile.class, names = {"SIGNED", "SIGNED_AND_SEALED"})
  void embeddedJwkOfTheKeyThatReallySigned_isUnsupported(TokenProfile profile) {
    assertRefused(profile, profile == TokenProfile.SIGNED ? ATTACKER : FORGE, h -> {
      h.set("jwk", attackerJwk());
      h.put("kid", profile == TokenProfile.SIGNED ? FORGE.sigKid : h.get("kid").textValue());
    });
  }

  @Tag("attack-05")
  @ParameterizedTest
  @EnumSource(TokenProfile.class)
  void jkuPointingAtALocalListener_isUnsupportedWithoutConnecting(TokenProfile profile) {
    assertRefused(profile, FORGE, h -> h.put("jku", url()));
  }

  @Tag("attack-05")
  @ParameterizedTest
  @EnumSource(TokenProfile.class)
  void x5uPointingAtALocalListener_isUnsupportedWithoutConnecting(TokenProfile profile) {
    assertRefused(profile, FORGE, h -> h.put("x5u", url()));
  }

  @Tag("attack-05")
  @ParameterizedTest
  @ValueSource(strings = {"http://169.254.169.254/latest/meta-data/", "file:///etc/passwd", "http://127.0.0.1:1/"})
  void jkuPointingAtMetadataOrFiles_isUnsupported(String target) {
    assertRefused(TokenProfile.SIGNED_AND_SEALED, FORGE, h -> h.put("jku", target));
  }

  @Tag("attack-05")
  @ParameterizedTest
  @EnumSource(TokenProfile.class)
  void x5cWithASelfSignedCertificate_isUnsupported(TokenProfile profile) {
    assertRefused(profile, FORGE, h -> h.putArray("x5c").add(SELF_SIGNED_CERT));
  }

  @Tag("attack-05")
  @Test
  void x5tThumbprint_isUnsupported() {
    assertRefused(TokenProfile.SIGNED, FORGE, h -> h.put("x5t#S256", Forge.b64(new byte[32])));
  }

  @Tag("attack-06")
  @ParameterizedTest
  @EnumSource(TokenProfile.class)
  void critNamingAnUnknownExtension_isUnsupported(TokenProfile profile) {
    assertRefused(profile, FORGE, h -> {
      h.putArray("crit").add("exp-x");
      h.put("exp-x", "1");
    });
  }

  @Tag("attack-06")
  @ParameterizedTest
  @EnumSource(TokenProfile.class)
  void critEmpty_isUnsupported(TokenProfile profile) {
    assertRefused(profile, FORGE, h -> h.putArray("crit"));
  }

  @Tag("attack-06")
  @ParameterizedTest
  @EnumSource(TokenProfile.class)
  void critNamingARegisteredHeader_isUnsupported(TokenProfile profile) {
    assertRefused(profile, FORGE, h -> h.putArray("crit").add("alg"));
  }

  @Tag("attack-06")
  @Test
  void critB64FalseUnencodedPayload_isUnsupported() {
    assertRefused(TokenProfile.SIGNED, FORGE, h -> {
      h.putArray("crit").add("b64");
      h.put("b64", false);
    });
  }

  @Tag("attack-06")
  @ParameterizedTest
  @EnumSource(TokenProfile.class)
  void critNull_isUnsupported(TokenProfile profile) {
    assertRefused(profile, FORGE, h -> h.putNull("crit"));
  }

  @Tag("attack-06")
  @ParameterizedTest
  @EnumSource(TokenProfile.class)
  void critString_isUnsupported(TokenProfile profile) {
    assertRefused(profile, FORGE, h -> h.put("crit", "exp"));
  }
}
