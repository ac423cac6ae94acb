package dev.signet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Attack classes 16 (duplicate member names, at every depth), 17 (deep nesting and huge
 * tokens) and 18 (invalid UTF-8, lone surrogates, non-UTF-8 JSON). Headers and claims are parsed
 * by Signet's strict JSON reader, never by a last-wins parser.
 */
@Tag("attack")
class StrictJsonAttackTest {
  private final Forge forge = Forge.forge();
  private final TokenVerifier nested = Forge.verifier(TokenProfile.SIGNED_AND_SEALED);

  private Rejection claims(TokenProfile profile, String json) {
    return Forge.rejection(Forge.verifier(profile).verify(forge.token(profile, json)));
  }

  private Rejection claimBytes(byte[] json) {
    Forge f = forge;
    String token = f.token(TokenProfile.SIGNED_AND_SEALED, f.jwsHeader().toString(),
        f.jweHeader(TokenProfile.SIGNED_AND_SEALED).toString(), json);
    return Forge.rejection(nested.verify(token));
  }

  /** The valid claims with {@code member} (raw JSON, e.g. {@code "x":1}) inserted first. */
  private static String claimsWith(String member) {
    return "{" + member + "," + Forge.claims().toString().substring(1);
  }

  // ---- 16: duplicates ----------------------------------------------------------------------

  @Tag("attack-16")
  @Test
  void jweHeaderWithDuplicateAlg_isMalformed() {
    String h = "{\"alg\":\"dir\"," + forge.jweHeader(TokenProfile.SIGNED_AND_SEALED).toString().substring(1);
    assertEquals(Rejection.MALFORMED, Forge.rejection(nested.verify(forge.withRawOuterHeader(TokenProfile.SIGNED_AND_SEALED, h))));
  }

  @Tag("attack-16")
  @Test
  void jwsHeaderWithDuplicateKid_isMalformed() {
    String h = "{\"kid\":\"other\"," + forge.jwsHeader().toString().substring(1);
    String token = forge.token(TokenProfile.SIGNED_AND_SEALED, h, forge.jweHeader(TokenProfile.SIGNED_AND_SEALED).toString(),
        Forge.utf8(Forge.claims().toString()));
    assertEquals(Rejection.MALFORMED, Forge.rejection(nested.verify(token)));
  }

  @Tag("attack-16")
  @ParameterizedTest
  @EnumSource(TokenProfile.class)
  void claimsWithDuplicateSub_isMalformed(TokenProfile profile) {
    assertEquals(Rejection.MALFORMED, claims(profile, claimsWith("\"sub\":\"mallory\"")));
  }

  @Tag("attack-16")
  @Test
  void nestedAttributeObjectWithDuplicateMember_isMalformed() {
    assertEquals(Rejection.MALFORMED,
        claims(TokenProfile.SIGNED_AND_SEALED, claimsWith("\"attrs\":{\"role\":\"u\",\"role\":\"admin\"}")));
  }

  @Tag("attack-16")
  @Test
  void duplicateMemberThirtyLevelsDown_isMalformed() {
    String open = "{\"a\":".repeat(29);
    String close = "}".repeat(29);
    String attrs = "\"attrs\":" + open + "{\"role\":\"u\",\"role\":\"admin\"}" + close;
    assertEquals(Rejection.MALFORMED, claims(TokenProfile.SIGNED_AND_SEALED, claimsWith(attrs)));
  }

  @Tag("attack-16")
  @Test
  void duplicateMemberInsideAnArrayElement_isMalformed() {
    assertEquals(Rejection.MALFORMED,
        claims(TokenProfile.SIGNED_AND_SEALED, claimsWith("\"attrs\":{\"list\":[1,{\"x\":1,\"x\":2}]}")));
  }

  @Tag("attack-16")
  @Test
  void sameNameAtDifferentDepths_isAccepted() {
    assertTrue(Forge.verifier(TokenProfile.SIGNED_AND_SEALED).verify(forge.token(TokenProfile.SIGNED_AND_SEALED,
        claimsWith("\"attrs\":{\"sub\":{\"sub\":1}}"))).isAccepted());
  }

  // ---- 17: depth and size ------------------------------------------------------------------

  @Tag("attack-17")
  @Test
  void tokenOf8KiBPlusOne_isTooLarge() {
    String token = forge.valid(TokenProfile.SIGNED_AND_SEALED);
    String padded = token.substring(0, token.length() - 22) + "A".repeat(8193 - token.length() + 22);
    assertEquals(8193, padded.length());
    assertEquals(Rejection.TOO_LARGE, Forge.rejection(nested.verify(padded)));
  }

  @Tag("attack-17")
  @ParameterizedTest
  @ValueSource(strings = {"{\"a\":", "["})
  void claimsNested256Deep_isMalformed(String open) {
    String close = open.equals("[") ? "]" : "}";
    String deep = open.repeat(256) + "1" + close.repeat(256);
    assertEquals(Rejection.MALFORMED, claims(TokenProfile.SIGNED_AND_SEALED, claimsWith("\"attrs\":{\"x\":" + deep + "}")));
  }

  @Tag("attack-17")
  @ParameterizedTest
  @ValueSource(strings = {"{\"a\":", "["})
  void claimsNestedAsDeepAsTheLargestTokenAllows_isMalformedWithoutStackOverflow(String open) {
    String close = open.equals("[") ? "]" : "}";
    int depth = open.equals("[") ? 20_000 : 7_000;
    String deep = open.repeat(depth) + "1" + close.repeat(depth);
    TokenVerifier large = Forge.verifierBuilder(TokenProfile.SIGNED).maxTokenSize(65536).build();
    String token = forge.token(TokenProfile.SIGNED, claimsWith("\"attrs\":" + deep));
    assertTrue(token.length() <= 65536, token.length() + " chars");
    assertEquals(Rejection.MALFORMED, Forge.rejection(large.verify(token)));
  }

