package dev.signet.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.IssuedToken;
import dev.signet.NewSession;
import dev.signet.TokenIssuer;
import dev.signet.keys.Keyset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code signet issue}: starts a session for a subject and prints its token. */
@Command(
    name = "issue",
    mixinStandardHelpOptions = true,
    description = {
      "Start a session for a subject and print its token on stdout (alone, for TOKEN=$(signet issue ...)).",
      "Needs a full keyset (with the private signing key)."
    })
final class IssueCommand implements Callable<Integer> {
  @Mixin KeysetOptions keys;
  @Mixin TokenOptions token;

  @Option(names = "--sub", required = true, paramLabel = "ID", description = "The subject (sub): who the session is for.")
  String subject;

  @Option(names = "--ttl", paramLabel = "DURATION", defaultValue = "15m", converter = DurationConverter.class,
      description = "Idle timeout: the token expires this long after issue unless renewed (default: ${DEFAULT-VALUE}).")
  Duration ttl;

  @Option(names = "--max-age", paramLabel = "DURATION", defaultValue = "12h", converter = DurationConverter.class,
      description = "Absolute timeout: no renewal extends the session past this (default: ${DEFAULT-VALUE}).")
  Duration maxAge;

  @Option(names = "--role", paramLabel = "ROLE", description = "A role of the session; repeat for several.")
  List<String> roles = new ArrayList<>();

  @Option(names = "--json", description = "Print {\"token\": ..., \"claims\": {...}} instead of the token alone.")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    checkDuration("--ttl", ttl);
    checkDuration("--max-age", maxAge);
    if (ttl.compareTo(maxAge) > 0) {
      throw CliException.usage("--ttl (" + ttl + ") must not exceed --max-age (" + maxAge + ")");
    }
    NewSession request;
    try {
      request = NewSession.forSubject(subject).withRoles(roles);
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
    keys.checkRedisOptionsUsed(false);
    Keyset keyset = keys.load();
    TokenIssuer issuer;
    try {
      issuer = TokenIssuer.builder(keyset).issuer(token.issuer).audience(token.audience)
          .profile(token.profile(spec, keyset)).idleTimeout(ttl).absoluteTimeout(maxAge).build();
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    } catch (IllegalStateException e) {
      throw CliException.config(keys.where() + ": " + e.getMessage());
    }
    IssuedToken t = issuer.start(request);
    if (json) {
      ObjectNode o = SessionJson.MAPPER.createObjectNode();
      o.put("token", t.token());
      o.set("claims", SessionJson.claims(t.session()));
      spec.commandLine().getOut().println(SessionJson.write(o, true));
    } else {
      spec.commandLine().getOut().println(t.token());
    }
    return ExitCodes.OK;
  }

  static void checkDuration(String option, Duration d) {
    if (d.getNano() != 0 || d.getSeconds() < 1 || d.getSeconds() > 366L * 24 * 3600) {
      throw CliException.usage(option + " must be whole seconds between 1s and 366d, got " + d);
    }
  }
}
