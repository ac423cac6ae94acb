package dev.signet;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.internal.StrictJson;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The claims set of a session token: written by the issuer, read strictly by the verifier.
 *
 * <p>Times are whole seconds (JWT NumericDate) between 0 and {@link #MAX_TIME} (the end of year
 * 9999), except two private claims in epoch milliseconds: {@code iat_ms}, the issue time to the
 * millisecond ({@code iat} is its value in seconds, rounded down, so other JOSE libraries read a
 * standard {@code iat}), and {@code sst_ms}, the time the session started, which renewals keep
 * and which revocation cut-offs match. A token without {@code iat_ms} counts as issued at the
 * start of its {@code iat} second; a token without {@code sst_ms} (minted before Signet carried
 * it) counts as started when it was issued, so a cut-off rejects at least what it rejected
 * before. {@code sst_ms} is never after {@code iat_ms}.
 */
final class Claims {
  /** 9999-12-31T23:59:59Z, the largest accepted NumericDate. */
  static final long MAX_TIME = 253_402_300_799L;

  static final int MAX_ID_LENGTH = 256;
  static final int MAX_CLAIMS_DEPTH = 32;

  private static final StrictJson STRICT = new StrictJson(MAX_CLAIMS_DEPTH);

  private Claims() {}

  static void requireId(String what, String value) {
    if (value == null) {
      throw new NullPointerException(what);
    }
    if (value.isEmpty() || value.length() > MAX_ID_LENGTH) {
      throw new IllegalArgumentException(what + " must be 1 to " + MAX_ID_LENGTH + " characters");
    }
  }

  /** The attributes value as a canonical JSON object tree (written and re-read, so it compares equal after a round trip). */
  static ObjectNode attributesTree(Object attributes) {
    JsonNode tree;
    try {
      tree = Json.MAPPER.valueToTree(attributes);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("attributes cannot be mapped to JSON: " + e.getMessage(), e);
    }
    if (!(tree instanceof ObjectNode)) {
      throw new IllegalArgumentException("attributes must map to a JSON object");
    }
    try {
      return STRICT.parseObject(Json.MAPPER.writeValueAsBytes(tree));
    } catch (JsonProcessingException | StrictJson.Invalid e) {
      throw new IllegalArgumentException("attributes are not valid strict JSON: " + e.getMessage(), e);
    }
  }

  /**
   * The claims of {@code s} as JSON, written straight to bytes in a fixed member order (the
   * order {@link #read} expects nothing of, but tests and other libraries see).
   */
  static byte[] write(Session s) {
    ByteArrayBuilder out = new ByteArrayBuilder(512);
    try (JsonGenerator g = Json.MAPPER.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("iss", s.issuer());
      if (s.audience().size() == 1) {
        g.writeStringField("aud", s.audience().get(0));
      } else {
        g.writeArrayFieldStart("aud");
        for (String a : s.audience()) {
          g.writeString(a);
        }
        g.writeEndArray();
      }
      g.writeStringField("sub", s.subject());
      g.writeStringField("sid", s.sessionId());
      g.writeStringField("jti", s.tokenId());
      long iatMs = s.issuedAt().toEpochMilli();
      g.writeNumberField("iat", Math.floorDiv(iatMs, 1000));
      g.writeNumberField("iat_ms", iatMs);
      g.writeNumberField("sst_ms", s.startedAt().toEpochMilli());
      g.writeNumberField("nbf", Math.floorDiv(iatMs, 1000));
      g.writeNumberField("exp", s.expiresAt().getEpochSecond());
      g.writeNumberField("sxp", s.hardExpiresAt().getEpochSecond());
      g.writeNumberField("auth_time", s.authTime().getEpochSecond());
      if (!s.roles().isEmpty()) {
        g.writeArrayFieldStart("roles");
        for (String r : s.roles()) {
          g.writeString(r);
        }
        g.writeEndArray();
      }
      if (s.attributesNode() != null) {
        g.writeFieldName("attrs");
        g.writeTree(s.attributesNode());
      }
      if (s.fingerprintHash().isPresent()) {
        g.writeStringField("fgp", s.fingerprintHash().get());
      }
      if (s.contextHash().isPresent()) {
        g.writeStringField("ctx", s.contextHash().get());
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException("claims could not be written", e);
    }
    return out.toByteArray();
  }

  /** A claims check failure: a rejection and a log-safe detail. */
  static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;
    final Rejection rejection;

    Failure(Rejection rejection, String detail) {
      super(detail, null, false, false);
      this.rejection = rejection;
    }
  }

