package dev.signet.cli;

/** The nginx configuration documented in docs/GATEWAYS.md, as the end-to-end test runs it. */
final class GatewayConfigs {
  private GatewayConfigs() {}

  /** The {@code upstream} and {@code server} blocks of docs/GATEWAYS.md for the given addresses. */
  static String nginxServer(int listenPort, String signetAddress, String appAddress) {
    return String.join("\n",
        "  upstream signet {",
        "    server " + signetAddress + ";",
        "    keepalive 32;",
        "  }",
        "  server {",
        "    listen 127.0.0.1:" + listenPort + ";",
        "",
        "    location = /_signet {",
        "      internal;",
        "      proxy_pass http://signet/auth;",
        "      proxy_http_version 1.1;",
        "      proxy_set_header Connection \"\";",
        "      proxy_pass_request_body off;",
        "      proxy_set_header Content-Length \"\";",
        "      proxy_set_header X-Original-URI $request_uri;",
        "    }",
        "",
        "    location / {",
        "      auth_request /_signet;",
        "      auth_request_set $signet_subject $upstream_http_x_signet_subject;",
        "      auth_request_set $signet_session $upstream_http_x_signet_session;",
        "      auth_request_set $signet_roles $upstream_http_x_signet_roles;",
        "      proxy_set_header X-Signet-Subject $signet_subject;",
        "      proxy_set_header X-Signet-Session $signet_session;",
        "      proxy_set_header X-Signet-Roles $signet_roles;",
        "      proxy_pass http://" + appAddress + ";",
        "    }",
        "  }");
  }
}
