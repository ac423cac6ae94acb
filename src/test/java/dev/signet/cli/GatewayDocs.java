package dev.signet.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The gateway configurations of docs/GATEWAYS.md, read out of the file as a user would copy
 * them, with only the marked parts changed (see "The configurations are tested as printed").
 */
final class GatewayDocs {
  static final Path FILE = Path.of("docs", "GATEWAYS.md");
  static final String SIGNET = "127.0.0.1:9000";
  static final String APP = "127.0.0.1:8080";

  private GatewayDocs() {}

  /** The one fenced block of GATEWAYS.md with this info string ({@code nginx}, {@code caddyfile}). */
  static String block(String language) throws IOException {
    List<String> found = new ArrayList<>();
    StringBuilder current = null;
    for (String line : Files.readAllLines(FILE, StandardCharsets.UTF_8)) {
      if (current == null && line.equals("```" + language)) {
        current = new StringBuilder();
      } else if (current != null && line.equals("```")) {
        found.add(current.toString());
        current = null;
      } else if (current != null) {
        current.append(line).append('\n');
      }
    }
    if (found.size() != 1) {
      throw new AssertionError("docs/GATEWAYS.md must hold exactly one ```" + language + " block, has " + found.size());
    }
    return found.get(0);
  }

  /** The block with the documented signet and application addresses replaced. */
  static String withAddresses(String block, int signetPort, int appPort) {
    if (!block.contains(SIGNET) || !block.contains(APP)) {
      throw new AssertionError("the block must name signet serve as " + SIGNET + " and the application as " + APP);
    }
    return block.replace(SIGNET, "127.0.0.1:" + signetPort).replace(APP, "127.0.0.1:" + appPort);
  }

  /** The nginx block, listening on {@code port} without TLS (lines marked LISTEN and TLS). */
  static String nginx(int port, int signetPort, int appPort) throws IOException {
    StringBuilder out = new StringBuilder();
    int listen = 0;
    for (String line : withAddresses(block("nginx"), signetPort, appPort).split("\n", -1)) {
      if (line.endsWith("# TLS")) {
        continue;
      }
      if (line.endsWith("# LISTEN")) {
        listen++;
        line = line.substring(0, line.indexOf("listen")) + "listen 127.0.0.1:" + port + ";";
      }
      out.append(line).append('\n');
    }
    if (listen != 1) {
      throw new AssertionError("the nginx block must mark exactly one line # LISTEN");
    }
    return out.toString();
  }

  /** The Caddyfile block, serving plain HTTP on {@code port} instead of {@code app.example.com}. */
  static String caddy(int port, int signetPort, int appPort) throws IOException {
    String block = withAddresses(block("caddyfile"), signetPort, appPort);
    if (!block.startsWith("app.example.com {")) {
      throw new AssertionError("the Caddyfile block must start with the site address app.example.com");
    }
    return "http://127.0.0.1:" + port + block.substring("app.example.com".length());
  }
}
