package dev.signet;

import dev.signet.internal.Base64Url;
import dev.signet.internal.StrictJson;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.crypto.AEADBadTagException;
import javax.crypto.SecretKey;

/**
 * The verify path up to the claims: size, shape, strict base64url, header allow-list, key by
 * {@code kid}, AES key unwrap, AES-GCM decryption, Ed25519 signature. Returns the verified claims
 * bytes or a rejection; never throws for anything in the token.
 *
 * <p>Nothing here trusts the token to choose: algorithms, {@code enc}, {@code typ} and
 * {@code cty} are fixed by configuration and every header member outside a small allow-list is
 * refused.
 *
 * <p><b>One linear algorithm, kept whole on purpose</b> (longer than the project's ~450-line
 * guide for a class): the order of its steps is the security argument. The size is checked
 * before anything is parsed, every segment's encoding before any work on its content, the
 * header allow-list before a key is looked up, and the cryptography (unwrap, decrypt, verify)
 * before one byte of the claims is returned. Read top to bottom in one file, a reviewer checks
 * that order at a glance; cut into collaborators, the order would live in the call sites, and a
 * change could move a step ahead of its guard without it showing in the diff. The
 * {@link Shortcuts} (recognising a header Signet wrote without decoding it) stay here for the
 * same reason: they are that same path taken faster, and must refuse exactly what it refuses.
 */
final class TokenReader {
  /** The outcome of reading one token. Exactly one of {@code claims} and {@code rejection} is set. */
  static final class Result {
    final byte[] claims;
    final Rejection rejection;
    final String detail;

    private Result(byte[] claims, Rejection rejection, String detail) {
      this.claims = claims;
      this.rejection = rejection;
      this.detail = detail;
    }

    static Result ok(byte[] claims) {
      return new Result(claims, null, "");
    }

    static Result reject(Rejection rejection, String detail) {
      return new Result(null, rejection, detail);
    }
  }

  private static final Set<String> JWE_MEMBERS = Set.of("alg", "enc", "kid", "typ", "cty");
  private static final Set<String> JWS_MEMBERS = Set.of("alg", "kid", "typ", "cty");
  private static final int KEY_WRAP_BYTES = 40;
  private static final int GCM_IV_BYTES = 12;
  private static final int GCM_TAG_BYTES = 16;
  private static final int MAX_HEADER_DEPTH = 4;


  private final TokenProfile profile;
  private final String type;
  private final String jwsAlgorithm;
  private final int maxLength;
  private final StrictJson headerJson = new StrictJson(MAX_HEADER_DEPTH);
  private final TokenWriter writer;
  private volatile Shortcuts shortcuts;

  /**
   * @param profile the only profile accepted
   * @param type the only {@code typ} accepted (case-insensitive, with or without {@code application/})
   * @param jwsAlgorithm the only JWS {@code alg} accepted
   * @param maxLength the size limit, checked before anything is parsed
   */
  TokenReader(TokenProfile profile, String type, String jwsAlgorithm, int maxLength) {
    this.profile = profile;
    this.type = type;
    this.jwsAlgorithm = jwsAlgorithm;
    this.maxLength = maxLength;
    this.writer = new TokenWriter(profile, type, jwsAlgorithm);
  }

  /** Reads a token; never throws for anything in {@code token}. */
  Result read(String token, CompiledKeys keys) {
    if (token == null || token.isEmpty()) {
      return Result.reject(Rejection.MALFORMED, "empty token");
    }
    if (token.length() > maxLength) {
      return Result.reject(Rejection.TOO_LARGE, "token longer than " + maxLength + " characters");
    }
    try {
      int[] dots = new int[4];
      int count = 0;
      for (int at = token.indexOf('.'); at >= 0; at = token.indexOf('.', at + 1)) {
        if (count == 4) {
          return Result.reject(Rejection.MALFORMED, "too many segments");
        }
        dots[count++] = at;
      }
      if (profile == TokenProfile.SIGNED) {
        if (count == 4) {
          return Result.reject(Rejection.UNSUPPORTED, "a JWE where a JWS is expected");
        }
        if (count != 2) {
          return Result.reject(Rejection.MALFORMED, "not a compact JWS");
        }
        byte[] ascii = printableAscii(token);
        if (ascii == null) {
          return Result.reject(Rejection.MALFORMED, "segment is not canonical base64url");
        }
        return readJws(ascii, dots, shortcuts(keys), false);
      }
      if (count == 2) {
        return Result.reject(Rejection.UNSUPPORTED, "a JWS where a JWE is expected");
      }
      if (count != 4) {
        return Result.reject(Rejection.MALFORMED, "not a compact JWE");
      }
      return readJwe(token, dots, shortcuts(keys));
    } catch (RuntimeException | StackOverflowError e) {
      // Defence in depth: a bug in a parser must become a rejection, not an escaping exception.
      return Result.reject(Rejection.MALFORMED, "unreadable token (" + e.getClass().getSimpleName() + ")");
    }
  }

