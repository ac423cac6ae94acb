package dev.signet;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Worst-case rejection cost over the adversarial set: each is refused by the default verifier
 * in under 5 ms (median) and under 64 KiB allocated. The measured figures are written to
 * {@code target/rejection-cost.txt}.
 */
@Tag("attack")
class RejectionCostTest {
  private static final long TIME_BUDGET_NANOS = 5_000_000;
  private static final long ALLOCATION_BUDGET = 64 * 1024;

  static Stream<Arguments> adversarial() {
    Forge f = Forge.forge();
    Map<String, String> set = new LinkedHashMap<>();
    set.put("PBES2 p2c=2147483647", f.withOuterHeader(TokenProfile.SIGNED_AND_SEALED, h -> {
      h.put("alg", "PBES2-HS512+A256KW");
      h.put("p2s", Forge.b64(new byte[16]));
      h.put("p2c", 2_147_483_647L);
    }));
    Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
    d.setInput(new byte[4 << 20]);
    d.finish();
    byte[] buf = new byte[16384];
    int n = d.deflate(buf);
    d.end();
    ObjectNode zh = f.jweHeader(TokenProfile.SIGNED_AND_SEALED);
    zh.put("zip", "DEF");
    set.put("zip:DEF of 4 MiB zeros", f.jwe(zh.toString(), java.util.Arrays.copyOf(buf, n)));
    set.put("claims 110000 deep", f.token(TokenProfile.SIGNED_AND_SEALED,
        "{\"attrs\":" + "[".repeat(110_000) + "]".repeat(110_000) + "}"));
    String valid = f.valid(TokenProfile.SIGNED_AND_SEALED);
    set.put("8 KiB + 1", valid + "A".repeat(8193 - valid.length()));
    set.put("20000-char header", Forge.b64("{\"alg\":\"A256KW\",\"x\":\"" + "a".repeat(20_000) + "\"}") + ".AA.AA.AA.AA");
    set.put("header 2700 deep within 8 KiB", Forge.b64("{\"alg\":" + "[".repeat(2700) + "]".repeat(2700) + "}")
        + ".AA.AA.AA.AA");
    String[] s = Forge.segments(valid);
    String big = f.token(TokenProfile.SIGNED_AND_SEALED, "{\"attrs\":{\"p\":\"" + "x".repeat(4000) + "\"}}");
    String[] bs = Forge.segments(big);
    bs[4] = s[4];
    set.put("8 KiB token with a wrong GCM tag", Forge.join(bs));
    return set.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("adversarial")
  void adversarialToken_isRejectedWithinTimeAndAllocationBudget(String name, String token) throws IOException {
    TokenVerifier v = Forge.verifier(TokenProfile.SIGNED_AND_SEALED);
    Forge.rejection(v.verify(token));
    long nanos = Budget.medianNanos(() -> v.verify(token), 101);
    long bytes = Budget.allocatedBytes(() -> v.verify(token), 101);
    Path out = Path.of("target", "rejection-cost.txt");
    Files.writeString(out, String.format("%-36s %6d chars %8.1f us %8d bytes %s%n", name, token.length(), nanos / 1000.0,
        bytes, v.verify(token).rejection().orElseThrow()), StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    assertTrue(nanos < TIME_BUDGET_NANOS, name + ": median " + nanos + " ns");
    assertTrue(bytes < ALLOCATION_BUDGET, name + ": allocated " + bytes + " bytes");
  }
}
