package dev.signet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      return "";
    }
  }

  @Test
  void serve_answersThenStopsCleanlyOnSigterm() throws Exception {
    Path keyset = dir.resolve("keyset.json");
    assertEquals(0, SignetJar.run(SignetJar.command("keys", "init", "--keyset", keyset.toString()), Map.of(), 60).code);
    SignetJar.Result issued = SignetJar.run(SignetJar.command("issue", "--keyset", keyset.toString(), "--sub", "alice"), Map.of(), 60);
    String token = issued.out.trim();

    Path out = dir.resolve("serve.out");
    Path err = dir.resolve("serve.err");
    Process p = SignetJar.command("serve", "--keyset", keyset.toString(), "--listen", "127.0.0.1:0")
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    try {
      Pattern listening = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)/auth");
      Matcher m = listening.matcher("");
      for (int i = 0; i < 600 && !m.find(); i++) {
        assertTrue(p.isAlive(), () -> "serve exited: " + read(out) + read(err));
        Thread.sleep(50);
        m = listening.matcher(read(out));
      }
      assertTrue(m.find(0), () -> "serve did not start: " + read(out) + read(err));
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
      assertEquals(143, p.exitValue(), "exit status after SIGTERM (128 + 15)");
      assertTrue(read(out).contains("signet serve: stopped"), () -> "output: " + read(out));
      assertTrue(read(err).contains("forward-auth server stopped: 1 accepted, 1 rejected"), () -> "log: " + read(err));
    } finally {
      p.destroyForcibly();
    }
    assertTrue(Files.exists(keyset));
  }
}
