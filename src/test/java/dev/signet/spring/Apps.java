package dev.signet.spring;

import dev.signet.spring.boot.SignetAutoConfiguration;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts real Spring Boot applications on free loopback ports, in this JVM. */
public final class Apps {
  private Apps() {}

  /** Quiet, on a free port of 127.0.0.1, with the test's clock as {@code signetClock}. */
  public static ConfigurableApplicationContext start(
      Class<?> app, WebApplicationType type, Clock clock, Map<String, Object> properties) {
    List<String> args = new ArrayList<>();
    args.add("--server.port=0");
    args.add("--server.address=127.0.0.1");
    args.add("--spring.main.banner-mode=off");
    args.add("--spring.jmx.enabled=false");
    args.add("--logging.level.root=WARN");
    args.add("--logging.level.dev.signet=WARN");
    properties.forEach((k, v) -> args.add("--" + k + "=" + v));
    return new SpringApplicationBuilder(app)
        .web(type)
        .initializers(ctx -> {
          if (clock != null) {
            ctx.getBeanFactory().registerSingleton(SignetAutoConfiguration.CLOCK_BEAN, clock);
          }
        })
        .run(args.toArray(new String[0]));
  }

  /** {@code http://127.0.0.1:PORT} of a started web application. */
  public static String base(ConfigurableApplicationContext ctx) {
    return "http://127.0.0.1:" + ctx.getEnvironment().getProperty("local.server.port");
  }
}
