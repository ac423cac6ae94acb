package dev.signet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.NewSession;
import dev.signet.TokenIssuer;
import dev.signet.keys.Keyset;
import dev.signet.keys.KeysetFile;
import dev.signet.keys.Rotation;
import dev.signet.keys.RotationPolicy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code signet serve} in-process: what only a running server shows. */
class ServeCommandTest {
  @TempDir Path dir;

  private static int status(HttpClient client, int port, String token) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/auth"))
        .header("Cookie", "__Host-signet=" + token).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Test
  void serve_picksUpARotatedKeysetWithoutRestart() throws Exception {
    KeysetFile file = KeysetFile.at(dir.resolve("keyset.json"));
    file.create(Keyset.generate());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Thread serve = new Thread(() -> Main.execute(new PrintWriter(out, true), new PrintWriter(err, true),
        "serve", "--keyset", file.path().toString(), "--listen", "127.0.0.1:0", "--reload-interval", "1s",
        "--threads", "1"));
    serve.start();
    try {
      Pattern listening = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)/auth");
      Matcher m = listening.matcher("");
      for (int i = 0; i < 400 && !m.find(0); i++) {
        assertTrue(serve.isAlive(), () -> "serve stopped: " + out + err);
        Thread.sleep(25);
        m = listening.matcher(out.toString());
      }
      assertTrue(m.find(0), () -> "serve did not start: " + out + err);
      int port = Integer.parseInt(m.group(1));

      // Two rotations: the active key is now one the running server has never seen.
      Rotation force = Rotation.with(RotationPolicy.defaults()).forced();
      force.applyTo(file);
      Keyset rotated = force.applyTo(file).keyset();
      String token = TokenIssuer.builder(rotated).issuer("signet").audience("signet").build()
          .start(NewSession.forSubject("alice")).token();
      HttpClient client = HttpClient.newHttpClient();
      long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      int status = status(client, port, token);
      while (status != 200 && System.nanoTime() < deadline) {
        Thread.sleep(100);
        status = status(client, port, token);
      }
      assertEquals(200, status, "a token of the new key is accepted once the file is reloaded");
    } finally {
      serve.interrupt();
      serve.join(10_000);
    }
    assertTrue(out.toString().contains("signet serve: stopped"), out::toString);
  }
}
