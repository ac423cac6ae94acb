package dev.signet;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ProxySelector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.Provider;
import java.security.Security;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TimeZone;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Fails a test class that leaves behind what another test could see: logger levels, appenders
 * or additivity; system properties; security providers; the default proxy selector, locale or
 * time zone; a file in the working directory; a running {@code signet-*} thread (a server,
 * poller or reloader not closed). Registered for every test class through
 * {@code META-INF/services} and {@code junit-platform.properties}; after reporting, it puts the
 * JVM-wide settings back so one leak does not spread to the classes that run after it.
 *
 * <p>Off in fuzzing mode ({@code JAZZER_FUZZ} set): one target runs alone there, and
 * {@link FuzzLogging} lowers the root logger for the whole run on purpose.
 */
public final class LeftBehindGuard implements BeforeAllCallback, AfterAllCallback {
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(LeftBehindGuard.class);
  /** Properties a library sets once, when its classes load: not a test's doing. */
  private static final Set<String> SET_BY_LIBRARIES = Set.of(
      "jetty.git.hash", // org.eclipse.jetty.util.Jetty's static initializer
      "jna.loaded", "jna.platform.library.path", "jnidispatch.path"); // JNA, when native Ed25519 loads

  /** How long threads of closed servers and pollers get to finish. */
  private static final long THREAD_GRACE_MS = 5_000;

  /** What one logger looks like: its own level, additivity and appenders. */
  record LoggerState(Level level, boolean additive, List<Appender<ILoggingEvent>> appenders) {
    static final LoggerState DEFAULT = new LoggerState(null, true, List.of());

    static LoggerState of(Logger l) {
      List<Appender<ILoggingEvent>> a = new ArrayList<>();
      for (Iterator<Appender<ILoggingEvent>> it = l.iteratorForAppenders(); it.hasNext(); ) {
        a.add(it.next());
      }
      return new LoggerState(l.getLevel(), l.isAdditive(), a);
    }

    @Override
    public String toString() {
      return "level " + level + ", additive " + additive + ", appenders "
          + appenders.stream().map(Appender::getName).collect(Collectors.toList());
    }
  }

  /** The JVM-wide state a test could leave behind. */
  record Snapshot(Map<String, LoggerState> loggers, Properties properties, List<String> providers,
      ProxySelector proxySelector, Locale locale, TimeZone timeZone, Set<String> workingDirectory,
      Set<Thread> signetThreads) {}

  private static final boolean FUZZING = System.getenv("JAZZER_FUZZ") != null && !System.getenv("JAZZER_FUZZ").isEmpty();

  @Override
  public void beforeAll(ExtensionContext context) {
    if (FUZZING) {
      return;
    }
    context.getStore(NS).put(context.getRequiredTestClass(), snapshot());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    Snapshot before = context.getStore(NS).remove(context.getRequiredTestClass(), Snapshot.class);
    if (before == null) {
      return;
    }
    List<String> left = leftBehind(before, THREAD_GRACE_MS);
    if (!left.isEmpty()) {
      throw new AssertionError(context.getRequiredTestClass().getSimpleName()
          + " left behind what other tests could see:\n  " + String.join("\n  ", left));
    }
  }

  /**
   * What differs from {@code before}, one line per item; every JVM-wide setting that differs is
   * put back (files and threads are only reported). New {@code signet-*} threads get
   * {@code graceMs} to finish.
   */
  static List<String> leftBehind(Snapshot before, long graceMs) {
    List<String> left = new ArrayList<>();
    loggers(before, left);
    properties(before, left);
    providers(before, left);
    if (ProxySelector.getDefault() != before.proxySelector) {
      left.add("default ProxySelector replaced");
      ProxySelector.setDefault(before.proxySelector);
    }
    if (!Locale.getDefault().equals(before.locale)) {
      left.add("default Locale " + before.locale + " -> " + Locale.getDefault());
      Locale.setDefault(before.locale);
    }
    if (!TimeZone.getDefault().getID().equals(before.timeZone.getID())) {
      left.add("default TimeZone " + before.timeZone.getID() + " -> " + TimeZone.getDefault().getID());
      TimeZone.setDefault(before.timeZone);
    }
    Set<String> files = new TreeSet<>(workingDirectory());
    files.removeAll(before.workingDirectory);
    if (!files.isEmpty()) {
      left.add("new files in the working directory " + files);
    }
    List<String> threads = threadsStillRunning(before.signetThreads, graceMs);
    if (!threads.isEmpty()) {
      left.add("threads still running " + threads);
    }
    return left;
  }