  /**
   * Parses verified claims bytes into a session, checking types, ranges, issuer and audience.
   * Time windows are checked by the caller.
   */
  static Parsed read(byte[] json, String expectedIssuer, String expectedAudience) throws Failure {
    Members o = Members.read(json);
    JsonNode iss = o.get(Members.ISS);
    if (iss == null || !iss.isTextual() || !iss.textValue().equals(expectedIssuer)) {
      throw new Failure(Rejection.WRONG_ISSUER, "iss is missing or not the configured issuer");
    }
    List<String> audience = audience(o.get(Members.AUD));
    if (!audience.contains(expectedAudience)) {
      throw new Failure(Rejection.WRONG_AUDIENCE, "aud does not contain the configured audience");
    }
    String sub = id(o, Members.SUB);
    String sid = id(o, Members.SID);
    String jti = id(o, Members.JTI);
    long iat = time(o, Members.IAT, true);
    long exp = time(o, Members.EXP, true);
    long sxp = time(o, Members.SXP, true);
    long authTime = time(o, Members.AUTH_TIME, true);
    long nbf = time(o, Members.NBF, false);
    long iatMs = iat * 1000;
    JsonNode ms = o.get(Members.IAT_MS);
    if (ms != null) {
      if (!ms.isIntegralNumber() || !ms.canConvertToLong()) {
        throw new Failure(Rejection.INVALID_CLAIMS, "iat_ms is not an integer");
      }
      iatMs = ms.longValue();
      if (Math.floorDiv(iatMs, 1000) != iat) {
        throw new Failure(Rejection.INVALID_CLAIMS, "iat_ms does not match iat");
      }
    }
    long sstMs = iatMs;
    JsonNode start = o.get(Members.SST_MS);
    if (start != null) {
      if (!start.isIntegralNumber() || !start.canConvertToLong()) {
        throw new Failure(Rejection.INVALID_CLAIMS, "sst_ms is not an integer");
      }
      sstMs = start.longValue();
      if (sstMs < 0 || sstMs > iatMs) {
        throw new Failure(Rejection.INVALID_CLAIMS, "sst_ms is negative or after the issue time");
      }
    }
    if (exp > sxp) {
      throw new Failure(Rejection.INVALID_CLAIMS, "exp is after sxp");
    }
    Set<String> roles = new TreeSet<>();
    JsonNode r = o.get(Members.ROLES);
    if (r != null) {
      if (!r.isArray()) {
        throw new Failure(Rejection.INVALID_CLAIMS, "roles is not an array");
      }
      for (JsonNode role : r) {
        if (!role.isTextual() || role.textValue().isEmpty() || role.textValue().length() > MAX_ID_LENGTH) {
          throw new Failure(Rejection.INVALID_CLAIMS, "roles holds a non-string or empty value");
        }
        roles.add(role.textValue());
      }
    }
    JsonNode attrs = o.get(Members.ATTRS);
    if (attrs != null && !attrs.isObject()) {
      throw new Failure(Rejection.INVALID_CLAIMS, "attrs is not an object");
    }
    if (attrs != null && !finiteNumbers(attrs)) {
      // A literal such as 1e999 parses as Infinity, which no JSON text carries back unchanged.
      throw new Failure(Rejection.INVALID_CLAIMS, "attrs holds a number out of range");
    }
    String fgp = optionalId(o, Members.FGP);
    String ctx = optionalId(o, Members.CTX);
    Session session = new Session(
        iss.textValue(),
        audience,
        sub,
        sid,
        jti,
        Instant.ofEpochMilli(iatMs),
        Instant.ofEpochMilli(sstMs),
        Instant.ofEpochSecond(exp),
        Instant.ofEpochSecond(sxp),
        Instant.ofEpochSecond(authTime),
        roles,
        (ObjectNode) attrs,
        fgp,
        ctx);
    return new Parsed(session, nbf);
  }

  private static boolean finiteNumbers(JsonNode node) {
    if (node.isFloatingPointNumber()) {
      return Double.isFinite(node.doubleValue());
    }
    for (JsonNode child : node) {
      if (!finiteNumbers(child)) {
        return false;
      }
    }
    return true;
  }

