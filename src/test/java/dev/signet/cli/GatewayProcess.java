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
 * A real gateway (nginx or Caddy) started for a test in a temp folder of its own, listening on a
 * free loopback port. A missing binary skips the test, unless {@code REQUIRE_NGINX=1} /
 * {@code REQUIRE_CADDY=1}, which makes it fail.
 */
final class GatewayProcess implements AutoCloseable {
  private final Process process;
  private final Path dir;
  final int port;

  private GatewayProcess(Process process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.port = port;
  }

  /**
   * The gateway's binary, or a skipped (or, with {@code REQUIRE_<NAME>=1}, failed) test.
   *
   * @param name {@code nginx} or {@code caddy}
   */
  static Path binary(String name) {
    for (String dir : List.of("/usr/sbin/", "/usr/local/sbin/", "/usr/bin/", "/usr/local/bin/")) {
      Path p = Path.of(dir + name);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    String require = "REQUIRE_" + name.toUpperCase(java.util.Locale.ROOT);
    if ("1".equals(System.getenv(require))) {
      fail(name + " not found (" + require + "=1): install the Debian package ("
          + ("nginx".equals(name) ? "nginx-light" : name) + ")");
    }
    Assumptions.assumeTrue(false, name + " not installed; set " + require + "=1 to make this a failure");
    throw new AssertionError("unreachable");
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** A configuration for a listen port; may throw if the documented block breaks its markers. */
  interface Config {
    String forPort(int port) throws IOException;
  }

  /**
   * Starts nginx with the server configuration produced by {@code httpBlock} for a listen
   * port inside an {@code http { ... }} block, retrying on another port if the chosen one was
   * taken meanwhile.
   */
  static GatewayProcess nginx(Path dir, Config httpBlock) throws Exception {
    Path bin = binary("nginx");
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
          httpBlock.forPort(port),
          "}",
          "");
      Files.writeString(conf, config, StandardCharsets.UTF_8);
      GatewayProcess g = started(dir, port, new ProcessBuilder(bin.toString(), "-p", dir.toString(), "-e",
          dir.resolve("logs/error.log").toString(), "-c", conf.toString()));
      if (g != null) {
        return g;
      }
      last = new IOException("nginx did not start: " + log(dir));
    }
    throw last;
  }

  /**
   * Starts Caddy with the Caddyfile site block produced by {@code siteBlock}, after global
   * options that keep it to the test: no admin endpoint, no automatic HTTPS, storage in the
   * temp folder.
   */
  static GatewayProcess caddy(Path dir, Config siteBlock) throws Exception {
    Path bin = binary("caddy");
    IOException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      int port = freePort();
      Files.createDirectories(dir.resolve("logs"));
      Files.createDirectories(dir.resolve("data"));
      Path conf = dir.resolve("Caddyfile");
      String config = String.join("\n",
          "{",
          "\tadmin off",
          "\tauto_https off",
          "\tstorage file_system " + dir.resolve("data"),
          "}",
          siteBlock.forPort(port));
      Files.writeString(conf, config, StandardCharsets.UTF_8);
      ProcessBuilder pb = new ProcessBuilder(bin.toString(), "run", "--config", conf.toString(), "--adapter", "caddyfile");
      pb.environment().put("HOME", dir.toString());
      pb.environment().put("XDG_DATA_HOME", dir.resolve("data").toString());
      pb.environment().put("XDG_CONFIG_HOME", dir.resolve("data").toString());
      GatewayProcess g = started(dir, port, pb);
      if (g != null) {
        return g;
      }
      last = new IOException("caddy did not start: " + log(dir));
    }
    throw last;
  }

  /** Starts the process and waits until it accepts connections on {@code port}; null if it did not. */
  private static GatewayProcess started(Path dir, int port, ProcessBuilder pb) throws Exception {
    Files.createDirectories(dir.resolve("logs"));
    Process p = pb.redirectErrorStream(true).redirectOutput(dir.resolve("logs/stdout.log").toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < deadline && p.isAlive()) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return new GatewayProcess(p, dir, port);
      } catch (IOException e) {
        Thread.sleep(50);
      }
    }
    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    return null;
  }

  private static String log(Path dir) {
    try {
      Path error = dir.resolve("logs/error.log");
      return (Files.exists(error) ? Files.readString(error) : "") + Files.readString(dir.resolve("logs/stdout.log"));
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
