package dev.signet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.internal.Base64Url;
import dev.signet.keys.Keyset;
import dev.signet.keys.KeysetFile;
import dev.signet.keys.Passphrase;
import dev.signet.revocation.FileRevocationList;
import dev.signet.revocation.Revocation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Writes the committed seed corpus of the fuzz tests (regression inputs under
 * {@code src/test/resources/<package>/<Test>Inputs/<method>/}): valid tokens of every profile
 * minted with {@link FuzzFixture}'s keys and clock, every compact token of the Wycheproof JOSE
 * files and of the RFC 7520 cookbook, their headers, segments and claims, and a few edge cases.
 * The vectors are the repository's copies under {@code src/test/resources/vectors}.
 *
 * <p>Run from the project root (see docs/VECTORS.md):
 *
 * <pre>
 * mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test-cp.txt
 * java -cp target/test-classes:target/classes:$(cat target/test-cp.txt) dev.signet.FuzzSeedWriter
 * </pre>
 *
 * <p>It replaces only its own files ({@code valid-*}, {@code wycheproof-*}, {@code cookbook-*},
 * {@code edge-*}) and leaves any other file (a committed finding) alone.
 */
public final class FuzzSeedWriter {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String[] OWN_PREFIXES = {"valid-", "wycheproof-", "cookbook-", "edge-"};

  private FuzzSeedWriter() {}

  public static void main(String[] args) throws IOException {
    Path resources = Paths.get(args.length > 0 ? args[0] : "src/test/resources");
    Path vectors = Paths.get(args.length > 1 ? args[1] : resources.resolve("vectors").toString());
    Map<String, String> tokens = new LinkedHashMap<>();
    validTokens(tokens);
    for (String f : List.of("json_web_signature", "json_web_encryption", "json_web_crypto", "json_web_key")) {
      JsonNode doc = MAPPER.readTree(vectors.resolve("wycheproof/testvectors_v1/" + f + "_test.json").toFile());
      for (JsonNode g : doc.get("testGroups")) {
        for (JsonNode t : g.get("tests")) {
          JsonNode tok = t.has("jws") ? t.get("jws") : t.get("jwe");
          tokens.put("wycheproof-" + f.substring(9) + "-" + t.get("tcId").asInt(),
              tok.isTextual() ? tok.textValue() : tok.toString());
        }
      }
    }
    try (Stream<Path> s = Files.walk(vectors.resolve("jose-cookbook"))) {
      for (Path p : s.filter(x -> x.toString().endsWith(".json")).sorted().toList()) {
        JsonNode doc = MAPPER.readTree(p.toFile());
        JsonNode out = doc.has("encrypt") ? doc.get("encrypt").get("output") : doc.get("output");
        if (out != null && out.has("compact")) {
          String name = p.getFileName().toString().replaceAll("\\.json$", "").replaceAll("[^A-Za-z0-9_.-]", "_");
          tokens.put("cookbook-" + name, out.get("compact").asText());
        }
      }
    }
    tokens.put("edge-empty", "");
    tokens.put("edge-dots", "....");
    tokens.put("edge-padded", "eyJhbGciOiJFZERTQSJ9==.e30.AA");

    Path verify = resources.resolve("dev/signet/TokenVerifierFuzzTestInputs/verify");
    Path header = resources.resolve("dev/signet/TokenReaderFuzzTestInputs/header");
    Path base64 = resources.resolve("dev/signet/internal/Base64UrlFuzzTestInputs/decodeMatchesJdk");
    Path claims = resources.resolve("dev/signet/ClaimsFuzzTestInputs/claims");
    Path roundTrip = resources.resolve("dev/signet/TokenIssuerFuzzTestInputs/issueThenVerify");
    for (Path d : List.of(verify, header, base64, claims, roundTrip)) {
      clean(d);
    }
    TreeSet<String> segments = new TreeSet<>();
    for (Map.Entry<String, String> e : tokens.entrySet()) {
      write(verify.resolve(e.getKey()), e.getValue().getBytes(StandardCharsets.UTF_8));
      String[] parts = e.getValue().split("\\.", -1);
      byte[] h = Base64Url.decode(parts[0]);
      if (h != null && h.length > 0) {
        write(header.resolve(e.getKey()), h);
      }
      for (String part : parts) {
        if (part.length() <= 400) {
          segments.add(part);
        }
      }
      if (e.getKey().matches("valid-signed-[0-9]+")) {
        write(claims.resolve(e.getKey()), Base64Url.decode(parts[1]));
      }
    }
    int n = 0;
    for (String seg : segments) {
      write(base64.resolve("wycheproof-segment-" + n++), seg.getBytes(StandardCharsets.UTF_8));
    }
    for (String edge : List.of("", "A", "AA", "AB", "AAA", "AAB", "AA==", "A-_", "a b", "+/", "YQ", "YR", "YWI", "YWJ")) {
      write(base64.resolve("edge-" + n++), edge.getBytes(StandardCharsets.UTF_8));
    }
    String base = "{\"iss\":\"" + FuzzFixture.ISSUER + "\",\"aud\":\"api\",\"sub\":\"a\",\"sid\":\"s\",\"jti\":\"j\","
        + "\"iat\":1780315200,\"exp\":1780316100,\"sxp\":1780358400,\"auth_time\":1780315200";
    write(claims.resolve("edge-duplicate"), (base + ",\"sub\":\"b\"}").getBytes(StandardCharsets.UTF_8));
    write(claims.resolve("edge-nested-duplicate"), (base + ",\"attrs\":{\"a\":1,\"a\":2}}").getBytes(StandardCharsets.UTF_8));
    write(claims.resolve("edge-nbf-max"), (base + ",\"nbf\":9223372036854775807}").getBytes(StandardCharsets.UTF_8));
    write(claims.resolve("edge-deep"), (base + ",\"attrs\":" + "[".repeat(40) + "]".repeat(40) + "}").getBytes(StandardCharsets.UTF_8));
    revocationLogs(resources.resolve("dev/signet/revocation/FileRevocationListFuzzTestInputs/replay"));
    keysetFiles(resources.resolve("dev/signet/keys/KeysetFileFuzzTestInputs/load"), vectors);
    Random random = new Random(7520);
    for (int i = 0; i < 8; i++) {
      byte[] b = new byte[64 + 32 * i];
      random.nextBytes(b);
      write(roundTrip.resolve("edge-random-" + i), b);
    }
  }

