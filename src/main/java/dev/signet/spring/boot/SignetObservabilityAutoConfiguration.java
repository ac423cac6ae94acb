package dev.signet.spring.boot;

import dev.signet.keys.KeysetSource;
import dev.signet.revocation.RevocationStore;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Signet's health indicator ({@code /actuator/health/signet}) and gauges, when Actuator and
 * Micrometer are on the class path: on Spring Boot 3 and on Spring Boot 4, whose health API
 * moved to its own module.
 */
@AutoConfiguration(after = SignetAutoConfiguration.class)
@ConditionalOnBean({KeysetSource.class, RevocationStore.class})
public class SignetObservabilityAutoConfiguration {
  /** The health of the keyset and the revocation store. */
  @Bean
  @ConditionalOnMissingBean
  SignetHealth signetHealth(
      KeysetSource keys, RevocationStore store,
      @Qualifier(SignetAutoConfiguration.CLOCK_BEAN) ObjectProvider<Clock> clock) {
    return new SignetHealth(keys, store, SignetAutoConfiguration.clock(clock));
  }

  /** Spring Boot 4's health API. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.health.contributor.AbstractHealthIndicator")
  static class Boot4Health {
    @Bean
    @ConditionalOnMissingBean(name = "signetHealthIndicator")
    SignetBoot4HealthIndicator signetHealthIndicator(SignetHealth health) {
      return new SignetBoot4HealthIndicator(health);
    }
  }

  /** Spring Boot 3's health API. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.actuate.health.AbstractHealthIndicator")
  static class Boot3Health {
    @Bean
    @ConditionalOnMissingBean(name = "signetHealthIndicator")
    SignetHealthIndicator signetHealthIndicator(SignetHealth health) {
      return new SignetHealthIndicator(health);
    }
  }

  /** Micrometer gauges. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
  static class Meters {
    @Bean
    @ConditionalOnMissingBean(name = "signetMeters")
    SignetMeters signetMeters(SignetHealth health) {
      return new SignetMeters(health);
    }
  }
}
