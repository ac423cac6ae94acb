package dev.signet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Attack class 20: timing leaks when comparing secrets. A static rule over {@code src/main/java}:
 * no {@code equals}-style comparison on a line that handles a MAC, tag, CSRF token, fingerprint,
 * seed, secret or password; such values are compared with {@code MessageDigest.isEqual}. Value
 * classes' own {@code equals(Object)} methods are exempt (they are not security checks).
 */
@Tag("attack")
@Tag("attack-20")
class ConstantTimeCompareAttackTest {
  private static final Pattern COMPARE =
      Pattern.compile("(Arrays\\.equals|Objects\\.equals|\\.equals|\\.equalsIgnoreCase|\\.contentEquals|\\.compareTo)\\s*\\(");
  private static final Pattern SENSITIVE =
      Pattern.compile("(?i)(secret|hmac|(?<![a-z])mac(?![a-z])|(?<![a-z])tag(?![a-z])|csrf|fgp|fingerprint|seed|passphrase|password)");

  /** Lines of one source file that compare something sensitive in variable time. */
  static List<String> violations(String file, List<String> lines) {
    List<String> out = new ArrayList<>();
    int equalsDepth = -1;
    int depth = 0;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      String code = line.strip();
      if (equalsDepth < 0 && code.matches("(public\\s+)?(final\\s+)?boolean\\s+equals\\s*\\(\\s*Object\\b.*")) {
        equalsDepth = depth;
      }
      boolean comment = code.startsWith("//") || code.startsWith("*") || code.startsWith("/*");
      if (equalsDepth < 0 && !comment && COMPARE.matcher(code).find() && SENSITIVE.matcher(code).find()
          && !code.contains("MessageDigest.isEqual")) {
        out.add(file + ":" + (i + 1) + ": " + code);
      }
      for (char c : code.toCharArray()) {
        if (c == '{') {
          depth++;
        } else if (c == '}') {
          depth--;
        }
      }
      if (equalsDepth >= 0 && depth <= equalsDepth && code.contains("}")) {
        equalsDepth = -1;
      }
    }
    return out;
  }

  @Test
  void mainSources_compareSecretsOnlyInConstantTime() throws IOException {
    List<String> found = new ArrayList<>();
    int files = 0;
    try (Stream<Path> paths = Files.walk(Path.of("src/main/java"))) {
      for (Path p : (Iterable<Path>) paths.filter(x -> x.toString().endsWith(".java"))::iterator) {
        found.addAll(violations(p.toString(), Files.readAllLines(p, StandardCharsets.UTF_8)));
        files++;
      }
    }
    assertTrue(files > 10, "scanned " + files + " files");
    assertEquals(List.of(), found);
  }

  @Test
  void rule_flagsAVariableTimeCompareOfACsrfToken() {
    List<String> v = violations("X.java", List.of("class X {", "  boolean ok(String csrfToken) {",
        "    return csrfToken.equals(expected);", "  }", "}"));
    assertEquals(1, v.size());
  }

  @Test
  void rule_flagsArraysEqualsOnAMac() {
    assertEquals(1, violations("X.java", List.of("if (Arrays.equals(mac, expectedMac)) {")).size());
  }

  @Test
  void rule_acceptsMessageDigestIsEqual() {
    assertTrue(violations("X.java", List.of("return MessageDigest.isEqual(fgp, expectedFgp);")).isEmpty());
  }

  @Test
  void rule_exemptsValueEqualsMethods() {
    List<String> v = violations("X.java", List.of("class X {", "  @Override", "  public boolean equals(Object o) {",
        "    return Objects.equals(fingerprintHash, ((X) o).fingerprintHash);", "  }",
        "  boolean check(String fgp) { return fgp.equals(other); }", "}"));
    assertEquals(1, v.size(), v::toString);
    assertFalse(v.get(0).contains("fingerprintHash"));
  }
}
