package dev.signet.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.Session;

/** The JSON the CLI prints: a verified session as its token's claims. */
final class SessionJson {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private SessionJson() {}

  /** The session as the claims of its token ({@code iss}, {@code sub}, {@code sid}, times in seconds, ...). */
  static ObjectNode claims(Session s) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("iss", s.issuer());
    if (s.audience().size() == 1) {
      o.put("aud", s.audience().get(0));
    } else {
      ArrayNode aud = o.putArray("aud");
      s.audience().forEach(aud::add);
    }
    o.put("sub", s.subject());
    o.put("sid", s.sessionId());
    o.put("jti", s.tokenId());
    o.put("iat", s.issuedAt().getEpochSecond());
    o.put("iat_ms", s.issuedAt().toEpochMilli());
    o.put("sst_ms", s.startedAt().toEpochMilli());
    o.put("exp", s.expiresAt().getEpochSecond());
    o.put("sxp", s.hardExpiresAt().getEpochSecond());
    o.put("auth_time", s.authTime().getEpochSecond());
    ArrayNode roles = o.putArray("roles");
    s.roles().forEach(roles::add);
    s.attributesJson().ifPresent(a -> o.set("attrs", a));
    s.fingerprintHash().ifPresent(f -> o.put("fgp", f));
    s.contextHash().ifPresent(c -> o.put("ctx", c));
    return o;
  }

  /** Pretty JSON for people, or one compact line for scripts. */
  static String write(Object node, boolean compact) {
    try {
      return compact
          ? MAPPER.writeValueAsString(node)
          : MAPPER.writer(new com.fasterxml.jackson.core.util.DefaultPrettyPrinter()).with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("JSON output failed", e);
    }
  }
}