  @Tag("attack-17")
  @Test
  void claimsNested110000Deep_isTooLarge() {
    String deep = "[".repeat(110_000) + "]".repeat(110_000);
    TokenVerifier large = Forge.verifierBuilder(TokenProfile.SIGNED).maxTokenSize(65536).build();
    assertEquals(Rejection.TOO_LARGE,
        Forge.rejection(large.verify(forge.token(TokenProfile.SIGNED, claimsWith("\"attrs\":" + deep)))));
  }

  @Tag("attack-17")
  @Test
  void headerNestedDeep_isMalformed() {
    String h = "{\"alg\":\"EdDSA\",\"x\":" + "[".repeat(1000) + "]".repeat(1000) + "}";
    TokenVerifier signed = Forge.verifier(TokenProfile.SIGNED);
    assertEquals(Rejection.MALFORMED, Forge.rejection(signed.verify(forge.withRawOuterHeader(TokenProfile.SIGNED, h))));
  }

  @Tag("attack-17")
  @Test
  void oneMegabyteAttribute_isRefusedByTheIssuerAndTooLargeForTheVerifier() {
    TokenIssuer issuer = Forge.issuer(TokenProfile.SIGNED_AND_SEALED);
    NewSession session = NewSession.forSubject("alice");
    assertThrows(IllegalArgumentException.class, () -> session.withAttributes(Map.of("blob", "x".repeat(1 << 20))));
    NewSession large = session.withAttributes(Map.of("blob", "x".repeat(100_000)));
    assertThrows(IllegalStateException.class, () -> issuer.start(large));
    String token = forge.token(TokenProfile.SIGNED_AND_SEALED, claimsWith("\"attrs\":{\"blob\":\"" + "x".repeat(1 << 20) + "\"}"));
    assertEquals(Rejection.TOO_LARGE, Forge.rejection(nested.verify(token)));
  }

  // ---- 18: encodings -----------------------------------------------------------------------

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  @Tag("attack-18")
  @ParameterizedTest
  @ValueSource(strings = {"c2", "c0af", "eda080", "f4908080", "ff", "80"})
  void claimsWithInvalidUtf8InAString_isMalformed(String hex) {
    String json = claimsWith("\"attrs\":{\"a\":\"@\"}");
    int at = json.indexOf('@');
    byte[] bad = concat(Forge.utf8(json.substring(0, at)), java.util.HexFormat.of().parseHex(hex),
        Forge.utf8(json.substring(at + 1)));
    assertEquals(Rejection.MALFORMED, claimBytes(bad));
  }

  @Tag("attack-18")
  @Test
  void headerWithInvalidUtf8_isMalformed() {
    String h = forge.jwsHeader().toString().replace("signet+jwt", "@");
    int at = h.indexOf('@');
    byte[] bad = concat(Forge.utf8(h.substring(0, at)), new byte[] {(byte) 0xc2}, Forge.utf8(h.substring(at + 1)));
    String input = Forge.b64(bad) + "." + Forge.b64(Forge.claims().toString());
    String token = input + "." + Forge.b64(forge.sign(Forge.ascii(input)));
    assertEquals(Rejection.MALFORMED, Forge.rejection(Forge.verifier(TokenProfile.SIGNED).verify(token)));
  }

  @Tag("attack-18")
  @Test
  void claimsWithALoneSurrogateEscape_isMalformed() {
    assertEquals(Rejection.MALFORMED, claims(TokenProfile.SIGNED_AND_SEALED, claimsWith("\"attrs\":{\"a\":\"\\uD834\"}")));
  }

  @Tag("attack-18")
  @Test
  void claimsWithTwoHighSurrogatesInAMemberName_isMalformed() {
    assertEquals(Rejection.MALFORMED, claims(TokenProfile.SIGNED_AND_SEALED, claimsWith("\"\\uD800\\uD800claim\":1")));
  }

  @Tag("attack-18")
  @Test
  void claimsWithALoneLowSurrogate_isMalformed() {
    assertEquals(Rejection.MALFORMED, claims(TokenProfile.SIGNED_AND_SEALED, claimsWith("\"attrs\":{\"a\":\"x\\uDC00\"}")));
  }

  @Tag("attack-18")
  @Test
  void claimsWithAValidSurrogatePair_isAccepted() throws Exception {
    Verification v = Forge.verifier(TokenProfile.SIGNED_AND_SEALED).verify(
        forge.token(TokenProfile.SIGNED_AND_SEALED, claimsWith("\"attrs\":{\"party\":\"\\uD83C\\uDF89 \uD83C\uDF89\"}")));
    assertTrue(v.isAccepted(), v::toString);
    assertEquals("\uD83C\uDF89 \uD83C\uDF89",
        Json.MAPPER.readTree(v.session().orElseThrow().attributesJson().orElseThrow()).get("party").textValue());
  }

  @Tag("attack-18")
  @ParameterizedTest
  @ValueSource(strings = {"UTF-16BE", "UTF-16LE", "UTF-16", "UTF-32BE", "UTF-32LE"})
  void claimsInAnotherUnicodeEncoding_isMalformed(String charset) {
    assertEquals(Rejection.MALFORMED, claimBytes(Forge.claims().toString().getBytes(Charset.forName(charset))));
  }

  @Tag("attack-18")
  @Test
  void claimsWithAUtf8ByteOrderMark_isMalformed() {
    byte[] bom = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};
    assertEquals(Rejection.MALFORMED, claimBytes(concat(bom, Forge.claims().toString().getBytes(StandardCharsets.UTF_8))));
  }
}
