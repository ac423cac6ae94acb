package dev.signet;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The one Jackson mapper for application attributes (thread-safe once configured). */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper().findAndRegisterModules();

  private Json() {}
}
