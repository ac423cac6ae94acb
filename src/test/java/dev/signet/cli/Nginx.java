package dev.signet.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real nginx started for a test: own prefix, pid, logs and temp paths under a temp folder,
 * {@code daemon off} with a master process, listening on a free loopback port. Missing nginx
 * skips the test, unless {@code REQUIRE_NGINX=1}, which makes it fail.
 */
final class Nginx implements AutoCloseable {
  private final Process process;
  private final Path dir;
  final int port;

  private Nginx(Process process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.port = port;
  }

  /** The nginx binary, or a skipped (or, with REQUIRE_NGINX=1, failed) test. */
  static Path binary() {
    for (String candidate : List.of("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx")) {
      Path p = Path.of(candidate);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    if ("1".equals(System.getenv("REQUIRE_NGINX"))) {
      fail("nginx not found (REQUIRE_NGINX=1): install the Debian package nginx-light or nginx");
    }
    Assumptions.assumeTrue(false, "nginx not installed; set REQUIRE_NGINX=1 to make this a failure");
    throw new AssertionError("unreachable");
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /**
   * Starts nginx with the {@code http { ... }} block produced by {@code httpBlock} for a listen
   * port, retrying on another port if the chosen one was taken meanwhile.
   */
  static Nginx start(Path dir, java.util.function.IntFunction<String> httpBlock) throws Exception {
    Path bin = binary();
    IOException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      int port = freePort();
      Path conf = dir.resolve("nginx.conf");
      String temp = dir.resolve("tmp").toString();
      Files.createDirectories(dir.resolve("tmp"));
      Files.createDirectories(dir.resolve("logs"));
      String config = String.join("\n",
          "daemon off;",
          "master_process on;",
          "worker_processes 1;",
          "pid " + dir.resolve("nginx.pid") + ";",
          "error_log " + dir.resolve("logs/error.log") + " warn;",
          "events { worker_connections 512; }",
          "http {",
          "  access_log off;",
          "  client_body_temp_path " + temp + "/body;",
          "  proxy_temp_path " + temp + "/proxy;",
          "  fastcgi_temp_path " + temp + "/fastcgi;",
          "  uwsgi_temp_path " + temp + "/uwsgi;",
          "  scgi_temp_path " + temp + "/scgi;",
          httpBlock.apply(port),
          "}",
          "");
      Files.writeString(conf, config, StandardCharsets.UTF_8);
      Process p = new ProcessBuilder(bin.toString(), "-p", dir.toString(), "-e", dir.resolve("logs/error.log").toString(), "-c", conf.toString())
          .redirectErrorStream(true)
          .redirectOutput(dir.resolve("logs/stdout.log").toFile())
          .start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (System.nanoTime() < deadline && p.isAlive()) {
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress("127.0.0.1", port), 200);
          return new Nginx(p, dir, port);
        } catch (IOException e) {
          last = e;
          Thread.sleep(50);
        }
      }
      p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      last = new IOException("nginx did not start: " + log(dir));
    }
    throw last;
  }

  private static String log(Path dir) {
    try {
      return Files.readString(dir.resolve("logs/error.log")) + Files.readString(dir.resolve("logs/stdout.log"));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  String errorLog() {
    return log(dir);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }
}
