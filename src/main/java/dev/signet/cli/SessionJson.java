package dev.signet.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.Session;

/** The JSON the CLI prints: a verified session as its token's claims, compact or pretty. */
final class SessionJson {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private SessionJson() {}

  /** The session as the claims of its token, exactly as the issuer wrote them ({@link Session#toJson()}). */
  static ObjectNode claims(Session s) {
    try {
      return (ObjectNode) MAPPER.readTree(s.toJson());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("session JSON could not be read", e);
    }
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
