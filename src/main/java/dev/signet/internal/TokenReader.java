package dev.signet.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.Rejection;
import dev.signet.TokenProfile;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.crypto.AEADBadTagException;
import javax.crypto.SecretKey;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * The verify path up to the claims: size, shape, strict base64url, header allow-list, key by
 * {@code kid}, AES key unwrap, AES-GCM decryption, Ed25519 signature. Returns the verified claims
 * bytes or a rejection; never throws for anything in the token.
 *
 * <p>Nothing here trusts the token to choose: algorithms, {@code enc}, {@code typ} and
 * {@code cty} are fixed by configuration and every header member outside a small allow-list is
 * refused.
 */
public final class TokenReader {
  /** The outcome of reading one token. Exactly one of {@code claims} and {@code rejection} is set. */
  public static final class Result {
    public final byte[] claims;
    public final Rejection rejection;
    public final String detail;

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

  /**
   * @param profile the only profile accepted
   * @param type the only {@code typ} accepted (case-insensitive, with or without {@code application/})
   * @param jwsAlgorithm the only JWS {@code alg} accepted
   * @param maxLength the size limit, checked before anything is parsed
   */
  public TokenReader(TokenProfile profile, String type, String jwsAlgorithm, int maxLength) {
    this.profile = profile;
    this.type = type;
    this.jwsAlgorithm = jwsAlgorithm;
    this.maxLength = maxLength;
  }

  /** Reads a token; never throws for anything in {@code token}. */
  public Result read(String token, CompiledKeys keys) {
    if (token == null || token.isEmpty()) {
      return Result.reject(Rejection.MALFORMED, "empty token");
    }
    if (token.length() > maxLength) {
      return Result.reject(Rejection.TOO_LARGE, "token longer than " + maxLength + " characters");
    }
    try {
      int[] dots = new int[4];
      int count = 0;
      for (int i = 0; i < token.length(); i++) {
        if (token.charAt(i) == '.') {
          if (count == 4) {
            return Result.reject(Rejection.MALFORMED, "too many segments");
          }
          dots[count++] = i;
        }
      }
      if (profile == TokenProfile.SIGNED) {
        if (count == 4) {
          return Result.reject(Rejection.UNSUPPORTED, "a JWE where a JWS is expected");
        }
        if (count != 2) {
          return Result.reject(Rejection.MALFORMED, "not a compact JWS");
        }
        return readJws(token, dots, keys, false);
      }
      if (count == 2) {
        return Result.reject(Rejection.UNSUPPORTED, "a JWS where a JWE is expected");
      }
      if (count != 4) {
        return Result.reject(Rejection.MALFORMED, "not a compact JWE");
      }
      return readJwe(token, dots, keys);
    } catch (RuntimeException | StackOverflowError e) {
      // Defence in depth: a bug in a parser must become a rejection, not an escaping exception.
      return Result.reject(Rejection.MALFORMED, "unreadable token (" + e.getClass().getSimpleName() + ")");
    }
  }

