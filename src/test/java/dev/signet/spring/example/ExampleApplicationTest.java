package dev.signet.spring.example;

import dev.signet.spring.SessionFlowContract;
import org.springframework.boot.WebApplicationType;

/** The servlet example application, twice on one Redis, through the session flow contract. */
class ExampleApplicationTest extends SessionFlowContract {
  @Override
  protected Class<?> application() {
    return ExampleApplication.class;
  }

  @Override
  protected WebApplicationType type() {
    return WebApplicationType.SERVLET;
  }
}
