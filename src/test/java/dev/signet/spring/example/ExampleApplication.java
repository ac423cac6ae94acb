package dev.signet.spring.example;

import static dev.signet.spring.security.SignetConfigurer.signet;

import dev.signet.Session;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.logout.HttpStatusReturningLogoutSuccessHandler;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Spring Boot application whose sessions are Signet sessions: form login starts one, every
 * request verifies it (no {@code HttpSession}, no session store), activity renews it, logout and
 * "log out everywhere" end it on every instance sharing the revocation store.
 *
 * <p>Run it with a keyset made by {@code signet keys init --keyset keyset.json} and these
 * properties (the tests start it exactly so, twice, on one Redis):
 *
 * <pre>
 * signet.keyset=keyset.json
 * signet.issuer=https://example.test
 * signet.audience=example
 * signet.revocations=redis://127.0.0.1:6379
 * </pre>
 *
 * <p>Then: {@code GET /csrf} (the login form's token), {@code POST /login} (username, password,
 * {@code _csrf}) sets {@code __Host-signet}; {@code GET /api/me}; {@code POST /api/notes} with
 * {@code X-CSRF-TOKEN}; {@code POST /logout}; {@code POST /logout/everywhere}.
 */
@SpringBootApplication
@EnableMethodSecurity
public class ExampleApplication {
  public static void main(String[] args) {
    SpringApplication.run(ExampleApplication.class, args);
  }

  @Bean
  SecurityFilterChain security(HttpSecurity http) throws Exception {
    return http
        .authorizeHttpRequests(a -> a
            .requestMatchers("/login", "/csrf", "/actuator/health/**", "/error").permitAll()
            .anyRequest().authenticated())
        .formLogin(f -> f.successHandler((req, res, auth) -> res.setStatus(204))
            .failureHandler((req, res, e) -> res.setStatus(401)))
        .logout(l -> l.logoutSuccessHandler(new HttpStatusReturningLogoutSuccessHandler()))
        .with(signet(), Customizer.withDefaults())
        .build();
  }

  @Bean
  UserDetailsService users() {
    return new InMemoryUserDetailsManager(
        User.withUsername("alice").password("{noop}alice-password").roles("user").build(),
        User.withUsername("bob").password("{noop}bob-password").roles("user", "admin").build());
  }

  @RestController
  static class Api {
    /** Who is signed in: the session is the principal, its roles the authorities. */
    @GetMapping("/api/me")
    Map<String, Object> me(@AuthenticationPrincipal Session session) {
      return Map.of("subject", session.subject(), "roles", new TreeSet<>(session.roles()),
          "sid", session.sessionId());
    }

    @GetMapping("/api/admin")
    @PreAuthorize("hasRole('admin')")
    Map<String, Object> admin(@AuthenticationPrincipal Session session) {
      return Map.of("admin", session.subject());
    }

    @PostMapping("/api/notes")
    Map<String, Object> note(@AuthenticationPrincipal Session session) {
      return Map.of("saved", session.subject());
    }

    /** The CSRF token to echo: before login the login form's, after login the session's. */
    @GetMapping("/csrf")
    Map<String, String> csrf(CsrfToken token) {
      return Map.of("header", token.getHeaderName(), "parameter", token.getParameterName(), "token", token.getToken());
    }
  }
}