  private Result readJwe(String token, int[] dots, CompiledKeys keys) {
    // Validate every segment's encoding before any work on its content.
    int hLen = Base64Url.decodedLength(token, 0, dots[0]);
    int ekLen = Base64Url.decodedLength(token, dots[0] + 1, dots[1]);
    int ivLen = Base64Url.decodedLength(token, dots[1] + 1, dots[2]);
    int ctLen = Base64Url.decodedLength(token, dots[2] + 1, dots[3]);
    int tagLen = Base64Url.decodedLength(token, dots[3] + 1, token.length());
    if (hLen <= 0 || ekLen < 0 || ivLen < 0 || ctLen < 0 || tagLen < 0) {
      return Result.reject(Rejection.MALFORMED, "segment is not canonical base64url");
    }
    byte[] headerBytes = new byte[hLen];
    Base64Url.decodeValidated(token, 0, dots[0], headerBytes, 0);
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
    boolean nested = profile == TokenProfile.SIGNED_AND_SEALED;
    if (nested) {
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
    if (ekLen != KEY_WRAP_BYTES || ivLen != GCM_IV_BYTES || tagLen != GCM_TAG_BYTES) {
      return Result.reject(Rejection.DECRYPTION_FAILED, "JWE segment of the wrong length");
    }
    byte[] wrapped = new byte[KEY_WRAP_BYTES];
    Base64Url.decodeValidated(token, dots[0] + 1, dots[1], wrapped, 0);
    byte[] iv = new byte[GCM_IV_BYTES];
    Base64Url.decodeValidated(token, dots[1] + 1, dots[2], iv, 0);
    byte[] sealed = new byte[ctLen + GCM_TAG_BYTES];
    Base64Url.decodeValidated(token, dots[2] + 1, dots[3], sealed, 0);
    Base64Url.decodeValidated(token, dots[3] + 1, token.length(), sealed, ctLen);

    byte[] plaintext;
    try {
      byte[] cek = Crypto.unwrapKey(kek, wrapped);
      // AAD is the ASCII of the protected header exactly as it appears in the token.
      plaintext = Crypto.openGcm(cek, iv, asciiBytes(token, 0, dots[0]), sealed);
    } catch (AEADBadTagException e) {
      return Result.reject(Rejection.DECRYPTION_FAILED, "authentication tag mismatch");
    } catch (GeneralSecurityException | IllegalStateException e) {
      return Result.reject(Rejection.DECRYPTION_FAILED, "content key does not unwrap");
    }
    if (!nested) {
      return Result.ok(plaintext);
    }
    return readNestedJws(plaintext, keys);
  }

  private Result readNestedJws(byte[] plaintext, CompiledKeys keys) {
    for (byte b : plaintext) {
      if (b < 0x21 || b > 0x7e) {
        return Result.reject(Rejection.MALFORMED, "nested token is not compact JOSE");
      }
    }
    String inner = new String(plaintext, StandardCharsets.US_ASCII);
    int[] dots = new int[2];
    int count = 0;
    for (int i = 0; i < inner.length(); i++) {
      if (inner.charAt(i) == '.') {
        if (count == 2) {
          return Result.reject(Rejection.UNSUPPORTED, "nested token is not a JWS");
        }
        dots[count++] = i;
      }
    }
    if (count != 2) {
      return Result.reject(Rejection.MALFORMED, "nested token is not a compact JWS");
    }
    return readJws(inner, dots, keys, true);
  }

  private Result readJws(String token, int[] dots, CompiledKeys keys, boolean nested) {
    int hLen = Base64Url.decodedLength(token, 0, dots[0]);
    int pLen = Base64Url.decodedLength(token, dots[0] + 1, dots[1]);
    int sLen = Base64Url.decodedLength(token, dots[1] + 1, token.length());
    if (hLen <= 0 || pLen < 0 || sLen < 0) {
      return Result.reject(Rejection.MALFORMED, "segment is not canonical base64url");
    }
    byte[] headerBytes = new byte[hLen];
    Base64Url.decodeValidated(token, 0, dots[0], headerBytes, 0);
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
    Ed25519.PublicPoint key = keys.verifyKeys.get(kidNode.textValue());
    if (key == null) {
      return Result.reject(Rejection.UNKNOWN_KEY, "no signing key with that kid");
    }
    if (sLen != Ed25519.SIGNATURE_SIZE) {
      return Result.reject(Rejection.BAD_SIGNATURE, "signature is not 64 bytes");
    }
    byte[] sig = new byte[Ed25519.SIGNATURE_SIZE];
    Base64Url.decodeValidated(token, dots[1] + 1, token.length(), sig, 0);
    byte[] signingInput = asciiBytes(token, 0, dots[1]);
    if (!Crypto.verifyEd25519(key, sig, signingInput)) {
      return Result.reject(Rejection.BAD_SIGNATURE, "signature does not verify");
    }
    byte[] payload = new byte[pLen];
    Base64Url.decodeValidated(token, dots[0] + 1, dots[1], payload, 0);
    return Result.ok(payload);
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

  private static byte[] asciiBytes(String s, int from, int to) {
    byte[] out = new byte[to - from];
    for (int i = from; i < to; i++) {
      out[i - from] = (byte) s.charAt(i); // validated base64url and dots: all ASCII
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
