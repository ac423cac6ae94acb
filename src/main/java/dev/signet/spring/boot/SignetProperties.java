package dev.signet.spring.boot;

import dev.signet.TokenProfile;
import dev.signet.http.SameSite;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code signet.*} configuration properties of {@link SignetAutoConfiguration}.
 *
 * <pre>
 * signet.keyset=/etc/signet/keyset.json
 * signet.passphrase-env=SIGNET_PASSPHRASE
 * signet.issuer=https://login.example.com
 * signet.audience=app
 * signet.revocations=redis://127.0.0.1:6379
 * signet.policy=asvs-l2
 * </pre>
 *
 * <p>Defaults are those of the library: profile {@code signed-and-sealed}, idle timeout 30
 * minutes, absolute timeout 12 hours, leeway 60 s, cookie {@code __Host-signet} with
 * {@code Secure}, {@code HttpOnly} and {@code SameSite=Lax}, revocations in memory.
 */
@ConfigurationProperties(prefix = "signet")
public class SignetProperties {
  private String keyset;
  private String passphraseEnv;
  private String passphraseFile;
  private boolean allowInsecurePermissions;
  private Duration keysetReloadInterval = Duration.ofSeconds(5);
  private String issuer;
  private String audience;
  private TokenProfile profile = TokenProfile.SIGNED_AND_SEALED;
  private Duration idleTimeout = Duration.ofMinutes(30);
  private Duration absoluteTimeout = Duration.ofHours(12);
  private Duration leeway = Duration.ofSeconds(60);
  private double renewAfter = 0.5;
  private String revocations;
  private boolean failOpenOnRevocationErrors;
  private String policy;
  private int cache = 10_000;
  private Duration cacheLifetime = Duration.ofMinutes(5);
  private final Cookie cookie = new Cookie();
  private final Redis redis = new Redis();

  /** The keyset file (as the CLI's {@code --keyset}): a full keyset issues and verifies, a verifier keyset only verifies. */
  public String getKeyset() {
    return keyset;
  }

  /** Sets {@code signet.keyset}. */
  public void setKeyset(String keyset) {
    this.keyset = keyset;
  }

  /** The environment variable holding the passphrase of an encrypted keyset file. */
  public String getPassphraseEnv() {
    return passphraseEnv;
  }

  /** Sets {@code signet.passphrase-env}. */
  public void setPassphraseEnv(String passphraseEnv) {
    this.passphraseEnv = passphraseEnv;
  }

  /** The file holding the passphrase of an encrypted keyset file. */
  public String getPassphraseFile() {
    return passphraseFile;
  }

  /** Sets {@code signet.passphrase-file}. */
  public void setPassphraseFile(String passphraseFile) {
    this.passphraseFile = passphraseFile;
  }

  /** Load the keyset file even if group or others can read it (the CLI's {@code --allow-insecure-permissions}). */
  public boolean isAllowInsecurePermissions() {
    return allowInsecurePermissions;
  }

  /** Sets {@code signet.allow-insecure-permissions}. */
  public void setAllowInsecurePermissions(boolean allowInsecurePermissions) {
    this.allowInsecurePermissions = allowInsecurePermissions;
  }

  /** How often the keyset file is checked for a rotation; default 5 s. */
  public Duration getKeysetReloadInterval() {
    return keysetReloadInterval;
  }

  /** Sets {@code signet.keyset-reload-interval}. */
  public void setKeysetReloadInterval(Duration keysetReloadInterval) {
    this.keysetReloadInterval = keysetReloadInterval;
  }

  /** The {@code iss} minted and the only one accepted; required. */
  public String getIssuer() {
    return issuer;
  }

  /** Sets {@code signet.issuer}. */
  public void setIssuer(String issuer) {
    this.issuer = issuer;
  }

  /** The audience minted and the one a token must carry; required. */
  public String getAudience() {
    return audience;
  }

  /** Sets {@code signet.audience}. */
  public void setAudience(String audience) {
    this.audience = audience;
  }

  /** The token profile; default {@code signed-and-sealed}. */
  public TokenProfile getProfile() {
    return profile;
  }

  /** Sets {@code signet.profile}. */
  public void setProfile(TokenProfile profile) {
    this.profile = profile;
  }

  /** Token lifetime without activity (whole seconds); default 30 minutes. */
  public Duration getIdleTimeout() {
    return idleTimeout;
  }

  /** Sets {@code signet.idle-timeout}. */
  public void setIdleTimeout(Duration idleTimeout) {
    this.idleTimeout = idleTimeout;
  }

  /** Session lifetime, renewals included (whole seconds); default 12 hours. */
  public Duration getAbsoluteTimeout() {
    return absoluteTimeout;
  }

  /** Sets {@code signet.absolute-timeout}. */
  public void setAbsoluteTimeout(Duration absoluteTimeout) {
    this.absoluteTimeout = absoluteTimeout;
  }

  /** Allowed clock skew; default 60 s, at most 5 minutes. */
  public Duration getLeeway() {
    return leeway;
  }

