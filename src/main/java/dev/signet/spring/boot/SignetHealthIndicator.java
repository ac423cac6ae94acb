package dev.signet.spring.boot;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * Signet's health contributor {@code signet} on Spring Boot 3 (see {@link SignetHealth}); on
 * Spring Boot 4 {@link SignetBoot4HealthIndicator} takes its place.
 */
final class SignetHealthIndicator extends AbstractHealthIndicator {
  private final SignetHealth health;

  SignetHealthIndicator(SignetHealth health) {
    super("Signet health check failed");
    this.health = health;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    (health.isUp() ? builder.up() : builder.down()).withDetails(health.details());
  }
}
