package dev.signet.spring.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/** Renews the session cookie on activity, once a request arrives past the renewal point. */
final class SignetRenewalFilter extends OncePerRequestFilter {
  private final SignetSecurityContextRepository repository;

  SignetRenewalFilter(SignetSecurityContextRepository repository) {
    this.repository = repository;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    repository.renewIfDue(request, response);
    chain.doFilter(request, response);
  }
}
