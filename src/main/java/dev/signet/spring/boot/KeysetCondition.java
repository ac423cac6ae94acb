package dev.signet.spring.boot;

import dev.signet.keys.Keyset;
import dev.signet.keys.KeysetFileException;
import java.util.function.BiPredicate;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when the keyset file of {@code signet.keyset} has what a bean needs. The file is read
 * once more for this; an application that supplies its own {@code KeysetSource} supplies the
 * beans that depend on these conditions as well.
 */
abstract class KeysetCondition extends SpringBootCondition {
  private final BiPredicate<Keyset, Environment> test;
  private final String what;

  KeysetCondition(BiPredicate<Keyset, Environment> test, String what) {
    this.test = test;
    this.what = what;
  }

  @Override
  public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
    Environment env = context.getEnvironment();
    String keyset = env.getProperty("signet.keyset");
    if (keyset == null || keyset.isBlank()) {
      return ConditionOutcome.noMatch("signet.keyset is not set");
    }
    Keyset k;
    try {
      k = Keysets.file(keyset, env.getProperty("signet.passphrase-env"), env.getProperty("signet.passphrase-file"),
          Boolean.parseBoolean(env.getProperty("signet.allow-insecure-permissions", "false"))).load();
    } catch (KeysetFileException e) {
      // The keyset bean fails start-up with the same error; this condition only decides.
      return ConditionOutcome.noMatch("keyset file does not load: " + e.reason());
    }
    return test.test(k, env)
        ? ConditionOutcome.match("keyset has " + what)
        : ConditionOutcome.noMatch("keyset has no " + what);
  }
}