  static Snapshot snapshot() {
    Map<String, LoggerState> loggers = new HashMap<>();
    for (Logger l : loggerContext().getLoggerList()) {
      loggers.put(l.getName(), LoggerState.of(l));
    }
    List<String> providers = Stream.of(Security.getProviders()).map(Provider::getName).collect(Collectors.toList());
    return new Snapshot(loggers, (Properties) System.getProperties().clone(), providers,
        ProxySelector.getDefault(), Locale.getDefault(), TimeZone.getDefault(), workingDirectory(),
        signetThreads());
  }

  private static LoggerContext loggerContext() {
    return (LoggerContext) LoggerFactory.getILoggerFactory();
  }

  private static void loggers(Snapshot before, List<String> left) {
    for (Logger l : loggerContext().getLoggerList()) {
      LoggerState was = before.loggers.getOrDefault(l.getName(), LoggerState.DEFAULT);
      LoggerState now = LoggerState.of(l);
      if (!now.equals(was)) {
        left.add("logger " + l.getName() + ": " + was + " -> " + now);
        l.setLevel(was.level);
        l.setAdditive(was.additive);
        for (Appender<ILoggingEvent> a : now.appenders) {
          if (!was.appenders.contains(a)) {
            l.detachAppender(a);
          }
        }
        for (Appender<ILoggingEvent> a : was.appenders) {
          if (!now.appenders.contains(a)) {
            l.addAppender(a);
          }
        }
      }
    }
  }

  private static void properties(Snapshot before, List<String> left) {
    Properties now = (Properties) System.getProperties().clone();
    Set<String> keys = new TreeSet<>(now.stringPropertyNames());
    keys.addAll(before.properties.stringPropertyNames());
    keys.removeAll(SET_BY_LIBRARIES);
    for (String k : keys) {
      String was = before.properties.getProperty(k);
      String is = now.getProperty(k);
      if (!Objects.equals(was, is)) {
        left.add("system property " + k + ": " + was + " -> " + is);
        if (was == null) {
          System.clearProperty(k);
        } else {
          System.setProperty(k, was);
        }
      }
    }
  }

  private static void providers(Snapshot before, List<String> left) {
    List<String> now = Stream.of(Security.getProviders()).map(Provider::getName).collect(Collectors.toList());
    if (!now.equals(before.providers)) {
      left.add("security providers " + before.providers + " -> " + now);
      for (String p : now) {
        if (!before.providers.contains(p)) {
          Security.removeProvider(p);
        }
      }
    }
  }

  private static Set<String> workingDirectory() {
    try (Stream<Path> s = Files.list(Paths.get(""))) {
      return s.map(p -> p.getFileName().toString()).filter(n -> !n.equals("target")).collect(Collectors.toSet());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Set<Thread> signetThreads() {
    Set<Thread> out = new LinkedHashSet<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.isAlive() && t.getName().startsWith("signet-")) {
        out.add(t);
      }
    }
    return out;
  }

  /** The {@code signet-*} threads started since the snapshot that are still alive after a grace period. */
  private static List<String> threadsStillRunning(Set<Thread> before, long graceMs) {
    long deadline = System.currentTimeMillis() + graceMs;
    while (true) {
      Set<Thread> now = signetThreads();
      now.removeAll(before);
      if (now.isEmpty()) {
        return List.of();
      }
      if (System.currentTimeMillis() > deadline) {
        return now.stream().map(Thread::getName).sorted().collect(Collectors.toList());
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return List.of();
      }
    }
  }
}
