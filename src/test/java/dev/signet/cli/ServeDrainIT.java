package dev.signet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar signet.jar serve} under load from kept-alive connections, stopped with
 * SIGTERM: every request sent is answered (none reset or left without an answer), then the
 * process exits within the drain time.
 */
class ServeDrainIT {
  private static final int CLIENTS = 16;
  private static final long DRAIN_SECONDS = 3;

  @TempDir Path dir;

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /** The response head to one request, or null when the connection ended before a whole head arrived. */
  private static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        return null;
      }
      head.append((char) c);
    }
    return head.toString();
  }

  @Test
  void sigtermUnderLoad_answersEveryRequestSent_andExitsWithinTheDrainTime() throws Exception {
    Path keyset = dir.resolve("keyset.json");
    assertEquals(0, SignetJar.run(SignetJar.command("keys", "init", "--keyset", keyset.toString()), Map.of(), 60).code);
    String token = SignetJar.run(SignetJar.command("issue", "--keyset", keyset.toString(), "--sub", "alice"), Map.of(), 60)
        .out.trim();
    Path out = dir.resolve("serve.out");
    Path err = dir.resolve("serve.err");
    Process p = SignetJar.command("serve", "--keyset", keyset.toString(), "--listen", "127.0.0.1:0",
            "--drain-timeout", DRAIN_SECONDS + "s")
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    List<Thread> clients = new ArrayList<>();
    try {
      Pattern listening = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)/auth");
      Matcher m = listening.matcher("");
      for (int i = 0; i < 600 && !m.find(0); i++) {
        assertTrue(p.isAlive(), () -> "serve exited: " + read(out) + read(err));
        Thread.sleep(50);
        m = listening.matcher(read(out));
      }
      assertTrue(m.find(0), () -> "serve did not start: " + read(out) + read(err));
      int port = Integer.parseInt(m.group(1));
      HttpResponse<String> metrics = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, metrics.statusCode(), "/metrics from the packaged jar");
      assertTrue(metrics.body().contains("signet_verifications_total"), metrics::body);

      byte[] request = ("GET /auth HTTP/1.1\r\nHost: gw\r\nCookie: __Host-signet=" + token + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII);
      AtomicLong answered = new AtomicLong();
      AtomicLong wrong = new AtomicLong();
      AtomicInteger unanswered = new AtomicInteger();
      AtomicLong sigtermAt = new AtomicLong();
      List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
      for (int c = 0; c < CLIENTS; c++) {
        Thread t = new Thread(() -> {
          while (true) {
            Socket s = new Socket();
            try {
              s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            } catch (ConnectException refused) {
              return; // the server no longer accepts: nothing was sent
            } catch (IOException e) {
              failures.add("connect: " + e);
              return;
            }
            try (s) {
              s.setSoTimeout(10_000);
              OutputStream o = s.getOutputStream();
              InputStream in = s.getInputStream();
              boolean keepAlive = true;
              int onThisConnection = 0;
              while (keepAlive) {
                o.write(request);
                o.flush();
                String head = readHead(in);
                if (head == null) {
                  unanswered.incrementAndGet();
                  failures.add("connection closed with request " + (onThisConnection + 1) + " on it unanswered, "
                      + (sigtermAt.get() == 0 ? "before" : (System.nanoTime() - sigtermAt.get()) / 1_000_000 + " ms after")
                      + " SIGTERM");
                  break;
                }
                answered.incrementAndGet();
                onThisConnection++;
                if (!head.startsWith("HTTP/1.1 200")) {
                  wrong.incrementAndGet();
                }
                keepAlive = !head.toLowerCase(java.util.Locale.ROOT).contains("\r\nconnection: close");
              }
            } catch (IOException e) {
              unanswered.incrementAndGet();
              failures.add("request failed: " + e + ", "
                  + (sigtermAt.get() == 0 ? "before" : (System.nanoTime() - sigtermAt.get()) / 1_000_000 + " ms after")
                  + " SIGTERM");
            }
          }
        }, "load-" + c);
        t.setDaemon(true);
        t.start();
        clients.add(t);
      }
      Thread.sleep(2000);
      long before = answered.get();
      assertTrue(before > 100, "load is running: " + before + " answers");
      long sigterm = System.nanoTime();
      sigtermAt.set(sigterm);
      p.destroy(); // SIGTERM
      assertTrue(p.waitFor(DRAIN_SECONDS + 10, TimeUnit.SECONDS), "serve did not exit");
      long exitMs = (System.nanoTime() - sigterm) / 1_000_000;
      for (Thread t : clients) {
        t.join(15_000);
      }
      assertEquals(List.of(), failures, "requests reset or left unanswered");
      assertEquals(0, unanswered.get());
      assertEquals(0, wrong.get(), "answers other than 200");
      assertEquals(143, p.exitValue(), "exit status after SIGTERM (128 + 15)");
      assertTrue(exitMs < (DRAIN_SECONDS + 3) * 1000, "exited " + exitMs + " ms after SIGTERM");
      assertTrue(read(out).contains("signet serve: stopped"), () -> read(out));
      System.out.printf("drain: %d answers before SIGTERM, %d in all; exit %d ms after SIGTERM%n", before, answered.get(), exitMs);
    } finally {
      p.destroyForcibly();
    }
  }
}
