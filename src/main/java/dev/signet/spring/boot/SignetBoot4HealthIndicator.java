package dev.signet.spring.boot;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/** Signet's health contributor {@code signet} on Spring Boot 4, whose health API has its own module. */
final class SignetBoot4HealthIndicator extends AbstractHealthIndicator {
  private final SignetHealth health;

  SignetBoot4HealthIndicator(SignetHealth health) {
    super("Signet health check failed");
    this.health = health;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    (health.isUp() ? builder.up() : builder.down()).withDetails(health.details());
  }
}