  private Result readJwe(String token, int[] dots, Shortcuts sc) {
    // Every segment's encoding is validated before any work on its content; each is walked
    // once, decoding as it validates (Base64Url.decode: the JDK's vectorised decoder, with the
    // canonical-spelling checks it lacks). A header Signet wrote is recognised without decoding it.
    int hLen = Base64Url.decodedLengthOf(dots[0]);
    int ekLen = Base64Url.decodedLengthOf(dots[1] - dots[0] - 1);
    int ivLen = Base64Url.decodedLengthOf(dots[2] - dots[1] - 1);
    int ctLen = Base64Url.decodedLengthOf(dots[3] - dots[2] - 1);
    int tagLen = Base64Url.decodedLengthOf(token.length() - dots[3] - 1);
    if (hLen <= 0 || ekLen < 0 || ivLen < 0 || ctLen < 0 || tagLen < 0) {
      return Result.reject(Rejection.MALFORMED, "segment is not canonical base64url");
    }
    // One byte per character: a character outside Latin-1 becomes '?', which no segment may hold.
    byte[] ascii = token.getBytes(StandardCharsets.ISO_8859_1);
    byte[] wrapped = Base64Url.decode(ascii, dots[0] + 1, dots[1]);
    byte[] iv = Base64Url.decode(ascii, dots[1] + 1, dots[2]);
    byte[] ciphertext = Base64Url.decode(ascii, dots[2] + 1, dots[3]);
    byte[] tag = Base64Url.decode(ascii, dots[3] + 1, ascii.length);
    if (wrapped == null || iv == null || ciphertext == null || tag == null) {
      return Result.reject(Rejection.MALFORMED, "segment is not canonical base64url");
    }
    SecretKey kek = null;
    byte[] aad = null;
    for (int i = 0; i < sc.outerSegments.length; i++) {
      String known = sc.outerSegments[i];
      if (dots[0] == known.length() && token.startsWith(known)) {
        kek = (SecretKey) sc.outerKeys[i];
        aad = sc.outerAad[i];
        break;
      }
    }
    if (kek == null) {
      byte[] headerBytes = Base64Url.decode(ascii, 0, dots[0]);
      if (headerBytes == null) {
        return Result.reject(Rejection.MALFORMED, "segment is not canonical base64url");
      }
      Object[] key = new Object[1];
      Result bad = checkJweHeader(headerBytes, sc.keys, key);
      if (bad != null) {
        return bad;
      }
      kek = (SecretKey) key[0];
      // AAD is the ASCII of the protected header exactly as it appears in the token.
      aad = Arrays.copyOf(ascii, dots[0]);
    }
    if (ekLen != KEY_WRAP_BYTES || ivLen != GCM_IV_BYTES || tagLen != GCM_TAG_BYTES) {
      return Result.reject(Rejection.DECRYPTION_FAILED, "JWE segment of the wrong length");
    }

    byte[] sealed = Arrays.copyOf(ciphertext, ctLen + tagLen);
    System.arraycopy(tag, 0, sealed, ctLen, tagLen);
    byte[] plaintext;
    try {
      byte[] cek = JoseCrypto.unwrapKey(kek, wrapped);
      plaintext = JoseCrypto.openGcm(cek, iv, aad, sealed);
    } catch (AEADBadTagException e) {
      return Result.reject(Rejection.DECRYPTION_FAILED, "authentication tag mismatch");
    } catch (GeneralSecurityException | IllegalStateException e) {
      return Result.reject(Rejection.DECRYPTION_FAILED, "content key does not unwrap");
    }
    if (profile != TokenProfile.SIGNED_AND_SEALED) {
      return Result.ok(plaintext);
    }
    return readNestedJws(plaintext, sc);
  }

