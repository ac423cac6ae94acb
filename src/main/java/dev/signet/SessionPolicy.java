package dev.signet;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * A named set of limits a session configuration must stay within: idle and absolute timeouts,
 * the largest re-authentication age for sensitive actions, and the session cookie's attributes.
 *
 * <p>A {@link SessionManager} built with a policy refuses, at build time, an issuer whose
 * timeouts plus its verifier's leeway are looser than the policy's (a token is accepted until
 * its expiry plus the leeway, so that is the limit the user sees), and a {@code SessionCookie}
 * built with a policy refuses weaker cookie attributes; the {@link IllegalStateException} names
 * the policy, the rule and its source. Each preset's limits and sources are listed in {@code docs/LIFECYCLE.md}.
 *
 * <p>Timeouts follow OWASP ASVS 4.0.3 requirement V3.3.2 (after NIST SP 800-63B's
 * re-authentication limits per assurance level) and PCI DSS 4.0 requirement 8.2.8; cookie
 * rules follow ASVS 4.0.3 V3.4.1 to V3.4.4. The re-authentication ages are Signet's own
 * choices: ASVS V3.7.1 requires re-authentication before sensitive actions but sets no age.
 */
public final class SessionPolicy {
  /** One rule of a policy. */
  public enum Rule {
    /** The idle timeout (token lifetime without renewal) is at most the policy's. */
    IDLE_TIMEOUT,
    /** The absolute timeout (session lifetime, renewals included) is at most the policy's. */
    ABSOLUTE_TIMEOUT,
    /** The re-authentication age for sensitive actions is at most the policy's. */
    REAUTHENTICATION_AGE,
    /** The session cookie has the {@code Secure} attribute. */
    COOKIE_SECURE,
    /** The session cookie has the {@code HttpOnly} attribute. */
    COOKIE_HTTP_ONLY,
    /** The session cookie has {@code SameSite} set to {@code Lax} or {@code Strict}. */
    COOKIE_SAME_SITE,
    /** The session cookie's name has the {@code __Host-} prefix (host-only, {@code Path=/}, {@code Secure}). */
    COOKIE_HOST_PREFIX
  }

  private static final String ASVS = "OWASP ASVS 4.0.3 ";

  /**
   * OWASP ASVS 4.0.3 level 1: absolute timeout at most 30 days and idle timeout at most 30 days
   * (V3.3.2 L1), re-authentication within 1 hour for sensitive actions (Signet's choice for
   * V3.7.1), {@code __Host-} session cookie with {@code Secure}, {@code HttpOnly} and
   * {@code SameSite} Lax or Strict (V3.4.1–V3.4.4).
   */
  public static final SessionPolicy ASVS_L1 =
      asvs("OWASP ASVS 4.0.3 level 1", Duration.ofDays(30), Duration.ofDays(30), Duration.ofHours(1),
          "V3.3.2 (level 1: 30 days)");

  /**
   * OWASP ASVS 4.0.3 level 2: absolute timeout at most 12 hours, idle timeout at most 30
   * minutes (V3.3.2 L2), re-authentication within 15 minutes (Signet's choice for V3.7.1), and
   * the level 1 cookie rules.
   */
  public static final SessionPolicy ASVS_L2 =
      asvs("OWASP ASVS 4.0.3 level 2", Duration.ofMinutes(30), Duration.ofHours(12), Duration.ofMinutes(15),
          "V3.3.2 (level 2: 12 hours or 30 minutes of inactivity)");

  /**
   * OWASP ASVS 4.0.3 level 3: absolute timeout at most 12 hours, idle timeout at most 15
   * minutes (V3.3.2 L3), re-authentication within 5 minutes (Signet's choice for V3.7.1), and
   * the level 1 cookie rules.
   */
  public static final SessionPolicy ASVS_L3 =
      asvs("OWASP ASVS 4.0.3 level 3", Duration.ofMinutes(15), Duration.ofHours(12), Duration.ofMinutes(5),
          "V3.3.2 (level 3: 12 hours or 15 minutes of inactivity)");

  /**
   * PCI DSS 4.0: idle timeout at most 15 minutes (requirement 8.2.8); absolute timeout at most
   * 12 hours and re-authentication within 15 minutes (Signet's choices: PCI DSS sets neither),
   * and the ASVS cookie rules.
   */
  public static final SessionPolicy PCI_DSS = pci();

  private final String name;
  private final Duration maxIdleTimeout;
  private final Duration maxAbsoluteTimeout;
  private final Duration maxReauthenticationAge;
  private final Map<Rule, String> sources;

  private SessionPolicy(
      String name, Duration idle, Duration absolute, Duration reauth, Map<Rule, String> sources) {
    this.name = name;
    this.maxIdleTimeout = idle;
    this.maxAbsoluteTimeout = absolute;
    this.maxReauthenticationAge = reauth;
    this.sources = Map.copyOf(sources);
  }

