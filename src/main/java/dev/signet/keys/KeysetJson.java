package dev.signet.keys;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.internal.Base64Url;
import dev.signet.internal.StrictJson;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * The keyset file format: a JSON document with {@code format} and {@code version}, the keyset's
 * {@code maxSession} (version 2; absent in version 1, which means the 12 h default), and each key
 * a JWK (RFC 7517) with Signet's {@code state}, {@code created}, {@code activated} and
 * {@code retired} beside the key members. When encrypted, the {@code encryption} parameters and
 * the {@code ciphertext} of the {@code {"maxSession":...,"keys":[...]}} document, sealed by
 * {@link KeysetSeal} with the version authenticated.
 *
 * <p>Reading is strict: duplicate members, unknown members, mistyped values and malformed keys
 * are refused with a message that names the file ({@code where}) and the problem and never
 * quotes key bytes. It does no I/O.
 */
final class KeysetJson {
  private static final StrictJson STRICT = new StrictJson(8);
  private static final ObjectMapper WRITER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final String where;
  private final Passphrase passphrase;
  private final KeysetSeal.KeyCache keyCache;

  /**
   * A reader and writer for the file named {@code where} (used in messages only), encrypting
   * under {@code passphrase} when it is not null.
   */
  KeysetJson(String where, Passphrase passphrase) {
    this(where, passphrase, null);
  }

  /** As above, deriving keys through {@code keys} (null: derive every time). */
  KeysetJson(String where, Passphrase passphrase, KeysetSeal.KeyCache keys) {
    this.where = where;
    this.passphrase = passphrase;
    this.keyCache = keys;
  }

  // ---- reading -------------------------------------------------------------------------