  /**
   * The JWE header allow-list, on the decoded header: {@code alg}, {@code enc}, {@code typ} and
   * {@code cty} as configured, and a known {@code kid}, whose key is stored in {@code keyOut[0]}.
   */
  private Result checkJweHeader(byte[] headerBytes, CompiledKeys keys, Object[] keyOut) {
    ObjectNode header;
    try {
      header = headerJson.parseObject(headerBytes);
    } catch (StrictJson.Invalid e) {
      return Result.reject(Rejection.MALFORMED, "JWE header: " + e.getMessage());
    }
    Result bad = checkHeader(header, JWE_MEMBERS);
    if (bad != null) {
      return bad;
    }
    String alg = header.get("alg").textValue();
    if (!"A256KW".equals(alg)) {
      return Result.reject(Rejection.UNSUPPORTED, "JWE alg " + printable(alg) + " not allowed");
    }
    JsonNode enc = header.get("enc");
    if (enc == null) {
      return Result.reject(Rejection.MALFORMED, "JWE header has no enc");
    }
    if (!"A256GCM".equals(enc.textValue())) {
      return Result.reject(Rejection.UNSUPPORTED, "JWE enc " + printable(enc.textValue()) + " not allowed");
    }
    if (!typeMatches(header.get("typ"))) {
      return Result.reject(Rejection.WRONG_TYPE, "JWE typ is not the configured type");
    }
    JsonNode cty = header.get("cty");
    if (profile == TokenProfile.SIGNED_AND_SEALED) {
      if (cty == null || !"JWT".equalsIgnoreCase(cty.textValue())) {
        return Result.reject(Rejection.WRONG_TYPE, "nested JWE must have cty JWT");
      }
    } else if (cty != null) {
      return Result.reject(Rejection.UNSUPPORTED, "SEALED token must not carry cty");
    }
    JsonNode kidNode = header.get("kid");
    if (kidNode == null) {
      return Result.reject(Rejection.UNKNOWN_KEY, "JWE header has no kid");
    }
    SecretKey kek = keys.decryptKeys.get(kidNode.textValue());
    if (kek == null) {
      return Result.reject(Rejection.UNKNOWN_KEY, "no encryption key with that kid");
    }
    keyOut[0] = kek;
    return null;
  }

  private Result readNestedJws(byte[] plaintext, Shortcuts sc) {
    // Only the dots are looked for here: every byte between them is validated by the strict
    // base64url decoding of its segment (or by the exact match of a known header) before use.
    int[] dots = new int[2];
    int count = 0;
    for (int i = 0; i < plaintext.length; i++) {
      if (plaintext[i] == '.') {
        if (count == 2) {
          return Result.reject(Rejection.UNSUPPORTED, "nested token is not a JWS");
        }
        dots[count++] = i;
      }
    }
    if (count != 2) {
      return Result.reject(Rejection.MALFORMED, "nested token is not a compact JWS");
    }
    return readJws(plaintext, dots, sc, true);
  }

