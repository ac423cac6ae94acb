package dev.signet.cli;

import java.nio.file.Path;

/** Caddy 2 ({@code forward_auth}) with the ```caddyfile block of docs/GATEWAYS.md. */
class CaddyGatewayTest extends GatewayTest {
  @Override
  GatewayProcess start(Path dir, int signetPort, int appPort) throws Exception {
    return GatewayProcess.caddy(dir, port -> GatewayDocs.caddy(port, signetPort, appPort));
  }
}
