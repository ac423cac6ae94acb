package dev.signet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar signet.jar serve} as a process: answers, then stops cleanly on SIGTERM. */
class ServeSigtermIT {
  @TempDir Path dir;

  @Test
  void serve_answersThenStopsCleanlyOnSigterm() throws Exception {
    Path keyset = dir.resolve("keyset.json");
    assertEquals(0, SignetJar.run(SignetJar.command("keys", "init", "--keyset", keyset.toString()), Map.of(), 60).code);
    SignetJar.Result issued = SignetJar.run(SignetJar.command("issue", "--keyset", keyset.toString(), "--sub", "alice"), Map.of(), 60);
    String token = issued.out.trim();

    Process p = SignetJar.command("serve", "--keyset", keyset.toString(), "--listen", "127.0.0.1:0")
        .redirectErrorStream(true).start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line = out.readLine();
      Matcher m = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)/auth").matcher(String.valueOf(line));
      assertTrue(m.find(), "first line: " + line);
      String base = "http://127.0.0.1:" + m.group(1);
      HttpClient client = HttpClient.newHttpClient();
      HttpResponse<Void> ok = client.send(HttpRequest.newBuilder(URI.create(base + "/auth"))
          .header("Cookie", "__Host-signet=" + token).build(), HttpResponse.BodyHandlers.discarding());
      assertEquals(200, ok.statusCode());
      assertEquals("alice", ok.headers().firstValue("X-Signet-Subject").orElseThrow());
      assertEquals(401, client.send(HttpRequest.newBuilder(URI.create(base + "/auth")).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode());

      p.destroy(); // SIGTERM
      assertTrue(p.waitFor(20, TimeUnit.SECONDS), "serve did not stop within 20 s of SIGTERM");
      String rest = out.lines().collect(java.util.stream.Collectors.joining("\n"));
      assertTrue(rest.contains("signet serve: stopped"), "output after SIGTERM: " + rest);
      assertEquals(143, p.exitValue(), "exit status after SIGTERM (128 + 15)");
    } finally {
      p.destroyForcibly();
    }
    assertTrue(Files.exists(keyset));
  }
}
