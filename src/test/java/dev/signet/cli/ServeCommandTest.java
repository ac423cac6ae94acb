package dev.signet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.IssuedToken;
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
import java.nio.file.Files;
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

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  /** Starts {@code signet serve ARGS --listen 127.0.0.1:0} on a thread; returns its port. */
  private int startServe(Thread[] thread, String... args) throws Exception {
    String[] all = new String[args.length + 3];
    all[0] = "serve";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--listen";
    all[args.length + 2] = "127.0.0.1:0";
    int from = out.getBuffer().length();
    Thread serve = new Thread(() -> Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), all));
    thread[0] = serve;
    serve.start();
    Pattern listening = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)/auth");
    Matcher m = listening.matcher("");
    for (int i = 0; i < 400 && !m.find(0); i++) {
      assertTrue(serve.isAlive(), () -> "serve stopped: " + out + err);
      Thread.sleep(25);
      m = listening.matcher(out.toString().substring(from));
    }
    assertTrue(m.find(0), () -> "serve did not start: " + out + err);
    return Integer.parseInt(m.group(1));
  }

  private void stop(Thread serve) throws InterruptedException {
    serve.interrupt();
    serve.join(10_000);
    assertTrue(out.toString().contains("signet serve: stopped"), out::toString);
  }

  private static int statusWithin(HttpClient client, int port, String token, int wanted) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    int status = status(client, port, token);
    while (status != wanted && System.nanoTime() < deadline) {
      Thread.sleep(100);
      status = status(client, port, token);
    }
    return status;
  }

  @Test
  void serve_picksUpARotatedKeysetWithoutRestart() throws Exception {
    KeysetFile file = KeysetFile.at(dir.resolve("keyset.json"));
    file.create(Keyset.generate());
    Thread[] serve = new Thread[1];
    int port = startServe(serve, "--keyset", file.path().toString(), "--reload-interval", "1s", "--threads", "1");
    try {
      // Two rotations: the active key is now one the running server has never seen.
      Rotation force = Rotation.with(RotationPolicy.defaults()).forced();
      force.applyTo(file);
      Keyset rotated = force.applyTo(file).keyset();
      String token = TokenIssuer.builder(rotated).issuer("signet").audience("signet").build()
          .start(NewSession.forSubject("alice")).token();
      assertEquals(200, statusWithin(HttpClient.newHttpClient(), port, token, 200),
          "a token of the new key is accepted once the file is reloaded");
    } finally {
      stop(serve[0]);
    }
  }

  @Test
  void serve_cachedToken_isRefusedOnceRevoked() throws Exception {
    KeysetFile file = KeysetFile.at(dir.resolve("keyset.json"));
    Keyset keys = Keyset.generate();
    file.create(keys);
    Path log = Files.createFile(dir.resolve("revocations.log"));
    IssuedToken issued = TokenIssuer.builder(keys).issuer("signet").audience("signet").build()
        .start(NewSession.forSubject("alice"));
    Thread[] serve = new Thread[1];
    int port = startServe(serve, "--keyset", file.path().toString(), "--revocations", log.toString(),
        "--cache", "100", "--threads", "1");
    try {
      HttpClient client = HttpClient.newHttpClient();
      assertEquals(200, status(client, port, issued.token()));
      assertEquals(200, status(client, port, issued.token()), "the second answer comes from the cache");
      StringWriter revokeOut = new StringWriter();
      assertEquals(ExitCodes.OK, Main.execute(new PrintWriter(revokeOut, true), new PrintWriter(revokeOut, true),
          "revoke", "--revocations", log.toString(), "--sid", issued.session().sessionId()), revokeOut::toString);
      assertEquals(401, statusWithin(client, port, issued.token(), 401), "a cached token is still checked for revocation");
    } finally {
      stop(serve[0]);
    }
  }

  @Test
  void serve_revocationStoreUnavailable_answers503_orWithTheFailOpenOption200() throws Exception {
    KeysetFile file = KeysetFile.at(dir.resolve("keyset.json"));
    Keyset keys = Keyset.generate();
    file.create(keys);
    Path log = Files.createFile(dir.resolve("revocations.log"));
    String token = TokenIssuer.builder(keys).issuer("signet").audience("signet").build()
        .start(NewSession.forSubject("alice")).token();
    Thread[] closed = new Thread[1];
    Thread[] open = new Thread[1];
    int closedPort = startServe(closed, "--keyset", file.path().toString(), "--revocations", log.toString(),
        "--cache", "0", "--threads", "1");
    int openPort = startServe(open, "--keyset", file.path().toString(), "--revocations", log.toString(),
        "--cache", "0", "--threads", "1", "--fail-open-on-revocation-errors");
    try {
      HttpClient client = HttpClient.newHttpClient();
      assertEquals(200, status(client, closedPort, token));
      assertEquals(200, status(client, openPort, token));
      // The followed log is replaced by a file that is not a revocation log: the store cannot answer.
      Path garbage = dir.resolve("garbage");
      Files.writeString(garbage, "not a revocation log");
      Files.move(garbage, log, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

      assertEquals(503, statusWithin(client, closedPort, token, 503), "fail-closed by default");
      assertEquals(200, status(client, openPort, token), "fail-open only with the option");
    } finally {
      stop(closed[0]);
      stop(open[0]);
    }
  }

  private static String get(HttpClient client, int port, String path) throws Exception {
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
    return r.statusCode() + "\n" + r.body();
  }

  /** The value of one Prometheus sample line, or -1 when absent. */
  private static double sample(String metrics, String series) {
    for (String line : metrics.split("\n")) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1).trim());
      }
    }
    return -1;
  }

  @Test
  void serve_metricsCountARejectionReason_afterABadToken() throws Exception {
    KeysetFile file = KeysetFile.at(dir.resolve("keyset.json"));
    Keyset keys = Keyset.generate();
    file.create(keys);
    String good = TokenIssuer.builder(keys).issuer("signet").audience("signet").build()
        .start(NewSession.forSubject("alice")).token();
    int i = good.length() - 10;
    String tampered = good.substring(0, i) + (good.charAt(i) == 'A' ? 'B' : 'A') + good.substring(i + 1);
    Thread[] serve = new Thread[1];
    int port = startServe(serve, "--keyset", file.path().toString());
    try {
      HttpClient client = HttpClient.newHttpClient();
      String series = "signet_verifications_total{outcome=\"rejected\",reason=\"DECRYPTION_FAILED\"}";
      String before = get(client, port, "/metrics");
      assertTrue(before.startsWith("200\n"), before);
      double count = sample(before, series);
      assertEquals(0.0, count, () -> "every reason is listed from the start:\n" + before);
      assertEquals(401, status(client, port, tampered));
      assertEquals(200, status(client, port, good));
      String after = get(client, port, "/metrics");
      assertEquals(1.0, sample(after, series), after);
      assertEquals(1.0, sample(after, "signet_verifications_total{outcome=\"accepted\",reason=\"none\"}"), after);
      assertEquals(1.0, sample(after, "signet_keyset_generation"), after);
      assertEquals("200\n", get(client, port, "/readyz"));
      String health = get(client, port, "/healthz");
      assertTrue(health.startsWith("200\nkeyset fresh generation=1 "), health);
    } finally {
      stop(serve[0]);
    }
  }
}