  /** Parses file content into a keyset. */
  Keyset read(byte[] content) throws KeysetFileException {
    boolean blank = true;
    for (byte b : content) {
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        blank = false;
        break;
      }
    }
    if (blank) {
      throw new KeysetFileException(KeysetFileException.Reason.EMPTY, where + ": keyset file is empty");
    }
    ObjectNode root;
    try {
      root = STRICT.parseObject(content);
    } catch (StrictJson.Invalid e) {
      throw malformed("not a keyset file (" + e.getMessage() + ")");
    }
    JsonNode format = root.get("format");
    if (format == null || !format.isTextual() || !KeysetFile.FORMAT.equals(format.textValue())) {
      throw malformed("not a keyset file (format must be \"" + KeysetFile.FORMAT + "\")");
    }
    JsonNode version = root.get("version");
    if (version == null || !version.isIntegralNumber()) {
      throw malformed("keyset file has no format version");
    }
    if (!version.canConvertToInt() || version.intValue() < 1 || version.intValue() > KeysetFile.VERSION) {
      throw new KeysetFileException(
          KeysetFileException.Reason.UNSUPPORTED_VERSION,
          where + ": keyset file format version " + version.asText()
              + " is not supported (this Signet reads versions 1 to " + KeysetFile.VERSION + ")");
    }
    int v = version.intValue();
    ObjectNode body;
    if (root.has("encryption")) {
      allowOnly(root, "file", "format", "version", "encryption", "ciphertext");
      body = decrypt(root, v);
    } else {
      if (passphrase != null) {
        // The branch is never chosen by the file alone: a plaintext file in place of an
        // encrypted one is a downgrade by whoever could write it, without the passphrase.
        throw new KeysetFileException(
            KeysetFileException.Reason.NOT_ENCRYPTED,
            where + ": keyset file is not encrypted, but a passphrase was given; refusing it"
                + " (a plaintext file can be put in place without the passphrase)");
      }
      allowOnly(root, "file", "format", "version", v == 1 ? "keys" : "maxSession", "keys");
      body = root;
    }
    JsonNode keys = body.get("keys");
    if (keys == null || !keys.isArray()) {
      throw malformed("keyset file has no \"keys\" array");
    }
    List<KeyEntry> entries = new ArrayList<>();
    int index = 0;
    for (JsonNode k : keys) {
      entries.add(readKey(k, index++));
    }
    if (entries.isEmpty()) {
      throw new KeysetFileException(KeysetFileException.Reason.INVALID_KEYSET, where + ": keyset has no keys");
    }
    Duration maxSession = maxSession(body);
    try {
      return Keyset.of(entries).withMaxSession(maxSession);
    } catch (IllegalArgumentException e) {
      throw new KeysetFileException(KeysetFileException.Reason.INVALID_KEYSET, where + ": " + e.getMessage());
    }
  }

  /** The {@code maxSession} member (version 2), or the default when absent (always in version 1). */
  private Duration maxSession(ObjectNode body) throws KeysetFileException {
    JsonNode n = body.get("maxSession");
    if (n == null) {
      return Keyset.DEFAULT_MAX_SESSION;
    }
    String problem = "\"maxSession\" must be an ISO-8601 duration of whole seconds from PT1S to P366D";
    if (!n.isTextual() || n.textValue().length() > 32) {
      throw malformed(problem);
    }
    try {
      return Keyset.checkMaxSession(Duration.parse(n.textValue()));
    } catch (DateTimeParseException | IllegalArgumentException e) {
      throw malformed(problem);
    }
  }

  private KeyEntry readKey(JsonNode k, int index) throws KeysetFileException {
    if (!k.isObject()) {
      throw malformed("every key must be a JSON object (a JWK)");
    }
    ObjectNode o = (ObjectNode) k;
    String kid = text(o, "kid", "key #" + index);
    // Quote the kid only when it is a well-formed one, so a garbled file never echoes key bytes.
    boolean printable =
        !kid.isEmpty() && kid.length() <= KeyEntry.MAX_KID_LENGTH && kid.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    String key = printable ? "key " + kid : "key #" + index;
    String kty = text(o, "kty", key);
    String use = text(o, "use", key);
    KeyState state = state(text(o, "state", key), key);
    Instant created = time(o, "created", key, true);
    Instant activated = time(o, "activated", key, false);
    Instant retired = time(o, "retired", key, false);
    try {
      if ("sig".equals(use)) {
        allowOnly(o, key, "kid", "kty", "crv", "use", "alg", "x", "d", "state", "created", "activated", "retired");
        requireAlg(o, key, "EdDSA", "Ed25519");
        if (!"OKP".equals(kty) || !"Ed25519".equals(text(o, "crv", key))) {
          throw malformed(key + ": a signing key must be kty OKP, crv Ed25519");
        }
        byte[] x = bytes(o, "x", key, true);
        byte[] d = bytes(o, "d", key, false);
        try {
          return KeyEntry.signing(kid, state, created, activated, retired, x, d);
        } finally {
          if (d != null) {
            Arrays.fill(d, (byte) 0);
          }
        }
      }
      if ("enc".equals(use)) {
        allowOnly(o, key, "kid", "kty", "use", "alg", "k", "state", "created", "activated", "retired");
        requireAlg(o, key, "A256KW");
        if (!"oct".equals(kty)) {
          throw malformed(key + ": an encryption key must be kty oct");
        }
        byte[] secret = bytes(o, "k", key, true);
        try {
          return KeyEntry.encryption(kid, state, created, activated, retired, secret);
        } finally {
          Arrays.fill(secret, (byte) 0);
        }
      }
    } catch (IllegalArgumentException e) {
      throw new KeysetFileException(KeysetFileException.Reason.INVALID_KEYSET, where + ": " + e.getMessage());
    }
    throw malformed(key + ": \"use\" must be \"sig\" or \"enc\"");
  }

  /**
   * A key's {@code alg} label, when present, must name what Signet uses the key for: a key
   * labelled for another algorithm (RFC 7520 §3.6's {@code A256GCM} key, an {@code HS256} key) is
   * refused rather than silently reused under a second algorithm.
   */
  private void requireAlg(ObjectNode o, String key, String... allowed) throws KeysetFileException {
    JsonNode alg = o.get("alg");
    if (alg == null) {
      return;
    }
    if (alg.isTextual()) {
      for (String a : allowed) {
        if (a.equals(alg.textValue())) {
          return;
        }
      }
    }
    throw malformed(key + ": alg must be " + String.join(" or ", allowed));
  }

  private static KeyState state(String s, String key) throws KeysetFileException {
    for (KeyState st : KeyState.values()) {
      if (st.name().toLowerCase(Locale.ROOT).equals(s)) {
        return st;
      }
    }
    throw new KeysetFileException(
        KeysetFileException.Reason.MALFORMED, key + ": state must be next, active or retired");
  }

  /** The encrypted body, after the envelope's members are checked and the ciphertext opened. */
  private ObjectNode decrypt(ObjectNode root, int version) throws KeysetFileException {
    if (passphrase == null) {
      throw new KeysetFileException(
          KeysetFileException.Reason.PASSPHRASE_REQUIRED,
          where + ": keyset file is encrypted; a passphrase is needed to open it");
    }
    JsonNode enc = root.get("encryption");
    if (!enc.isObject()) {
      throw malformed("\"encryption\" must be an object");
    }
    ObjectNode e = (ObjectNode) enc;
    allowOnly(e, "encryption", "kdf", "memoryKiB", "iterations", "parallelism", "salt", "cipher", "iv");
    if (!KeysetSeal.KDF.equals(text(e, "kdf", "encryption")) || !KeysetSeal.CIPHER.equals(text(e, "cipher", "encryption"))) {
      throw malformed("unsupported encryption (expected kdf argon2id, cipher A256GCM)");
    }
    KeysetSeal.Params params =
        new KeysetSeal.Params(
            intIn(e, "memoryKiB", KeysetSeal.MIN_MEMORY_KIB, KeysetSeal.MAX_MEMORY_KIB),
            intIn(e, "iterations", 1, KeysetSeal.MAX_ITERATIONS),
            intIn(e, "parallelism", 1, KeysetSeal.MAX_PARALLELISM),
            bytes(e, "salt", "encryption", true),
            bytes(e, "iv", "encryption", true));
    if (!params.wellFormed()) {
      throw malformed("encryption salt or iv has the wrong length");
    }
    JsonNode ct = root.get("ciphertext");
    if (ct == null || !ct.isTextual()) {
      throw malformed("encrypted keyset file has no ciphertext");
    }
    byte[] ciphertext = Base64Url.decode(ct.textValue());
    if (ciphertext == null || ciphertext.length < 16) {
      throw malformed("ciphertext is not base64url");
    }
    byte[] plain;
    try {
      plain = KeysetSeal.open(params, version, passphrase, ciphertext, keyCache);
    } catch (KeysetSeal.WrongPassphrase ex) {
      throw new KeysetFileException(
          KeysetFileException.Reason.WRONG_PASSPHRASE,
          where + ": wrong passphrase (or the encrypted keyset file was altered)");
    } catch (GeneralSecurityException ex) {
      throw new KeysetFileException(
          KeysetFileException.Reason.IO, where + ": cannot decrypt (" + ex.getClass().getSimpleName() + ")");
    }
    try {
      ObjectNode body = STRICT.parseObject(plain);
      allowOnly(body, "encrypted content", version == 1 ? "keys" : "maxSession", "keys");
      return body;
    } catch (StrictJson.Invalid ex) {
      throw malformed("encrypted content is not a keyset (" + ex.getMessage() + ")");
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  // ---- writing -------------------------------------------------------------------------

  /** The file content for {@code keyset}, encrypted when a passphrase was given. */
  byte[] write(Keyset keyset) {
    ArrayNode keys = NODES.arrayNode();
    for (KeyEntry e : keyset.entries()) {
      keys.add(toJwk(e));
    }
    // The lowest version that holds the keyset, so that a keyset with default settings stays
    // readable by every Signet (and its gateways) that reads version 1.
    boolean defaults = keyset.maxSession().equals(Keyset.DEFAULT_MAX_SESSION);
    int version = defaults ? 1 : KeysetFile.VERSION;
    ObjectNode root = NODES.objectNode();
    root.put("format", KeysetFile.FORMAT);
    root.put("version", version);
    ObjectNode body = passphrase == null ? root : NODES.objectNode();
    if (!defaults) {
      body.put("maxSession", keyset.maxSession().toString());
    }
    body.set("keys", keys);
    try {
      if (passphrase == null) {
        return WRITER.writeValueAsBytes(root);
      }
      byte[] plain = WRITER.writeValueAsBytes(body);
      KeysetSeal.Params params = keyCache == null ? KeysetSeal.Params.fresh() : keyCache.reusableParams();
      byte[] ct;
      try {
        ct = KeysetSeal.seal(params, version, passphrase, plain, keyCache);
      } finally {
        Arrays.fill(plain, (byte) 0);
      }
      ObjectNode enc = root.putObject("encryption");
      enc.put("kdf", KeysetSeal.KDF);
      enc.put("memoryKiB", params.memoryKiB);
      enc.put("iterations", params.iterations);
      enc.put("parallelism", params.parallelism);
      enc.put("salt", Base64Url.encode(params.salt));
      enc.put("cipher", KeysetSeal.CIPHER);
      enc.put("iv", Base64Url.encode(params.iv));
      root.put("ciphertext", Base64Url.encode(ct));
      return WRITER.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize keyset", e);
    }
  }

  /** A key as a JWK plus Signet's {@code state}, {@code created}, {@code activated}, {@code retired}. */
  static ObjectNode toJwk(KeyEntry e) {
    ObjectNode o = NODES.objectNode();
    o.put("kid", e.kid());
    if (e.purpose() == KeyPurpose.SIGNING) {
      o.put("kty", "OKP");
      o.put("crv", "Ed25519");
      o.put("use", "sig");
      o.put("alg", "EdDSA");
      o.put("x", Base64Url.encode(e.publicKey().orElseThrow()));
      if (e.hasPrivateKey()) {
        byte[] d = e.secretBytes(SecretAccess.insecure());
        o.put("d", Base64Url.encode(d));
        Arrays.fill(d, (byte) 0);
      }
    } else {
      o.put("kty", "oct");
      o.put("use", "enc");
      o.put("alg", "A256KW");
      byte[] k = e.secretBytes(SecretAccess.insecure());
      o.put("k", Base64Url.encode(k));
      Arrays.fill(k, (byte) 0);
    }
    o.put("state", e.state().name().toLowerCase(Locale.ROOT));
    o.put("created", e.createdAt().toString());
    e.activatedAt().ifPresent(t -> o.put("activated", t.toString()));
    e.retiredAt().ifPresent(t -> o.put("retired", t.toString()));
    return o;
  }

  // ---- helpers -------------------------------------------------------------------------

  private void allowOnly(ObjectNode o, String what, String... names) throws KeysetFileException {
    List<String> allowed = Arrays.asList(names);
    Iterator<String> it = o.fieldNames();
    while (it.hasNext()) {
      String n = it.next();
      if (!allowed.contains(n)) {
        // Member names are written by Signet; a short printable one is safe to quote.
        String shown = n.length() <= 32 && n.chars().allMatch(c -> c > 0x20 && c < 0x7f) ? n : "?";
        throw malformed(what + ": unknown member \"" + shown + "\"");
      }
    }
  }

  private String text(ObjectNode o, String name, String what) throws KeysetFileException {
    JsonNode n = o.get(name);
    if (n == null || !n.isTextual()) {
      throw malformed(what + ": \"" + name + "\" must be a string");
    }
    return n.textValue();
  }

  private byte[] bytes(ObjectNode o, String name, String what, boolean required) throws KeysetFileException {
    JsonNode n = o.get(name);
    if (n == null) {
      if (required) {
        throw malformed(what + ": \"" + name + "\" is missing");
      }
      return null;
    }
    byte[] b = n.isTextual() ? Base64Url.decode(n.textValue()) : null;
    if (b == null) {
      throw malformed(what + ": \"" + name + "\" is not base64url");
    }
    return b;
  }

  private Instant time(ObjectNode o, String name, String what, boolean required) throws KeysetFileException {
    JsonNode n = o.get(name);
    if (n == null) {
      if (required) {
        throw malformed(what + ": \"" + name + "\" is missing");
      }
      return null;
    }
    if (!n.isTextual()) {
      throw malformed(what + ": \"" + name + "\" must be an ISO-8601 time");
    }
    try {
      return Instant.parse(n.textValue());
    } catch (DateTimeParseException e) {
      throw malformed(what + ": \"" + name + "\" must be an ISO-8601 time");
    }
  }

  private int intIn(ObjectNode o, String name, int min, int max) throws KeysetFileException {
    JsonNode n = o.get(name);
    if (n == null || !n.isIntegralNumber() || !n.canConvertToInt() || n.intValue() < min || n.intValue() > max) {
      throw malformed("encryption \"" + name + "\" must be an integer from " + min + " to " + max);
    }
    return n.intValue();
  }

  private KeysetFileException malformed(String what) {
    return new KeysetFileException(KeysetFileException.Reason.MALFORMED, where + ": " + what);
  }
}
