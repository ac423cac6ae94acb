package dev.signet.spring.webflux.example;

import dev.signet.Session;
import dev.signet.spring.webflux.SignetServerSecurity;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableReactiveMethodSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.logout.HttpStatusReturningServerLogoutSuccessHandler;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The WebFlux twin of the servlet example application: the same HTTP contract, with Signet
 * sessions through {@link SignetServerSecurity}.
 */
@SpringBootApplication
@EnableReactiveMethodSecurity
public class ReactiveExampleApplication {
  public static void main(String[] args) {
    SpringApplication.run(ReactiveExampleApplication.class, args);
  }

  @Bean
  SecurityWebFilterChain security(ServerHttpSecurity http, SignetServerSecurity signet) {
    http.authorizeExchange(a -> a.pathMatchers("/login", "/csrf", "/actuator/health/**").permitAll().anyExchange().authenticated())
        .formLogin(f -> f
            .authenticationSuccessHandler((exchange, auth) -> status(exchange.getExchange(), HttpStatus.NO_CONTENT))
            .authenticationFailureHandler((exchange, e) -> status(exchange.getExchange(), HttpStatus.UNAUTHORIZED)))
        .logout(l -> l.logoutSuccessHandler(new HttpStatusReturningServerLogoutSuccessHandler()));
    signet.customize(http);
    return http.build();
  }

  private static Mono<Void> status(ServerWebExchange exchange, HttpStatus status) {
    exchange.getResponse().setStatusCode(status);
    return exchange.getResponse().setComplete();
  }

  @Bean
  MapReactiveUserDetailsService users() {
    return new MapReactiveUserDetailsService(
        User.withUsername("alice").password("{noop}alice-password").roles("user").build(),
        User.withUsername("bob").password("{noop}bob-password").roles("user", "admin").build());
  }

  @RestController
  static class Api {
    @GetMapping("/api/me")
    Mono<Map<String, Object>> me(@AuthenticationPrincipal Session session) {
      return Mono.just(Map.of("subject", session.subject(), "roles", new TreeSet<>(session.roles()),
          "sid", session.sessionId()));
    }

    @GetMapping("/api/admin")
    @PreAuthorize("hasRole('admin')")
    Mono<Map<String, Object>> admin(@AuthenticationPrincipal Session session) {
      return Mono.just(Map.of("admin", session.subject()));
    }

    @PostMapping("/api/notes")
    Mono<Map<String, Object>> note(@AuthenticationPrincipal Session session) {
      return Mono.just(Map.of("saved", session.subject()));
    }

    @GetMapping("/csrf")
    Mono<Map<String, String>> csrf(ServerWebExchange exchange) {
      Mono<CsrfToken> token = exchange.getAttribute(CsrfToken.class.getName());
      return token.map(t -> Map.of("header", t.getHeaderName(), "parameter", t.getParameterName(), "token", t.getToken()));
    }
  }
}