  private static Map<Rule, String> cookieSources() {
    Map<Rule, String> m = new EnumMap<>(Rule.class);
    m.put(Rule.COOKIE_SECURE, ASVS + "V3.4.1");
    m.put(Rule.COOKIE_HTTP_ONLY, ASVS + "V3.4.2");
    m.put(Rule.COOKIE_SAME_SITE, ASVS + "V3.4.3");
    m.put(Rule.COOKIE_HOST_PREFIX, ASVS + "V3.4.4");
    return m;
  }

  private static SessionPolicy asvs(String name, Duration idle, Duration absolute, Duration reauth, String timeouts) {
    Map<Rule, String> m = cookieSources();
    m.put(Rule.IDLE_TIMEOUT, ASVS + timeouts);
    m.put(Rule.ABSOLUTE_TIMEOUT, ASVS + timeouts);
    m.put(Rule.REAUTHENTICATION_AGE, ASVS + "V3.7.1 (age chosen by Signet)");
    return new SessionPolicy(name, idle, absolute, reauth, m);
  }

  private static SessionPolicy pci() {
    Map<Rule, String> m = cookieSources();
    m.put(Rule.IDLE_TIMEOUT, "PCI DSS 4.0 requirement 8.2.8 (idle more than 15 minutes requires re-authentication)");
    m.put(Rule.ABSOLUTE_TIMEOUT, "Signet's PCI DSS preset (12 hours, as ASVS level 2)");
    m.put(Rule.REAUTHENTICATION_AGE, "Signet's PCI DSS preset (15 minutes)");
    return new SessionPolicy("PCI DSS 4.0", Duration.ofMinutes(15), Duration.ofHours(12), Duration.ofMinutes(15), m);
  }

  /** The policy's name, as used in error messages. */
  public String name() {
    return name;
  }

  /** The largest allowed idle timeout. */
  public Duration maxIdleTimeout() {
    return maxIdleTimeout;
  }

  /** The largest allowed absolute timeout. */
  public Duration maxAbsoluteTimeout() {
    return maxAbsoluteTimeout;
  }

  /** The largest allowed re-authentication age for sensitive actions; also the default of {@link SessionManager#requireRecentAuth(Session)}. */
  public Duration maxReauthenticationAge() {
    return maxReauthenticationAge;
  }

  /** Where a rule comes from (standard and requirement number, or "Signet's choice"). */
  public String source(Rule rule) {
    return sources.get(Objects.requireNonNull(rule, "rule"));
  }

  /**
   * Throws unless {@code holds}: the message names this policy, the rule, its source and what
   * was configured.
   *
   * @throws IllegalStateException naming the broken rule
   */
  public void require(Rule rule, boolean holds, String configured) {
    Objects.requireNonNull(rule, "rule");
    if (!holds) {
      throw new IllegalStateException(
          "configuration is looser than " + name + ": rule " + rule + " (" + source(rule) + "): " + configured);
    }
  }

  /**
   * Checks session timeouts against this policy, counting the leeway of a verifier: a token is
   * accepted until {@code exp} plus the leeway, and a session until {@code sxp} plus the leeway,
   * so the limits that hold for the user are {@code idleTimeout + leeway} and
   * {@code absoluteTimeout + leeway}, and those must be within the policy's. Under
   * {@link #ASVS_L3} (15 minutes idle), a 60-second leeway allows an idle timeout of at most
   * 14 minutes. A {@link SessionManager} with a policy runs this check with its verifier's
   * leeway; run it at the start-up of every other verifier (a gateway) of the same sessions with
   * that verifier's leeway.
   *
   * @throws IllegalStateException naming the first broken rule
   */
  public void requireTimeouts(
      Duration idleTimeout, Duration absoluteTimeout, Duration reauthenticationAge, Duration leeway) {
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    Objects.requireNonNull(absoluteTimeout, "absoluteTimeout");
    Objects.requireNonNull(reauthenticationAge, "reauthenticationAge");
    Objects.requireNonNull(leeway, "leeway");
    if (leeway.isNegative()) {
      throw new IllegalArgumentException("leeway must not be negative");
    }
    Duration idle = idleTimeout.plus(leeway);
    Duration absolute = absoluteTimeout.plus(leeway);
    require(Rule.IDLE_TIMEOUT, idle.compareTo(maxIdleTimeout) <= 0,
        "idle timeout " + idleTimeout + " plus the verifier's leeway " + leeway + " is " + idle
            + ", over " + maxIdleTimeout + " (lower the idle timeout or the leeway)");
    require(Rule.ABSOLUTE_TIMEOUT, absolute.compareTo(maxAbsoluteTimeout) <= 0,
        "absolute timeout " + absoluteTimeout + " plus the verifier's leeway " + leeway + " is " + absolute
            + ", over " + maxAbsoluteTimeout + " (lower the absolute timeout or the leeway)");
    require(Rule.REAUTHENTICATION_AGE, reauthenticationAge.compareTo(maxReauthenticationAge) <= 0,
        "re-authentication age " + reauthenticationAge + " exceeds " + maxReauthenticationAge);
  }

  @Override
  public String toString() {
    return name;
  }
}
