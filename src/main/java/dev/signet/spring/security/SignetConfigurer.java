package dev.signet.spring.security;

import dev.signet.http.CsrfTokens;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Objects;
import org.springframework.context.ApplicationContext;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.logout.HttpStatusReturningLogoutSuccessHandler;
import org.springframework.security.web.authentication.logout.LogoutFilter;
import org.springframework.security.web.authentication.logout.SecurityContextLogoutHandler;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.savedrequest.CookieRequestCache;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Puts Signet sessions into a Spring Security filter chain, in one line:
 *
 * <pre>{@code
 * @Bean
 * SecurityFilterChain app(HttpSecurity http) throws Exception {
 *   return http
 *       .authorizeHttpRequests(a -> a.requestMatchers("/login").permitAll().anyRequest().authenticated())
 *       .formLogin(Customizer.withDefaults())
 *       .with(signet(), Customizer.withDefaults())
 *       .build();
 * }
 * }</pre>
 *
 * <p>It sets the {@link SignetSecurityContextRepository} (the session cookie, or a bearer
 * token, instead of the {@code HttpSession}), so every login that Spring Security saves (form,
 * OAuth2, or the application's own {@code saveContext}) starts a Signet session, and every
 * request with a valid session is a {@link SignetAuthentication} (roles as {@code ROLE_}
 * authorities, the {@code Session} as principal). It also:
 * <ul>
 *   <li>renews the cookie on activity past the renewal point ({@code signet.renew-after});
 *   <li>ends the session on logout (revocation in the shared store, cookie cleared), and ends
 *       every session of the user on {@code POST /logout/everywhere} (CSRF-protected);
 *   <li>binds Spring's CSRF token to the session ({@code X-CSRF-TOKEN} header or {@code _csrf}
 *       parameter), and exempts requests authenticated by a bearer token alone, which a browser
 *       never sends by itself;
 *   <li>answers 401 to a request that needs a session and has none, and 503 when its session
 *       could not be checked (revocation store unavailable), with an empty body;
 *   <li>keeps a login's saved request in a cookie, so no {@code HttpSession} is ever created.
 * </ul>
 *
 * <p>The beans come from the application context ({@code SignetAutoConfiguration}).
 */
public final class SignetConfigurer extends AbstractHttpConfigurer<SignetConfigurer, HttpSecurity> {
  /** The default path of "log out everywhere". */
  public static final String DEFAULT_LOGOUT_EVERYWHERE_PATH = "/logout/everywhere";

  private String logoutEverywherePath = DEFAULT_LOGOUT_EVERYWHERE_PATH;
  private AuthenticationEntryPoint entryPoint;
  private boolean csrf = true;
  private SignetSecurityContextRepository repository;

  private SignetConfigurer() {}

  /** The configurer, for {@code http.with(signet(), Customizer.withDefaults())}. */
  public static SignetConfigurer signet() {
    return new SignetConfigurer();
  }

  /** The path whose {@code POST} ends every session of the user; default {@value #DEFAULT_LOGOUT_EVERYWHERE_PATH}. */
  public SignetConfigurer logoutEverywherePath(String path) {
    Objects.requireNonNull(path, "path");
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("logoutEverywherePath must start with /");
    }
    this.logoutEverywherePath = path;
    return this;
  }

  /**
   * What to answer a request that needs a session and has none (for example a redirect to the
   * login page); default 401. A session that could not be checked is answered 503 either way.
   */
  public SignetConfigurer authenticationEntryPoint(AuthenticationEntryPoint entryPoint) {
    this.entryPoint = Objects.requireNonNull(entryPoint, "entryPoint");
    return this;
  }

  /** Leaves Spring's CSRF configuration as the application set it, instead of binding it to the session. */
  public SignetConfigurer withoutCsrfBinding() {
    this.csrf = false;
    return this;
  }

  /** Uses this repository instead of the application context's. */
  public SignetConfigurer repository(SignetSecurityContextRepository repository) {
    this.repository = Objects.requireNonNull(repository, "repository");
    return this;
  }

  @Override
  public void init(HttpSecurity http) throws Exception {
    SignetSecurityContextRepository repo = repository(http);
    http.setSharedObject(SecurityContextRepository.class, repo);
    http.securityContext(c -> c.securityContextRepository(repo));
    http.requestCache(c -> c.requestCache(new CookieRequestCache()));
    http.exceptionHandling(e -> e.authenticationEntryPoint(new SignetAuthenticationEntryPoint(repo, entryPoint)));
    http.logout(l -> l.addLogoutHandler(SignetLogoutHandler.session(repo)));
    if (csrf) {
      CsrfTokens tokens = csrfTokens(http);
      if (tokens != null) {
        http.csrf(c -> c.csrfTokenRepository(new SignetCsrfTokenRepository(repo, tokens))
            .ignoringRequestMatchers(bearerOnly(repo)));
      }
    }
  }

  @Override
  public void configure(HttpSecurity http) {
    SignetSecurityContextRepository repo = repository(http);
    http.addFilterAfter(new SignetRenewalFilter(repo), SecurityContextHolderFilter.class);
    LogoutFilter everywhere = new LogoutFilter(
        new HttpStatusReturningLogoutSuccessHandler(),
        SignetLogoutHandler.everywhere(repo),
        new SecurityContextLogoutHandler());
    everywhere.setLogoutRequestMatcher(post(logoutEverywherePath));
    http.addFilterBefore(everywhere, LogoutFilter.class);
  }

  private SignetSecurityContextRepository repository(HttpSecurity http) {
    if (repository == null) {
      ApplicationContext context = http.getSharedObject(ApplicationContext.class);
      if (context == null) {
        throw new IllegalStateException("no application context: pass the repository with .repository(...)");
      }
      repository = context.getBean(SignetSecurityContextRepository.class);
    }
    return repository;
  }

  private static CsrfTokens csrfTokens(HttpSecurity http) {
    ApplicationContext context = http.getSharedObject(ApplicationContext.class);
    return context == null ? null : context.getBeanProvider(CsrfTokens.class).getIfAvailable();
  }

  /** A request that presents no session cookie: its bearer token (if any) is not ambient authority. */
  private static RequestMatcher bearerOnly(SignetSecurityContextRepository repo) {
    return request -> request.getHeader("Authorization") != null
        && repo.sessions().cookieToken(cookieHeader(request)).isEmpty();
  }

  private static String cookieHeader(HttpServletRequest request) {
    java.util.List<String> all = java.util.Collections.list(request.getHeaders("Cookie"));
    return all.isEmpty() ? null : String.join("; ", all);
  }

  private static RequestMatcher post(String path) {
    return request -> "POST".equals(request.getMethod())
        && path.equals(request.getRequestURI().substring(request.getContextPath().length()));
  }
}
