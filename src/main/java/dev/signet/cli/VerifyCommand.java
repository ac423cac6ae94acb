package dev.signet.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.Rejection;
import dev.signet.TokenVerifier;
import dev.signet.Verification;
import dev.signet.keys.Keyset;
import dev.signet.revocation.InMemoryRevocationList;
import dev.signet.revocation.RevocationStore;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code signet verify}: verifies a token as a gateway would and prints its claims. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Verify a token as a gateway would; print the session's claims as JSON on stdout.",
      "A rejected token exits 1 with the reason (EXPIRED, REVOKED, BAD_SIGNATURE, ...) on stderr."
    })
final class VerifyCommand implements Callable<Integer> {
  @Mixin KeysetOptions keys;
  @Mixin TokenOptions token;
  @Option(names = "--revocations", paramLabel = "STORE", converter = RevocationStoreArg.Converter.class,
      description = RevocationStoreArg.DESCRIPTION + " Without it, no revocation is checked.")
  RevocationStoreArg revocations;

  @Parameters(index = "0", arity = "0..1", paramLabel = "TOKEN", description = "The token, or '-' (the default) to read it from standard input.")
  String tokenArg;

  @Option(names = "--leeway", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
      description = "Allowed clock skew for exp, nbf, iat and the hard expiry (default: ${DEFAULT-VALUE}, at most 5m).")
  Duration leeway;

  @Option(names = "--json", description = "Print one JSON line: {\"valid\":true,\"claims\":{...}} or {\"valid\":false,\"rejection\":\"...\"}.")
  boolean json;

  @Spec CommandSpec spec;
  @ParentCommand Main main;

  @Override
  public Integer call() throws IOException {
    if (leeway.compareTo(TokenVerifier.MAX_LEEWAY) > 0) {
      throw CliException.usage("--leeway must be at most 5m, got " + leeway);
    }
    if (revocations == null && keys.redis.any() && !keys.inRedis()) {
      throw CliException.usage("the --redis-* options need --revocations with a Redis store");
    }
    String t = TokenInput.read(tokenArg, main.stdin);
    Keyset keyset = keys.load();
    try (RevocationStore store = revocations == null ? new InMemoryRevocationList() : revocations.open(false, keys.redis)) {
      TokenVerifier verifier;
      try {
        verifier = TokenVerifier.builder(keyset).issuer(token.issuer).audience(token.audience)
            .profile(token.profile(spec, keyset)).leeway(leeway).revocations(store).build();
      } catch (IllegalArgumentException e) {
        throw CliException.usage(e.getMessage());
      } catch (IllegalStateException e) {
        throw CliException.config(keys.where() + ": " + e.getMessage());
      }
      Verification v = verifier.verify(t);
      if (v.isAccepted()) {
        ObjectNode claims = SessionJson.claims(v.session().orElseThrow());
        if (json) {
          ObjectNode o = SessionJson.MAPPER.createObjectNode();
          o.put("valid", true);
          o.set("claims", claims);
          spec.commandLine().getOut().println(SessionJson.write(o, true));
        } else {
          spec.commandLine().getOut().println(SessionJson.write(claims, false));
        }
        return ExitCodes.OK;
      }
      Rejection r = v.rejection().orElseThrow();
      if (json) {
        ObjectNode o = SessionJson.MAPPER.createObjectNode();
        o.put("valid", false);
        o.put("rejection", r.name());
        o.put("transient", r.isTransient());
        spec.commandLine().getOut().println(SessionJson.write(o, true));
      }
      throw CliException.rejected("token rejected: " + r + (v.detail().isEmpty() ? "" : " (" + v.detail() + ")"));
    }
  }
}