  /**
   * Revocation logs written by {@link FileRevocationList} itself, as raw files (mode byte 0) and
   * as framed payloads (mode byte 1; 3 adds a torn tail), plus an empty file and a bare header.
   */
  private static void revocationLogs(Path dir) throws IOException {
    clean(dir);
    Path tmp = Files.createTempDirectory("signet-seeds-");
    Path log = tmp.resolve("revocations.log");
    Instant t = FuzzFixture.CLOCK.instant();
    try (FileRevocationList list = FileRevocationList.builder(log).clock(FuzzFixture.CLOCK).pollInterval(Duration.ZERO).build()) {
      list.revoke(Revocation.token("jti-1", t.plusSeconds(900)));
      list.revoke(Revocation.session("sid-Ü-🎉", t.plusSeconds(43200)));
      list.revoke(Revocation.subject("alice", t, t.plusSeconds(43200)));
      list.revoke(Revocation.global(t.minusSeconds(60), t.plusSeconds(43200)));
      list.revoke(Revocation.token("expired", t.minusSeconds(1)));
    }
    byte[] file = Files.readAllBytes(log);
    write(dir.resolve("valid-log"), concat(new byte[] {0}, file));
    write(dir.resolve("valid-log-torn"), concat(new byte[] {0}, java.util.Arrays.copyOf(file, file.length - 5)));
    write(dir.resolve("edge-empty-file"), new byte[] {0});
    write(dir.resolve("edge-header-only"), concat(new byte[] {0}, java.util.Arrays.copyOf(file, 12)));
    java.io.ByteArrayOutputStream framed = new java.io.ByteArrayOutputStream();
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(file, 12, file.length - 12);
    while (b.remaining() >= 8) {
      int len = b.getInt();
      b.getInt(); // CRC: the fuzz test recomputes it
      framed.write(len);
      framed.write(file, b.position(), len);
      b.position(b.position() + len);
    }
    write(dir.resolve("valid-framed"), concat(new byte[] {1}, framed.toByteArray()));
    write(dir.resolve("valid-framed-torn"), concat(new byte[] {3}, framed.toByteArray()));
    try (Stream<Path> s = Files.list(tmp)) {
      for (Path p : s.toList()) {
        Files.delete(p);
      }
    }
    Files.delete(tmp);
  }

