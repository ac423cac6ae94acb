package dev.signet.cli;

import java.nio.file.Path;

/** nginx 1.22 ({@code auth_request}) with the ```nginx block of docs/GATEWAYS.md. */
class NginxGatewayTest extends GatewayTest {
  @Override
  GatewayProcess start(Path dir, int signetPort, int appPort) throws Exception {
    return GatewayProcess.nginx(dir, port -> GatewayDocs.nginx(port, signetPort, appPort));
  }
}