  private static List<String> audience(JsonNode aud) throws Failure {
    if (aud == null) {
      throw new Failure(Rejection.WRONG_AUDIENCE, "aud is missing");
    }
    if (aud.isTextual()) {
      return List.of(aud.textValue());
    }
    if (!aud.isArray() || aud.size() == 0) {
      throw new Failure(Rejection.WRONG_AUDIENCE, "aud is neither a string nor a non-empty array");
    }
    List<String> out = new ArrayList<>(aud.size());
    for (JsonNode a : aud) {
      if (!a.isTextual()) {
        throw new Failure(Rejection.WRONG_AUDIENCE, "aud holds a non-string value");
      }
      out.add(a.textValue());
    }
    return out;
  }

  private static String id(Members o, int member) throws Failure {
    String v = optionalId(o, member);
    if (v == null) {
      throw new Failure(Rejection.INVALID_CLAIMS, Members.NAMES[member] + " is missing");
    }
    return v;
  }

  private static String optionalId(Members o, int member) throws Failure {
    JsonNode n = o.get(member);
    String name = Members.NAMES[member];
    if (n == null) {
      return null;
    }
    if (!n.isTextual() || n.textValue().isEmpty() || n.textValue().length() > MAX_ID_LENGTH) {
      throw new Failure(Rejection.INVALID_CLAIMS, name + " is not a string of 1 to " + MAX_ID_LENGTH + " characters");
    }
    return n.textValue();
  }

  /** A NumericDate: an integer number of seconds in [0, MAX_TIME]; -1 when absent and optional. */
  private static long time(Members o, int member, boolean required) throws Failure {
    JsonNode n = o.get(member);
    String name = Members.NAMES[member];
    if (n == null) {
      if (required) {
        throw new Failure(Rejection.INVALID_CLAIMS, name + " is missing");
      }
      return -1;
    }
    if (!n.isIntegralNumber() || !n.canConvertToLong()) {
      throw new Failure(Rejection.INVALID_CLAIMS, name + " is not an integer number of seconds");
    }
    long v = n.longValue();
    if (v < 0 || v > MAX_TIME) {
      throw new Failure(Rejection.INVALID_CLAIMS, name + " is out of range");
    }
    return v;
  }

  /**
   * The members of a claims set that Signet reads, streamed from the document without a tree
   * for the whole set: every member is still read and checked strictly (unknown ones too), and
   * any breach of the strict rules rejects the token as malformed before a claim is judged.
   */
  private static final class Members {
    // The claims Signet reads, by index into NAMES (and values).
    static final int ISS = 0, AUD = 1, SUB = 2, SID = 3, JTI = 4, IAT = 5, IAT_MS = 6, SST_MS = 7, NBF = 8,
        EXP = 9, SXP = 10, AUTH_TIME = 11, ROLES = 12, ATTRS = 13, FGP = 14, CTX = 15;
    static final String[] NAMES = {
        "iss", "aud", "sub", "sid", "jti", "iat", "iat_ms", "sst_ms", "nbf", "exp", "sxp", "auth_time",
        "roles", "attrs", "fgp", "ctx"};
    private final JsonNode[] values = new JsonNode[NAMES.length];

    static Members read(byte[] json) throws Failure {
      Members m = new Members();
      try (StrictJson.Members in = STRICT.members(json, 0, json.length)) {
        for (String name = in.next(); name != null; name = in.next()) {
          int i = index(name);
          JsonNode v = in.value();
          if (i >= 0) {
            m.values[i] = v;
          }
        }
      } catch (StrictJson.Invalid e) {
        throw new Failure(Rejection.MALFORMED, "claims: " + e.getMessage());
      }
      return m;
    }

    private static final Map<String, Integer> INDEX = new HashMap<>();

    static {
      for (int i = 0; i < NAMES.length; i++) {
        INDEX.put(NAMES[i], i);
      }
    }

    private static int index(String name) {
      return INDEX.getOrDefault(name, -1);
    }

    /** The value of the member {@code NAMES[member]}, or null when absent. */
    JsonNode get(int member) {
      return values[member];
    }
  }

  /** A verified session and its {@code nbf} (seconds, or -1 when absent). */
  static final class Parsed {
    final Session session;
    final long notBefore;

    Parsed(Session session, long notBefore) {
      this.session = session;
      this.notBefore = notBefore;
    }
  }
}
