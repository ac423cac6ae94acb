package dev.signet.spring.webflux;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;

/**
 * Reads request headers through the {@link HttpHeaders} methods whose signatures Spring
 * Framework 6.2 and 7 share ({@code HttpHeaders} stopped being a {@code Map} in 7), so one
 * compiled jar runs on Spring Boot 3.5 and 4.0.
 */
final class Headers {
  private Headers() {}

  /** Every value of the header {@code name} (case-insensitive), in order. */
  static List<String> values(HttpHeaders headers, String name) {
    List<String> out = new ArrayList<>(1);
    for (Map.Entry<String, List<String>> e : headers.headerSet()) {
      if (e.getKey().equalsIgnoreCase(name)) {
        out.addAll(e.getValue());
      }
    }
    return out;
  }

  /** The {@code Cookie} headers joined into one, or null when there is none. */
  static String cookies(HttpHeaders headers) {
    List<String> all = values(headers, HttpHeaders.COOKIE);
    return all.isEmpty() ? null : String.join("; ", all);
  }
}
