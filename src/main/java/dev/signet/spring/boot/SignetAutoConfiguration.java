package dev.signet.spring.boot;

import dev.signet.SessionManager;
import dev.signet.SessionPolicy;
import dev.signet.TokenIssuer;
import dev.signet.TokenVerifier;
import dev.signet.http.CsrfTokens;
import dev.signet.http.SessionCookie;
import dev.signet.keys.KeyPurpose;
import dev.signet.keys.KeysetFileException;
import dev.signet.keys.KeysetSource;
import dev.signet.keys.ReloadingKeyset;
import dev.signet.revocation.RevocationStore;
import dev.signet.spring.security.SignetSessions;
import java.io.IOException;
import java.time.Clock;
import java.util.Locale;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * Spring Boot auto-configuration of Signet from the {@code signet.*} properties
 * ({@link SignetProperties}); active once {@code signet.keyset} is set. Every bean backs off
 * when the application defines its own of the same type.
 *
 * <ul>
 *   <li>{@link KeysetSource}: the keyset file, reloaded when it changes (a rotation by
 *       {@code signet keys rotate} is in use within {@code signet.keyset-reload-interval});
 *   <li>{@link RevocationStore}: {@code signet.revocations} (a log file, or Redis shared by every
 *       instance), in memory when unset;
 *   <li>{@link TokenVerifier}, and {@link TokenIssuer} plus {@link SessionManager} only when the
 *       keyset holds a private signing key: a verify-only application (a verifier keyset) gets
 *       a verifier and no issuer;
 *   <li>{@link SessionCookie}, {@link CsrfTokens} (when the keyset has an encryption key), and
 *       {@link SignetSessions} for the Spring Security integration.
 * </ul>
 *
 * <p>The clock of sessions (issuing, verifying, renewing, cookies) is the bean named
 * {@code signetClock} when there is one (tests), else the system UTC clock; the revocation store
 * always keeps the system clock. {@code signet.policy} checks the timeouts and the cookie at start-up.
 */
@AutoConfiguration
@ConditionalOnClass(TokenVerifier.class)
@EnableConfigurationProperties(SignetProperties.class)
public class SignetAutoConfiguration {
  /** The name of an optional {@link Clock} bean Signet uses instead of the system clock. */
  public static final String CLOCK_BEAN = "signetClock";

  /** The keyset file, reloaded when it changes. */
  @Bean
  @ConditionalOnProperty(prefix = "signet", name = "keyset")
  @ConditionalOnMissingBean(KeysetSource.class)
  public ReloadingKeyset signetKeyset(SignetProperties p) throws KeysetFileException {
    return ReloadingKeyset.builder(Keysets.file(p)).interval(p.getKeysetReloadInterval()).start();
  }

  /** The revocation store of {@code signet.revocations}. */
  @Bean
  @ConditionalOnBean(KeysetSource.class)
  @ConditionalOnMissingBean(RevocationStore.class)
  public RevocationStore signetRevocationStore(SignetProperties p) throws IOException {
    // The system clock, whatever signetClock is: a Redis mirror's freshness is measured against
    // Redis itself, which lives in real time.
    return RevocationStores.open(p.getRevocations(), p.getRedis(), Clock.systemUTC());
  }

  /** The verifier every request goes through. */
  @Bean
  @ConditionalOnBean({KeysetSource.class, RevocationStore.class})
  @ConditionalOnMissingBean
  public TokenVerifier signetTokenVerifier(
      KeysetSource keys, RevocationStore store, SignetProperties p, @Qualifier(CLOCK_BEAN) ObjectProvider<Clock> clock) {
    TokenVerifier.Builder b = TokenVerifier.builder(keys)
        .issuer(required("signet.issuer", p.getIssuer()))
        .audience(required("signet.audience", p.getAudience()))
        .profile(p.getProfile())
        .leeway(p.getLeeway())
        .clock(clock(clock))
        .revocations(store);
    if (p.getCache() > 0) {
      b.cacheVerifiedTokens(p.getCache(), p.getCacheLifetime());
    }
    if (p.isFailOpenOnRevocationErrors()) {
      b.failOpenOnRevocationErrors();
    }
    return b.build();
  }

  /** The issuer, only when the keyset holds a private signing key. */
  @Bean
  @ConditionalOnBean(KeysetSource.class)
  @ConditionalOnMissingBean
  @Conditional(SigningKeysetCondition.class)
  public TokenIssuer signetTokenIssuer(
      KeysetSource keys, SignetProperties p, @Qualifier(CLOCK_BEAN) ObjectProvider<Clock> clock) {
    return TokenIssuer.builder(keys)
        .issuer(required("signet.issuer", p.getIssuer()))
        .audience(required("signet.audience", p.getAudience()))
        .profile(p.getProfile())
        .idleTimeout(p.getIdleTimeout())
        .absoluteTimeout(p.getAbsoluteTimeout())
        .clock(clock(clock))
        .build();
  }

