package dev.signet.spring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A browser's cookie jar over a real HTTP client, for tests against applications on plain HTTP
 * loopback ports: it keeps every cookie a response sets and sends it back, {@code Secure} ones
 * included (a browser would send those over HTTPS only; the tests run without TLS), and drops a
 * cookie set with {@code Max-Age=0}.
 */
public final class Browser {
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .followRedirects(HttpClient.Redirect.NEVER)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  private final Map<String, String> cookies = new LinkedHashMap<>();
  private String base;

  public Browser(String base) {
    this.base = base;
  }

  /** Sends the next requests to another instance, with the same cookies. */
  public Browser at(String otherBase) {
    this.base = otherBase;
    return this;
  }

  public Map<String, String> cookies() {
    return cookies;
  }

  public Response get(String path, String... headers) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), headers);
  }

  public Response post(String path, String... headers) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.noBody()), headers);
  }

  public Response postForm(String path, Map<String, String> form, String... headers) {
    String body = form.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
            + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    return send(HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body)), headers);
  }

  private Response send(HttpRequest.Builder b, String... headers) {
    b.timeout(Duration.ofSeconds(30));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    if (!cookies.isEmpty()) {
      b.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
          .collect(Collectors.joining("; ")));
    }
    HttpResponse<String> r;
    try {
      r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    List<String> set = r.headers().allValues("Set-Cookie");
    for (String c : set) {
      String pair = c.split(";", 2)[0];
      int eq = pair.indexOf('=');
      String name = pair.substring(0, eq).strip();
      String value = pair.substring(eq + 1).strip();
      if (value.isEmpty() || c.contains("Max-Age=0")) {
        cookies.remove(name);
      } else {
        cookies.put(name, value);
      }
    }
    return new Response(r.statusCode(), r.body(), new ArrayList<>(set), r);
  }

  /** One response: status, body, the {@code Set-Cookie} headers as sent. */
  public static final class Response {
    public final int status;
    public final String body;
    public final List<String> setCookies;
    public final HttpResponse<String> raw;

    Response(int status, String body, List<String> setCookies, HttpResponse<String> raw) {
      this.status = status;
      this.body = body;
      this.setCookies = setCookies;
      this.raw = raw;
    }

    /** The {@code Set-Cookie} header of the cookie {@code name}, if set. */
    public String setCookie(String name) {
      return setCookies.stream().filter(c -> c.startsWith(name + "=")).findFirst().orElse(null);
    }

    @Override
    public String toString() {
      return status + " " + setCookies + " " + body;
    }
  }
}
