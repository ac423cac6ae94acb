package dev.signet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.internal.Base64Url;
import dev.signet.internal.StrictJson;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code signet inspect}: shows a token's header (and a signed token's claims) without verifying anything. */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = {
      "Decode a token WITHOUT verifying it: the header, and the claims of a signed-only token.",
      "The output is unverified and must not be trusted; a sealed (encrypted) token shows only its header."
    })
final class InspectCommand implements Callable<Integer> {
  private static final StrictJson JSON = new StrictJson(32);

  @Parameters(index = "0", arity = "0..1", paramLabel = "TOKEN", description = "The token, or '-' (the default) to read it from standard input.")
  String token;

  @Option(names = "--json", description = "Print one JSON object: {\"verified\":false, \"format\", \"header\", \"claims\"}.")
  boolean json;

  @Spec CommandSpec spec;

  @ParentCommand Main main;

  @Override
  public Integer call() {
    String t = TokenInput.read(token, main.stdin);
    PrintWriter out = spec.commandLine().getOut();
    String[] parts = t.split("\\.", -1);
    if (parts.length != 3 && parts.length != 5) {
      throw CliException.rejected("malformed token: " + parts.length + " segments, expected 3 (signed) or 5 (sealed)");
    }
    boolean sealed = parts.length == 5;
    ObjectNode header = decode(parts[0], "header");
    ObjectNode claims = sealed ? null : decode(parts[1], "claims");
    if (json) {
      ObjectNode o = SessionJson.MAPPER.createObjectNode();
      o.put("verified", false);
      o.put("format", sealed ? "JWE" : "JWS");
      o.set("header", header);
      o.set("claims", claims);
      out.println(SessionJson.write(o, true));
      return ExitCodes.OK;
    }
    out.println("UNVERIFIED: decoded without checking keys, signature or expiry; do not trust it.");
    out.println("format: " + (sealed ? "sealed (JWE); the claims are encrypted, 'signet verify' shows them" : "signed (JWS)"));
    out.println("header: " + SessionJson.write(header, true));
    if (claims != null) {
      out.println("claims: " + SessionJson.write(claims, false));
      for (String name : new String[] {"iat", "exp", "sxp", "auth_time"}) {
        JsonNode n = claims.get(name);
        if (n != null && n.canConvertToLong() && n.longValue() >= 0 && n.longValue() <= 253_402_300_799L) {
          out.println("  " + name + " = " + Instant.ofEpochSecond(n.longValue()));
        }
      }
    }
    return ExitCodes.OK;
  }

  private static ObjectNode decode(String segment, String what) {
    byte[] bytes = Base64Url.decode(segment);
    try {
      if (bytes == null) {
        throw new IllegalArgumentException("not base64url");
      }
      return JSON.parseObject(bytes);
    } catch (StrictJson.Invalid | IllegalArgumentException e) {
      throw CliException.rejected("malformed token: the " + what + " is not base64url-encoded JSON");
    }
  }
}
