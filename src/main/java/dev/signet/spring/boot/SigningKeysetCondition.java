package dev.signet.spring.boot;

import dev.signet.keys.KeyPurpose;

/**
 * Matches when this application can issue: the keyset holds a private signing key (or, for the
 * {@code sealed} profile, which signs nothing, an encryption key).
 */
final class SigningKeysetCondition extends KeysetCondition {
  SigningKeysetCondition() {
    super((k, env) -> "SEALED".equals(profile(env))
        ? k.active(KeyPurpose.ENCRYPTION).isPresent() : k.canSign(), "what issuing needs");
  }

  private static String profile(org.springframework.core.env.Environment env) {
    return env.getProperty("signet.profile", "").strip().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
  }
}