  /** A compact JWS held as ASCII bytes, with its two dots at {@code dots}. */
  private Result readJws(byte[] token, int[] dots, Shortcuts sc, boolean nested) {
    // As for the JWE: every segment validated (and decoded, in the same pass) before any work
    // on its content; a header Signet wrote is recognised without decoding it.
    int hLen = Base64Url.decodedLengthOf(dots[0]);
    int pLen = Base64Url.decodedLengthOf(dots[1] - dots[0] - 1);
    int sLen = Base64Url.decodedLengthOf(token.length - dots[1] - 1);
    if (hLen <= 0 || pLen < 0 || sLen < 0) {
      return Result.reject(Rejection.MALFORMED, "segment is not canonical base64url");
    }
    byte[] payload = Base64Url.decode(token, dots[0] + 1, dots[1]);
    byte[] sig = Base64Url.decode(token, dots[1] + 1, token.length);
    if (payload == null || sig == null) {
      return Result.reject(Rejection.MALFORMED, "segment is not canonical base64url");
    }
    byte[][] known = nested ? sc.innerSegments : sc.outerSegmentBytes;
    Ed25519VerifyKey key = null;
    for (int i = 0; i < known.length; i++) {
      if (startsWith(token, dots[0], known[i])) {
        key = (Ed25519VerifyKey) (nested ? sc.innerKeys[i] : sc.outerKeys[i]);
        break;
      }
    }
    if (key == null) {
      byte[] headerBytes = Base64Url.decode(token, 0, dots[0]);
      if (headerBytes == null) {
        return Result.reject(Rejection.MALFORMED, "segment is not canonical base64url");
      }
      Object[] keyOut = new Object[1];
      Result bad = checkJwsHeader(headerBytes, sc.keys, keyOut);
      if (bad != null) {
        return bad;
      }
      key = (Ed25519VerifyKey) keyOut[0];
    }
    if (sLen != JoseCrypto.SIGNATURE_BYTES) {
      return Result.reject(Rejection.BAD_SIGNATURE, "signature is not 64 bytes");
    }
    // The signing input is the token up to the second dot, used in place.
    if (!JoseCrypto.verifyEd25519(key, sig, token, dots[1])) {
      return Result.reject(Rejection.BAD_SIGNATURE, "signature does not verify");
    }
    return Result.ok(payload);
  }

  /**
   * The JWS header allow-list, on the decoded header: {@code alg} and {@code typ} as configured,
   * no {@code cty}, and a known {@code kid}, whose public key is stored in {@code keyOut[0]}.
   */
  private Result checkJwsHeader(byte[] headerBytes, CompiledKeys keys, Object[] keyOut) {
    ObjectNode header;
    try {
      header = headerJson.parseObject(headerBytes);
    } catch (StrictJson.Invalid e) {
      return Result.reject(Rejection.MALFORMED, "JWS header: " + e.getMessage());
    }
    Result bad = checkHeader(header, JWS_MEMBERS);
    if (bad != null) {
      return bad;
    }
    String alg = header.get("alg").textValue();
    if (!jwsAlgorithm.equals(alg)) {
      return Result.reject(Rejection.UNSUPPORTED, "JWS alg " + printable(alg) + " not allowed");
    }
    if (header.has("cty")) {
      return Result.reject(Rejection.UNSUPPORTED, "JWS must not carry cty");
    }
    if (!typeMatches(header.get("typ"))) {
      return Result.reject(Rejection.WRONG_TYPE, "JWS typ is not the configured type");
    }
    JsonNode kidNode = header.get("kid");
    if (kidNode == null) {
      return Result.reject(Rejection.UNKNOWN_KEY, "JWS header has no kid");
    }
    Ed25519VerifyKey key = keys.verifyKeys.get(kidNode.textValue());
    if (key == null) {
      return Result.reject(Rejection.UNKNOWN_KEY, "no signing key with that kid");
    }
    keyOut[0] = key;
    return null;
  }

  private static boolean startsWith(byte[] token, int headerEnd, byte[] known) {
    if (headerEnd != known.length) {
      return false;
    }
    for (int i = 0; i < known.length; i++) {
      if (token[i] != known[i]) {
        return false;
      }
    }
    return true;
  }

  Shortcuts shortcuts(CompiledKeys keys) {
    Shortcuts sc = shortcuts;
    if (sc == null || sc.keys != keys) {
      sc = new Shortcuts(keys);
      shortcuts = sc;
    }
    return sc;
  }

  /**
   * The exact header segments that Signet's own issuer writes for this reader's profile, type
   * and algorithm, one per key, with that key. A token whose header segment is byte for byte one
   * of these skips the header's JSON parsing: each segment was run through the full allow-list
   * when the table was built, and is kept only if it passed with the same key, so the shortcut
   * can never accept a header the full check would refuse, nor pick another key.
   */
  final class Shortcuts {
    final CompiledKeys keys;
    final String[] outerSegments;
    final byte[][] outerSegmentBytes;
    final byte[][] outerAad;
    final Object[] outerKeys;
    final byte[][] innerSegments;
    final Object[] innerKeys;

