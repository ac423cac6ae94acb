package dev.signet.spring;

import dev.signet.spring.boot.SignetAutoConfiguration;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;

/**
 * Starts real Spring Boot applications on free loopback ports, in this JVM, leaving nothing
 * behind once they are closed: Boot does not reconfigure the test logging (its logging system is
 * off while they run), and the system properties Boot and its servers set ({@code PID},
 * {@code java.awt.headless}, {@code catalina.*}, ...) are put back when the last one closes.
 */
public final class Apps {
  /** Boot's switch for its logging system; {@code none} keeps logback-test.xml as it is. */
  private static final String LOGGING_SYSTEM = "org.springframework.boot.logging.LoggingSystem";
  private static int running;
  private static Properties before;

  private Apps() {}

  /**
   * Runs {@code app} with {@code args}; the JVM's system properties are restored when the last
   * application started here is closed (or when this one fails to start and no other runs).
   */
  public static ConfigurableApplicationContext run(SpringApplicationBuilder app, String... args) {
    acquire();
    AtomicBoolean released = new AtomicBoolean();
    app.listeners((ApplicationListener<ContextClosedEvent>) e -> {
      if (e.getApplicationContext().getParent() == null && released.compareAndSet(false, true)) {
        release();
      }
    });
    try {
      return app.run(args);
    } catch (RuntimeException | Error e) {
      if (released.compareAndSet(false, true)) {
        release();
      }
      throw e;
    }
  }

  private static synchronized void acquire() {
    if (running++ == 0) {
      before = (Properties) System.getProperties().clone();
      System.setProperty(LOGGING_SYSTEM, "none");
    }
  }

  private static synchronized void release() {
    if (--running > 0) {
      return;
    }
    Properties now = (Properties) System.getProperties().clone();
    for (String k : now.stringPropertyNames()) {
      if (before.getProperty(k) == null) {
        System.clearProperty(k);
      }
    }
    for (String k : before.stringPropertyNames()) {
      if (!Objects.equals(before.getProperty(k), System.getProperty(k))) {
        System.setProperty(k, before.getProperty(k));
      }
    }
    before = null;
  }

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
    return run(new SpringApplicationBuilder(app)
        .web(type)
        .initializers(ctx -> {
          if (clock != null) {
            ctx.getBeanFactory().registerSingleton(SignetAutoConfiguration.CLOCK_BEAN, clock);
          }
        }), args.toArray(new String[0]));
  }

  /** {@code http://127.0.0.1:PORT} of a started web application. */
  public static String base(ConfigurableApplicationContext ctx) {
    return "http://127.0.0.1:" + ctx.getEnvironment().getProperty("local.server.port");
  }
}
