package dev.signet.spring.gateway;

import dev.signet.revocation.RedisRevocationList;
import dev.signet.revocation.RevocationStore;
import java.io.IOException;
import java.time.Duration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * A gateway in front of one service: {@code /api/**} through the {@code Signet} filter (the
 * route of docs/SPRING.md, given as properties by the test), {@code /open/**} without it. Its revocation store is its own bean (replacing the
 * auto-configured one), on the test's Redis with a short staleness bound.
 */
@SpringBootApplication
public class GatewayApplication {
  @Bean
  RouteLocator routes(RouteLocatorBuilder routes, Environment env) {
    String downstream = env.getRequiredProperty("test.downstream");
    return routes.routes()
        .route("open", r -> r.path("/open/**").uri(downstream))
        .build();
  }

  /** Spring Security is on this class path too; the {@code Signet} route filter is what authenticates here. */
  @Bean
  SecurityWebFilterChain routesOnly(ServerHttpSecurity http) {
    return http.authorizeExchange(a -> a.anyExchange().permitAll()).csrf(c -> c.disable()).build();
  }

  @Bean
  RevocationStore signetRevocationStore(Environment env) throws IOException {
    return RedisRevocationList.builder("127.0.0.1", env.getRequiredProperty("test.redis-port", Integer.class))
        .keyPrefix(env.getRequiredProperty("test.redis-prefix"))
        .heartbeatInterval(Duration.ofMillis(100))
        .stalenessBound(Duration.ofMillis(600))
        .build();
  }
}