  /**
   * Keyset files: written by {@link KeysetFile} itself (full, verifier-only, fresh from {@link Keyset#generate},
   * encrypted under a passphrase), and every key of the cookbook's §3 and of the Wycheproof JOSE
   * files wrapped as a one-key keyset file.
   */
  private static void keysetFiles(Path dir, Path vectors) throws IOException {
    clean(dir);
    Path tmp = Files.createTempDirectory("signet-seeds-");
    int n = 0;
    for (Keyset k : List.of(FuzzFixture.KEYS, FuzzFixture.KEYS.verifierOnly(), Keyset.generate(FuzzFixture.CLOCK))) {
      Path f = tmp.resolve("keyset-" + n + ".json");
      KeysetFile.at(f).create(k);
      write(dir.resolve("valid-keyset-" + n++), Files.readAllBytes(f));
    }
    Path enc = tmp.resolve("encrypted.json");
    KeysetFile.at(enc).withPassphrase(Passphrase.of("fuzz seed passphrase".toCharArray())).create(FuzzFixture.KEYS);
    write(dir.resolve("valid-keyset-encrypted"), Files.readAllBytes(enc));
    try (Stream<Path> s = Files.walk(vectors.resolve("jose-cookbook/jwk"))) {
      for (Path p : s.filter(x -> x.toString().endsWith(".json")).sorted().toList()) {
        write(dir.resolve("cookbook-" + p.getFileName().toString().replace(".json", "")), oneKeyFile(MAPPER.readTree(p.toFile())));
      }
    }
    for (String f : List.of("json_web_signature", "json_web_encryption", "json_web_key", "json_web_crypto")) {
      JsonNode doc = MAPPER.readTree(vectors.resolve("wycheproof/testvectors_v1/" + f + "_test.json").toFile());
      int g = 0;
      for (JsonNode group : doc.get("testGroups")) {
        JsonNode priv = group.get("private");
        List<JsonNode> keys = new java.util.ArrayList<>();
        if (priv != null && priv.has("keys")) {
          priv.get("keys").forEach(keys::add);
        } else if (priv != null) {
          keys.add(priv);
        }
        for (int i = 0; i < keys.size(); i++) {
          write(dir.resolve("wycheproof-" + f.substring(9) + "-" + g + "-" + i), oneKeyFile(keys.get(i)));
        }
        g++;
      }
    }
    try (Stream<Path> s = Files.list(tmp)) {
      for (Path p : s.toList()) {
        Files.delete(p);
      }
    }
    Files.delete(tmp);
  }

  private static byte[] oneKeyFile(JsonNode jwk) {
    com.fasterxml.jackson.databind.node.ObjectNode k = jwk.deepCopy();
    k.put("state", "active").put("created", "2026-01-01T00:00:00Z").put("activated", "2026-01-01T00:00:00Z");
    com.fasterxml.jackson.databind.node.ObjectNode root = MAPPER.createObjectNode();
    root.put("format", KeysetFile.FORMAT).put("version", KeysetFile.VERSION).putArray("keys").add(k);
    return root.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static void validTokens(Map<String, String> tokens) {
    record Shape(String roles, Map<String, Object> attrs) {}
    List<Shape> shapes = List.of(
        new Shape(null, null),
        new Shape("admin", null),
        new Shape("user", Map.of("name", "Ada Ü 🎉", "level", 3, "teams", List.of("red", "blue"))));
    for (TokenProfile p : TokenProfile.values()) {
      TokenIssuer issuer = FuzzFixture.issuer(p).idleTimeout(Duration.ofMinutes(30)).build();
      int i = 0;
      for (Shape s : shapes) {
        NewSession n = NewSession.forSubject("user-" + i);
        if (s.roles != null) {
          n = n.withRoles(s.roles);
        }
        if (s.attrs != null) {
          n = n.withAttributes(s.attrs);
        }
        tokens.put("valid-" + p.name().toLowerCase().replace('_', '-') + "-" + i++, issuer.start(n).token());
      }
    }
  }

  private static void clean(Path dir) throws IOException {
    Files.createDirectories(dir);
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.toList()) {
        String name = p.getFileName().toString();
        for (String prefix : OWN_PREFIXES) {
          if (name.startsWith(prefix) || name.startsWith("wycheproof")) {
            Files.delete(p);
            break;
          }
        }
      }
    }
  }

  private static void write(Path file, byte[] content) throws IOException {
    Files.write(file, content);
  }
}
