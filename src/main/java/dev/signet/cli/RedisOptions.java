package dev.signet.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * How to reach a Redis store named by {@code --revocations} or a keyset in Redis named by
 * {@code --keyset redis://...}: the password's source (never the command line), and the TLS
 * files for {@code rediss://}. One set of options serves both when a command uses both.
 */
final class RedisOptions {
  @Option(names = "--redis-password-env", paramLabel = "VAR",
      description = "Environment variable holding the Redis password (for the ACL user in the URL, or the default user).")
  String passwordEnv;

  @Option(names = "--redis-password-file", paramLabel = "FILE",
      description = "File holding the Redis password; only its owner may access it.")
  Path passwordFile;

  @Option(names = "--redis-ca-file", paramLabel = "FILE",
      description = "PEM CA certificates to trust for rediss:// (default: the JDK's trust store); "
          + "the server's certificate must name the host, always.")
  Path caFile;

  @Option(names = "--redis-client-cert", paramLabel = "FILE",
      description = "PEM client certificate for rediss:// servers that require one (with --redis-client-key).")
  Path clientCert;

  @Option(names = "--redis-client-key", paramLabel = "FILE",
      description = "Unencrypted PKCS#8 PEM key of --redis-client-cert; only its owner may access it.")
  Path clientKey;

  /** A password on the command line is refused: other users can read it in the process list. */
  @Option(names = "--redis-password", hidden = true, paramLabel = "PASSWORD", arity = "0..1")
  void refusePassword(String ignored) {
    throw CliException.usage("a Redis password is never taken from the command line (other users can read it); "
        + "use --redis-password-env VAR or --redis-password-file FILE");
  }

  /** Whether any option was given (they apply only to a Redis store). */
  boolean any() {
    return passwordEnv != null || passwordFile != null || caFile != null || clientCert != null || clientKey != null;
  }

  /**
   * The connection options for {@code url} with these options applied; a usage error if the URL
   * is malformed or the options contradict each other or the URL.
   */
  dev.signet.redis.RedisOptions options(String url) {
    return options(url, e -> CliException.usage(
        "bad Redis URL " + Main.oneLine(dev.signet.redis.RedisOptions.redact(url)) + ": " + e.getMessage()));
  }

  /**
   * As {@link #options(String)}, with {@code badUrl} saying what a malformed URL is (for
   * example a revocation store's own message).
   */
  dev.signet.redis.RedisOptions options(String url, Function<IllegalArgumentException, CliException> badUrl) {
    dev.signet.redis.RedisOptions.Builder b;
    try {
      b = dev.signet.redis.RedisOptions.builder(url);
    } catch (IllegalArgumentException e) {
      throw badUrl.apply(e);
    }
    if (passwordEnv != null && passwordFile != null) {
      throw CliException.usage("give either --redis-password-env or --redis-password-file, not both");
    }
    if ((clientCert == null) != (clientKey == null)) {
      throw CliException.usage("--redis-client-cert and --redis-client-key go together");
    }
    if (passwordEnv != null) {
      b.passwordFromEnvironment(passwordEnv);
    }
    if (passwordFile != null) {
      b.passwordFile(passwordFile);
    }
    if (caFile != null) {
      b.trustedCertificates(caFile);
    }
    if (clientCert != null) {
      b.clientCertificate(clientCert, clientKey);
    }
    try {
      return b.build();
    } catch (IllegalStateException e) {
      throw CliException.usage(e.getMessage());
    }
  }

  /** The options of {@code revoke} that make an acknowledgement mean more. */
  static final class Durability {
    @Option(names = "--redis-wait-replicas", paramLabel = "N", defaultValue = "0",
        description = "Return only once N replicas have the entry (Redis WAIT); fail (exit 3) if fewer confirm "
            + "within --redis-wait-timeout. Default: ${DEFAULT-VALUE} (the master's acknowledgement).")
    int replicas;

    @Option(names = "--redis-wait-timeout", paramLabel = "DURATION", defaultValue = "2s",
        converter = DurationConverter.class,
        description = "How long --redis-wait-replicas waits (default: ${DEFAULT-VALUE}).")
    Duration timeout;
  }
}
