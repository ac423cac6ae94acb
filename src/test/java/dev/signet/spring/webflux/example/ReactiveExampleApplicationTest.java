package dev.signet.spring.webflux.example;

import dev.signet.spring.SessionFlowContract;
import org.springframework.boot.WebApplicationType;

/** The WebFlux example application, twice on one Redis, through the session flow contract. */
class ReactiveExampleApplicationTest extends SessionFlowContract {
  @Override
  protected Class<?> application() {
    return ReactiveExampleApplication.class;
  }

  @Override
  protected WebApplicationType type() {
    return WebApplicationType.REACTIVE;
  }
}