  /** Sets {@code signet.leeway}. */
  public void setLeeway(Duration leeway) {
    this.leeway = leeway;
  }

  /** The part of the idle window after which a request renews the cookie; default 0.5. */
  public double getRenewAfter() {
    return renewAfter;
  }

  /** Sets {@code signet.renew-after}. */
  public void setRenewAfter(double renewAfter) {
    this.renewAfter = renewAfter;
  }

  /**
   * The revocation store, as the CLI's {@code --revocations}: a revocation log file or a Redis
   * URL ({@code redis://[USER@]HOST[:PORT][/DB][?prefix=P]}, {@code rediss://} for TLS,
   * {@code redis-sentinel://}, {@code redis-cluster://}), with {@link #getRedis()}'s password and CA; unset keeps revocations in memory (one instance only).
   */
  public String getRevocations() {
    return revocations;
  }

  /** Sets {@code signet.revocations}. */
  public void setRevocations(String revocations) {
    this.revocations = revocations;
  }

  /**
   * Accept tokens while the revocation store cannot answer. <b>Risk:</b> logged-out sessions are
   * accepted during the outage. Default false (503).
   */
  public boolean isFailOpenOnRevocationErrors() {
    return failOpenOnRevocationErrors;
  }

  /** Sets {@code signet.fail-open-on-revocation-errors}. */
  public void setFailOpenOnRevocationErrors(boolean failOpenOnRevocationErrors) {
    this.failOpenOnRevocationErrors = failOpenOnRevocationErrors;
  }

  /**
   * A session policy preset the configuration must satisfy at start-up: {@code asvs-l1},
   * {@code asvs-l2}, {@code asvs-l3} or {@code pci-dss}; none by default.
   */
  public String getPolicy() {
    return policy;
  }

  /** Sets {@code signet.policy}. */
  public void setPolicy(String policy) {
    this.policy = policy;
  }

  /** How many verified tokens the verifier remembers (0 turns the cache off); default 10000. */
  public int getCache() {
    return cache;
  }

  /** Sets {@code signet.cache}. */
  public void setCache(int cache) {
    this.cache = cache;
  }

  /** How long a cached verification may be reused; default 5 minutes. */
  public Duration getCacheLifetime() {
    return cacheLifetime;
  }

  /** Sets {@code signet.cache-lifetime}. */
  public void setCacheLifetime(Duration cacheLifetime) {
    this.cacheLifetime = cacheLifetime;
  }

  /** The session cookie ({@code signet.cookie.*}). */
  public Cookie getCookie() {
    return cookie;
  }

  /** The Redis revocation store's credentials and TLS ({@code signet.redis.*}). */
  public Redis getRedis() {
    return redis;
  }

  /** {@code signet.cookie.*}: the session cookie's name and attributes. */
  public static class Cookie {
    private String name = dev.signet.http.SessionCookie.DEFAULT_NAME;
    private SameSite sameSite = SameSite.LAX;
    private boolean secure = true;

    /** The cookie name; default {@code __Host-signet}. */
    public String getName() {
      return name;
    }

    /** Sets {@code signet.cookie.name}. */
    public void setName(String name) {
      this.name = name;
    }

    /** The {@code SameSite} attribute: {@code lax} (default), {@code strict} or {@code none}. */
    public SameSite getSameSite() {
      return sameSite;
    }

    /** Sets {@code signet.cookie.same-site}. */
    public void setSameSite(SameSite sameSite) {
      this.sameSite = sameSite;
    }

    /**
     * The {@code Secure} attribute; default true. False is for plain-HTTP development on
     * localhost only: the cookie is then {@code signet-dev} unless {@link #setName} names another
     * (without the {@code __Host-} prefix), and start-up fails unless the issuer is on loopback.
     * <b>Risk:</b> the session travels in clear text.
     */
    public boolean isSecure() {
      return secure;
    }

    /** Sets {@code signet.cookie.secure}. */
    public void setSecure(boolean secure) {
      this.secure = secure;
    }
  }

  /** {@code signet.redis.*}: credentials and TLS of a Redis revocation store. */
  public static class Redis {
    private String passwordEnv;
    private String passwordFile;
    private String caFile;

    /** The environment variable holding the Redis password (never put it in the URL). */
    public String getPasswordEnv() {
      return passwordEnv;
    }

    /** Sets {@code signet.redis.password-env}. */
    public void setPasswordEnv(String passwordEnv) {
      this.passwordEnv = passwordEnv;
    }

    /** The owner-only file holding the Redis password. */
    public String getPasswordFile() {
      return passwordFile;
    }

    /** Sets {@code signet.redis.password-file}. */
    public void setPasswordFile(String passwordFile) {
      this.passwordFile = passwordFile;
    }

    /** The PEM file of the CA that signed the Redis server's certificate ({@code rediss://}). */
    public String getCaFile() {
      return caFile;
    }

    /** Sets {@code signet.redis.ca-file}. */
    public void setCaFile(String caFile) {
      this.caFile = caFile;
    }
  }
}