    Shortcuts(CompiledKeys keys) {
      this.keys = keys;
      List<String> outer = new ArrayList<>();
      List<Object> outerK = new ArrayList<>();
      List<String> inner = new ArrayList<>();
      List<Object> innerK = new ArrayList<>();
      if (profile == TokenProfile.SIGNED) {
        for (Map.Entry<String, Ed25519VerifyKey> e : keys.verifyKeys.entrySet()) {
          addIfAccepted(writer.outerHeaderSegment(e.getKey()), e.getValue(), false, outer, outerK);
        }
      } else {
        for (Map.Entry<String, SecretKey> e : keys.decryptKeys.entrySet()) {
          addIfAccepted(writer.outerHeaderSegment(e.getKey()), e.getValue(), true, outer, outerK);
        }
        if (profile == TokenProfile.SIGNED_AND_SEALED) {
          for (Map.Entry<String, Ed25519VerifyKey> e : keys.verifyKeys.entrySet()) {
            addIfAccepted(writer.innerHeaderSegment(e.getKey()), e.getValue(), false, inner, innerK);
          }
        }
      }
      this.outerSegments = outer.toArray(new String[0]);
      this.outerSegmentBytes = new byte[outerSegments.length][];
      for (int i = 0; i < outerSegments.length; i++) {
        outerSegmentBytes[i] = outerSegments[i].getBytes(StandardCharsets.US_ASCII);
      }
      this.outerAad = outerSegmentBytes;
      this.outerKeys = outerK.toArray();
      this.innerSegments = new byte[inner.size()][];
      for (int i = 0; i < innerSegments.length; i++) {
        innerSegments[i] = inner.get(i).getBytes(StandardCharsets.US_ASCII);
      }
      this.innerKeys = innerK.toArray();
    }

    private void addIfAccepted(String segment, Object key, boolean jwe, List<String> segments, List<Object> keysOut) {
      byte[] decoded = Base64Url.decode(segment);
      if (decoded == null || decoded.length == 0) {
        return;
      }
      Object[] found = new Object[1];
      Result bad = jwe ? checkJweHeader(decoded, keys, found) : checkJwsHeader(decoded, keys, found);
      if (bad == null && found[0] == key) {
        segments.add(segment);
        keysOut.add(key);
      }
    }
  }

  /**
   * The allow-list: every member must be known and a string; {@code alg} must be present.
   * Specific refusals name the feature so logs show what was attempted.
   */
  private static Result checkHeader(ObjectNode header, Set<String> allowed) {
    Iterator<Map.Entry<String, JsonNode>> fields = header.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      String name = f.getKey();
      if (!allowed.contains(name)) {
        return Result.reject(Rejection.UNSUPPORTED, "header member " + printable(name) + " not allowed");
      }
      if (!f.getValue().isTextual()) {
        return Result.reject(Rejection.MALFORMED, "header member " + name + " is not a string");
      }
    }
    if (!header.has("alg")) {
      return Result.reject(Rejection.MALFORMED, "header has no alg");
    }
    JsonNode kid = header.get("kid");
    if (kid != null && (kid.textValue().isEmpty() || kid.textValue().length() > 64)) {
      return Result.reject(Rejection.UNKNOWN_KEY, "kid of unusable length");
    }
    return null;
  }

  private boolean typeMatches(JsonNode typ) {
    if (typ == null) {
      return false;
    }
    String t = typ.textValue();
    if (t.regionMatches(true, 0, "application/", 0, 12)) {
      t = t.substring(12);
    }
    return t.toLowerCase(Locale.ROOT).equals(type);
  }

  /** The token as bytes, or null if any character is outside printable ASCII. */
  private static byte[] printableAscii(String s) {
    byte[] out = new byte[s.length()];
    for (int i = 0; i < out.length; i++) {
      char c = s.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        return null;
      }
      out[i] = (byte) c;
    }
    return out;
  }

  /** A header value for a log line: short, printable ASCII only. */
  static String printable(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length() && sb.length() < 24; i++) {
      char c = s.charAt(i);
      sb.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return s.length() > 24 ? sb + "..." : sb.toString();
  }
}
