package dev.signet.redis;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLSocketFactory;

/**
 * How to reach a Redis deployment: where it is (a URL), who connects (an ACL user and the
 * password's source) and how TLS is checked. Shared by the revocation store
 * ({@code RedisRevocationList}) and the keyset channel ({@code RedisKeyset}).
 *
 * <pre>{@code
 * RedisOptions redis = RedisOptions.builder("rediss://signet@redis.internal:6380")
 *     .passwordFile(Path.of("/run/secrets/redis-password"))
 *     .trustedCertificates(Path.of("/etc/signet/redis-ca.pem"))
 *     .build();
 * }</pre>
 *
 * <p>URLs:
 *
 * <pre>
 * redis://[USER@]HOST[:PORT][/DB][?prefix=P]                  one server (port 6379)
 * rediss://[USER@]HOST[:PORT][/DB][?prefix=P]                 the same over TLS
 * redis-sentinel://[USER@]HOST[:PORT],.../MASTER[/DB][?prefix=P]  Sentinel (port 26379)
 * redis-cluster://[USER@]HOST[:PORT],...[?prefix=P]           Cluster seed nodes
 * rediss-sentinel://..., rediss-cluster://...                 TLS to every node
 * </pre>
 *
 * <p>Immutable. The password is never part of the URL (refused, and never repeated in a
 * message); it is read from its source each time a connector is made, and held only by the
 * connector. TLS always verifies the server's host name.
 */
public final class RedisOptions {
  /** The default TCP connect timeout. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);

  private final RedisAddress address;
  private final String url;
  private final String user;
  private final char[] password;
  private final String passwordVariable;
  private final Path passwordFile;
  private final Path caFile;
  private final Path clientCert;
  private final Path clientKey;
  private final Duration connectTimeout;

  private RedisOptions(Builder b) {
    this.address = b.address;
    this.url = b.url;
    this.user = b.user;
    this.password = b.password == null ? null : b.password.clone();
    this.passwordVariable = b.passwordVariable;
    this.passwordFile = b.passwordFile;
    this.caFile = b.caFile;
    this.clientCert = b.clientCert;
    this.clientKey = b.clientKey;
    this.connectTimeout = b.connectTimeout;
  }

  /**
   * A builder for the deployment a URL names (see the class javadoc).
   *
   * @throws IllegalArgumentException if the URL is malformed or carries a password; the message
   *     never repeats the password
   */
  public static Builder builder(String url) {
    return new Builder(RedisAddress.parse(url), redact(url));
  }

  /** A builder for one server at {@code host:port}, without TLS. */
  public static Builder builder(String host, int port) {
    Objects.requireNonNull(host, "host");
    if (host.isEmpty()) {
      throw new IllegalArgumentException("host must not be empty");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be between 1 and 65535");
    }
    RedisAddress a = RedisAddress.standalone(host, port);
    return new Builder(a, "redis://" + RedisAddress.format(a.nodes.get(0)));
  }

  /**
   * Removes anything that could be a password from a Redis URL, for messages and logs: whatever
   * lies between the first {@code ':'} after the scheme and the last {@code '@'} becomes
   * {@code ***}.
   */
  public static String redact(String url) {
    return RedisAddress.redact(url);
  }

  /** Whether {@code s} starts with one of the Redis URL schemes. */
  public static boolean isRedisUrl(String s) {
    String l = s.toLowerCase(java.util.Locale.ROOT);
    return l.startsWith("redis://") || l.startsWith("rediss://") || l.startsWith("redis-sentinel://")
        || l.startsWith("rediss-sentinel://") || l.startsWith("redis-cluster://") || l.startsWith("rediss-cluster://");
  }

  /** The key prefix the URL gives ({@code ?prefix=}), if any. */
  public Optional<String> urlPrefix() {
    return Optional.ofNullable(address.prefix);
  }

  /** The ACL user, if one is set. */
  public Optional<String> user() {
    return Optional.ofNullable(user);
  }

  /** Whether connections use TLS. */
  public boolean tls() {
    return address.tls;
  }

  /** For messages: the server, the Sentinel master and its sentinels, or the cluster seeds. */
  public String where() {
    return address.describe();
  }

  /**
   * The same deployment and credentials, for comparing two stores: true when both reach the
   * same nodes, database and mode (the password's source is not compared).
   */
  public boolean sameDeployment(RedisOptions other) {
    return address.mode == other.address.mode && address.tls == other.address.tls
        && address.nodes.equals(other.address.nodes) && Objects.equals(address.master, other.address.master)
        && address.database == other.address.database;
  }