  /** The session lifecycle, when there is an issuer. */
  @Bean
  @ConditionalOnBean({TokenIssuer.class, TokenVerifier.class, RevocationStore.class})
  @ConditionalOnMissingBean
  public SessionManager signetSessionManager(
      TokenIssuer issuer, TokenVerifier verifier, SignetProperties p,
      @Qualifier(CLOCK_BEAN) ObjectProvider<Clock> clock) {
    SessionManager.Builder b = SessionManager.builder(issuer, verifier) // writes to the verifier's store
        .renewAfter(p.getRenewAfter())
        .clock(clock(clock));
    SessionPolicy policy = policy(p.getPolicy());
    if (policy != null) {
      b.policy(policy);
    }
    return b.build();
  }

  /**
   * The session cookie of {@code signet.cookie.*}. With {@code signet.cookie.secure=false} and no
   * {@code signet.cookie.name} it is the library's local-development cookie
   * ({@code signet-dev}); {@link SignetSessions} refuses it unless {@code signet.issuer} is on loopback.
   */
  @Bean
  @ConditionalOnBean(KeysetSource.class)
  @ConditionalOnMissingBean
  public SessionCookie signetSessionCookie(SignetProperties p, @Qualifier(CLOCK_BEAN) ObjectProvider<Clock> clock) {
    SessionCookie.Builder b = SessionCookie.builder()
        .sameSite(p.getCookie().getSameSite())
        .clock(clock(clock));
    String name = p.getCookie().getName();
    if (!p.getCookie().isSecure()) {
      b.insecureForLocalDevelopment();
      if (SessionCookie.DEFAULT_NAME.equals(name)) {
        name = null; // the library's local-development name: a __Host- cookie requires Secure
      }
    }
    if (name != null) {
      b.name(name);
    }
    SessionPolicy policy = policy(p.getPolicy());
    if (policy != null) {
      b.policy(policy);
    }
    return b.build();
  }

  /** CSRF tokens derived from the keyset, when it has an encryption key. */
  @Bean
  @ConditionalOnBean(KeysetSource.class)
  @ConditionalOnMissingBean
  @Conditional(EncryptionKeysetCondition.class)
  public CsrfTokens signetCsrfTokens(KeysetSource keys) {
    return CsrfTokens.fromKeyset(keys);
  }

  /** The Spring face of the session lifecycle, for the security integrations and the gateway filter. */
  @Bean
  @ConditionalOnClass(name = "org.springframework.security.core.Authentication")
  @ConditionalOnBean({TokenVerifier.class, SessionCookie.class})
  @ConditionalOnMissingBean
  public SignetSessions signetSessions(
      TokenVerifier verifier, SessionCookie cookie, ObjectProvider<SessionManager> sessions,
      ObjectProvider<RevocationStore> store) {
    SignetSessions.Builder b = SignetSessions.builder(verifier).cookie(cookie);
    sessions.ifAvailable(b::sessions);
    store.ifAvailable(b::revocations);
    return b.build();
  }

  static Clock clock(ObjectProvider<Clock> clock) {
    return clock.getIfAvailable(Clock::systemUTC);
  }

  private static String required(String name, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(name + " is required");
    }
    return value;
  }

  /** The preset named by {@code signet.policy} ({@code asvs-l2}, {@code ASVS_L2}, ...); null when unset. */
  static SessionPolicy policy(String name) {
    if (name == null || name.isBlank()) {
      return null;
    }
    switch (name.strip().toUpperCase(Locale.ROOT).replace('-', '_')) {
      case "ASVS_L1":
        return SessionPolicy.ASVS_L1;
      case "ASVS_L2":
        return SessionPolicy.ASVS_L2;
      case "ASVS_L3":
        return SessionPolicy.ASVS_L3;
      case "PCI_DSS":
        return SessionPolicy.PCI_DSS;
      default:
        throw new IllegalStateException(
            "signet.policy must be one of asvs-l1, asvs-l2, asvs-l3, pci-dss; got '" + name + "'");
    }
  }

  /** Matches when the keyset could be used for CSRF tokens (an encryption key). */
  static final class EncryptionKeysetCondition extends KeysetCondition {
    EncryptionKeysetCondition() {
      super((k, env) -> k.active(KeyPurpose.ENCRYPTION).isPresent(), "an encryption key");
    }
  }
}