  /**
   * Reads the password and TLS files and makes a connector (not API: used by Signet's Redis
   * stores). Nothing connects yet.
   *
   * @param clientName the name of every connection ({@code CLIENT LIST})
   * @param tag the hash tag of every key the store writes, so a cluster keeps them in one slot
   * @param socketTimeout the read timeout of every connection
   * @throws IOException if the password or a TLS file cannot be used
   */
  public RedisConnector connector(String clientName, String tag, Duration socketTimeout) throws IOException {
    char[] pw = resolvePassword();
    try {
      SSLSocketFactory tlsFactory = address.tls ? RedisTls.socketFactory(caFile, clientCert, clientKey) : null;
      return new RedisConnector(address, user, pw, tlsFactory, (int) connectTimeout.toMillis(),
          (int) socketTimeout.toMillis(), clientName, tag);
    } finally {
      if (pw != null && pw != password) {
        Arrays.fill(pw, '\0');
      }
    }
  }

  private char[] resolvePassword() throws IOException {
    if (password != null) {
      return password;
    }
    if (passwordVariable != null) {
      return RedisSecretFile.passwordFromEnvironment(passwordVariable);
    }
    return passwordFile == null ? null : RedisSecretFile.password(passwordFile);
  }

  /** The redacted URL; never a password. */
  @Override
  public String toString() {
    return "RedisOptions(" + url + ")";
  }

  /** Configures {@link RedisOptions}; each setter validates its argument at once. */
  public static final class Builder {
    private final RedisAddress address;
    private final String url;
    private String user;
    private char[] password;
    private String passwordVariable;
    private Path passwordFile;
    private Path caFile;
    private Path clientCert;
    private Path clientKey;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;

    private Builder(RedisAddress address, String url) {
      this.address = address;
      this.url = url;
      this.user = address.user;
    }

    /** The key prefix the URL gives ({@code ?prefix=}), if any. */
    public Optional<String> urlPrefix() {
      return Optional.ofNullable(address.prefix);
    }

    /** The ACL user (overrides a user in the URL); default the URL's, or Redis's default user. */
    public Builder user(String user) {
      Objects.requireNonNull(user, "user");
      if (user.isEmpty()) {
        throw new IllegalArgumentException("user must not be empty");
      }
      this.user = user;
      return this;
    }

    /** The password, held by the application (copied; wipe your array after). */
    public Builder password(char[] password) {
      Objects.requireNonNull(password, "password");
      if (password.length == 0) {
        throw new IllegalArgumentException("password must not be empty");
      }
      clearPassword();
      this.password = password.clone();
      return this;
    }

    /** The password from an environment variable, read when a connector is made. */
    public Builder passwordFromEnvironment(String variable) {
      Objects.requireNonNull(variable, "variable");
      if (variable.isEmpty()) {
        throw new IllegalArgumentException("variable must not be empty");
      }
      clearPassword();
      this.passwordVariable = variable;
      return this;
    }

    /**
     * The password from a file, read when a connector is made: a regular file (a symbolic link
     * is followed and its target checked) that only its owner may access, UTF-8, one trailing
     * line break removed, at most 4096 bytes.
     */
    public Builder passwordFile(Path file) {
      Objects.requireNonNull(file, "file");
      clearPassword();
      this.passwordFile = file;
      return this;
    }

    private void clearPassword() {
      if (password != null) {
        Arrays.fill(password, '\0');
      }
      password = null;
      passwordVariable = null;
      passwordFile = null;
    }

    /**
     * For TLS ({@code rediss://...}): the PEM file of the CA certificates to trust instead of
     * the JDK's default trust store. The server's certificate must still name the host (or IP
     * address) in the URL, or the one Sentinel or Cluster reports; that check cannot be turned off.
     */
    public Builder trustedCertificates(Path caPemFile) {
      this.caFile = Objects.requireNonNull(caPemFile, "caPemFile");
      return this;
    }

    /**
     * For TLS with client authentication: the client's PEM certificate chain and its
     * unencrypted PKCS#8 PEM key ({@code -----BEGIN PRIVATE KEY-----}), which only its owner may
     * access.
     */
    public Builder clientCertificate(Path certPemFile, Path keyPemFile) {
      this.clientCert = Objects.requireNonNull(certPemFile, "certPemFile");
      this.clientKey = Objects.requireNonNull(keyPemFile, "keyPemFile");
      return this;
    }

    /** The TCP connect timeout; default 2 s, 1 ms to 1 minute. */
    public Builder connectTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.toMillis() < 1 || timeout.compareTo(Duration.ofMinutes(1)) > 0) {
        throw new IllegalArgumentException("connectTimeout must be between 1 ms and 1 minute");
      }
      this.connectTimeout = timeout;
      return this;
    }

    /**
     * The options.
     *
     * @throws IllegalStateException if TLS files are given for a URL without TLS, or a user is
     *     set without a password
     */
    public RedisOptions build() {
      if (!address.tls && (caFile != null || clientCert != null)) {
        throw new IllegalStateException("trustedCertificates and clientCertificate need TLS: use a rediss:// URL");
      }
      if (user != null && password == null && passwordVariable == null && passwordFile == null) {
        throw new IllegalStateException("the Redis user " + user + " needs a password: give passwordFromEnvironment, "
            + "passwordFile or password");
      }
      return new RedisOptions(this);
    }
  }
}
