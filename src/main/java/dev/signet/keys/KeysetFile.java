package dev.signet.keys;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.internal.AtomicFiles;
import dev.signet.internal.Base64Url;
import dev.signet.internal.StrictJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * A keyset stored in a file: JSON with a format version, each key a JWK (RFC 7517) with its
 * Signet state and times beside the key members, optionally encrypted at rest under a
 * {@link Passphrase}.
 *
 * <pre>{@code
 * KeysetFile file = KeysetFile.at(Path.of("/etc/signet/keyset.json"))
 *     .withPassphrase(Passphrase.fromEnvironment("SIGNET_PASSPHRASE"));
 * file.create(Keyset.generate());      // never overwrites
 * Keyset keys = file.load();
 * }</pre>
 *
 * <p>Immutable; {@code with...} methods return a new instance. Loading never writes; writing
 * ({@link #create}, {@link #save}, {@link #update}) replaces the file atomically under a lock
 * shared with other processes, so two concurrent rotations cannot interleave.
 *
 * <p><b>Security:</b>
 *
 * <ul>
 *   <li>Files are written owner-only (0600), through a temporary file in the same folder that is
 *       flushed, renamed over the target and followed by a flush of the folder: after a crash the
 *       file is the old keyset or the new one, never a mix.
 *   <li>{@link #load()} refuses a file that group or others may read or write, and a symbolic
 *       link, unless {@link #allowInsecurePermissions()} was called.
 *   <li>Encrypted files use Argon2id (46 MiB, one pass, OWASP's recommended setting) to derive an AES-256-GCM key from the
 *       passphrase; the format, version and KDF parameters are authenticated with the keys, so a
 *       wrong passphrase or an altered file is {@link KeysetFileException.Reason#WRONG_PASSPHRASE}.
 *   <li>Error messages name the file and the problem, never key bytes or the passphrase.
 * </ul>
 */
public final class KeysetFile {
  /** The {@code format} member of every keyset file. */
  public static final String FORMAT = "signet-keyset";
  /** The format version this Signet writes and reads. */
  public static final int VERSION = 1;
  /** Largest keyset file read, in bytes. */
  public static final int MAX_FILE_SIZE = 1 << 20;

  // OWASP's first recommended Argon2id setting (46 MiB, one pass): as strong as its 19 MiB / two
  // passes option, and cheap enough that every CLI command on an encrypted file stays quick.
  static final int ARGON2_MEMORY_KIB = 46 * 1024;
  static final int ARGON2_ITERATIONS = 1;
  static final int ARGON2_PARALLELISM = 1;
  private static final int MIN_MEMORY_KIB = 8 * 1024;
  private static final int MAX_MEMORY_KIB = 1024 * 1024;
  private static final int MAX_ITERATIONS = 16;
  private static final int MAX_PARALLELISM = 16;
  private static final int SALT_BYTES = 16;
  private static final int IV_BYTES = 12;

  private static final StrictJson STRICT = new StrictJson(8);
  private static final ObjectMapper WRITER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path path;
  private final Passphrase passphrase;
  private final boolean allowInsecure;

  private KeysetFile(Path path, Passphrase passphrase, boolean allowInsecure) {
    this.path = path;
    this.passphrase = passphrase;
    this.allowInsecure = allowInsecure;
  }

  /** The keyset file at {@code path}, plain (no passphrase), with permission checks on. */
  public static KeysetFile at(Path path) {
    Objects.requireNonNull(path, "path");
    if (path.getFileName() == null) {
      throw new IllegalArgumentException("not a file path: " + path);
    }
    return new KeysetFile(path, null, false);
  }

  /**
   * The same file, opened and written encrypted under {@code passphrase}. A plain file still
   * loads; every save encrypts.
   */
  public KeysetFile withPassphrase(Passphrase passphrase) {
    return new KeysetFile(path, Objects.requireNonNull(passphrase, "passphrase"), allowInsecure);
  }

  /**
   * The same file, loaded even when group or others may read it or it is a symbolic link (for
   * example a secret mounted by an orchestrator that manages access itself).
   *
   * <p><b>Risk:</b> anyone who can read the file can mint tokens with its signing keys and read
   * every session with its encryption keys.
   */
  public KeysetFile allowInsecurePermissions() {
    return new KeysetFile(path, passphrase, true);
  }

  /** Where the file is. */
  public Path path() {
    return path;
  }

  /** Whether saves encrypt (a passphrase was given). */
  public boolean encrypts() {
    return passphrase != null;
  }

  /** Whether the file exists (a symbolic link counts, and is refused on load). */
  public boolean exists() {
    return Files.exists(path, LinkOption.NOFOLLOW_LINKS);
  }

  /**
   * Reads and checks the keyset.
   *
   * @throws KeysetFileException naming the problem: missing, empty, not a keyset file, another
   *     format version, encrypted without (or with the wrong) passphrase, insecure permissions,
   *     or keys that break a keyset rule (duplicate kids, no active key)
   */
  public Keyset load() throws KeysetFileException {
    return parse(readBytes());
  }

  /**
   * Writes a new keyset file; never overwrites.
   *
   * @throws KeysetFileException ({@code ALREADY_EXISTS}) if the file exists
   */
  public void create(Keyset keyset) throws KeysetFileException {
    byte[] content = encode(Objects.requireNonNull(keyset, "keyset"));
    try {
      AtomicFiles.create(path, content, AtomicFiles.OWNER_ONLY);
    } catch (FileAlreadyExistsException e) {
      throw new KeysetFileException(
          KeysetFileException.Reason.ALREADY_EXISTS,
          path + ": a keyset file already exists; it is never overwritten");
    } catch (IOException e) {
      throw io("cannot write", e);
    } finally {
      Arrays.fill(content, (byte) 0);
    }
  }

  /** Writes {@code keyset} over the file (or creates it), atomically and under the file's lock. */
  public void save(Keyset keyset) throws KeysetFileException {
    byte[] content = encode(Objects.requireNonNull(keyset, "keyset"));
    try {
      AtomicFiles.withLock(
          path,
          () -> {
            AtomicFiles.write(path, content, AtomicFiles.OWNER_ONLY);
            return null;
          });
    } catch (IOException e) {
      throw io("cannot write", e);
    } finally {
      Arrays.fill(content, (byte) 0);
    }
  }

  /**
   * Loads, changes and saves the keyset while holding the file's lock, so concurrent updates
   * from several processes apply one after the other. When {@code change} returns the very
   * keyset it was given, nothing is written.
   *
   * @return the keyset now in the file
   */
  public Keyset update(UnaryOperator<Keyset> change) throws KeysetFileException {
    Objects.requireNonNull(change, "change");
    try {
      return AtomicFiles.withLock(
          path,
          () -> {
            Keyset before = load();
            Keyset after = Objects.requireNonNull(change.apply(before), "change result");
            if (after != before) {
              byte[] content = encode(after);
              try {
                AtomicFiles.write(path, content, AtomicFiles.OWNER_ONLY);
              } finally {
                Arrays.fill(content, (byte) 0);
              }
            }
            return after;
          });
    } catch (KeysetFileException e) {
      throw e;
    } catch (IOException e) {
      throw io("cannot update", e);
    }
  }

  // ---- reading -------------------------------------------------------------------------

  /** The raw file content, after the existence, type, size and permission checks. */
  byte[] readBytes() throws KeysetFileException {
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      throw new KeysetFileException(KeysetFileException.Reason.NOT_FOUND, path + ": keyset file does not exist");
    } catch (IOException e) {
      throw io("cannot read", e);
    }
    if (attrs.isSymbolicLink() && !allowInsecure) {
      throw new KeysetFileException(
          KeysetFileException.Reason.INSECURE_PERMISSIONS,
          path + ": keyset file is a symbolic link; refusing it (allow insecure permissions to accept)");
    }
    if (!allowInsecure) {
      checkPermissions();
    }
    try (InputStream in =
        allowInsecure
            ? Files.newInputStream(path)
            : Files.newInputStream(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      byte[] b = in.readNBytes(MAX_FILE_SIZE + 1);
      if (b.length > MAX_FILE_SIZE) {
        throw new KeysetFileException(
            KeysetFileException.Reason.MALFORMED,
            path + ": larger than " + MAX_FILE_SIZE + " bytes, not a keyset file");
      }
      return b;
    } catch (NoSuchFileException e) {
      throw new KeysetFileException(KeysetFileException.Reason.NOT_FOUND, path + ": keyset file does not exist");
    } catch (FileSystemException e) {
      if (e.getReason() != null && e.getReason().contains("symbolic link")) {
        throw new KeysetFileException(
            KeysetFileException.Reason.INSECURE_PERMISSIONS, path + ": keyset file is a symbolic link; refusing it");
      }
      throw io("cannot read", e);
    } catch (IOException e) {
      throw io("cannot read", e);
    }
  }

  private void checkPermissions() throws KeysetFileException {
    if (!path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return;
    }
    Set<PosixFilePermission> perms;
    try {
      perms =
          Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).permissions();
    } catch (IOException e) {
      throw io("cannot read permissions of", e);
    }
    for (PosixFilePermission p : perms) {
      switch (p) {
        case GROUP_READ:
        case GROUP_WRITE:
        case OTHERS_READ:
        case OTHERS_WRITE:
          throw new KeysetFileException(
              KeysetFileException.Reason.INSECURE_PERMISSIONS,
              path
                  + ": keyset file is accessible to group or others (mode "
                  + java.nio.file.attribute.PosixFilePermissions.toString(perms)
                  + "); run chmod 600 on it, or allow insecure permissions explicitly");
        default:
          break;
      }
    }
  }

  /** Parses file content into a keyset. */
  Keyset parse(byte[] content) throws KeysetFileException {
    boolean blank = true;
    for (byte b : content) {
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        blank = false;
        break;
      }
    }
    if (blank) {
      throw new KeysetFileException(KeysetFileException.Reason.EMPTY, path + ": keyset file is empty");
    }
    ObjectNode root;
    try {
      root = STRICT.parseObject(content);
    } catch (StrictJson.Invalid e) {
      throw malformed("not a keyset file (" + e.getMessage() + ")");
    }
    JsonNode format = root.get("format");
    if (format == null || !format.isTextual() || !FORMAT.equals(format.textValue())) {
      throw malformed("not a keyset file (format must be \"" + FORMAT + "\")");
    }
    JsonNode version = root.get("version");
    if (version == null || !version.isIntegralNumber()) {
      throw malformed("keyset file has no format version");
    }
    if (!version.canConvertToInt() || version.intValue() != VERSION) {
      throw new KeysetFileException(
          KeysetFileException.Reason.UNSUPPORTED_VERSION,
          path + ": keyset file format version " + version.asText() + " is not supported (this Signet reads version " + VERSION + ")");
    }
    ObjectNode body;
    if (root.has("encryption")) {
      allowOnly(root, "file", "format", "version", "encryption", "ciphertext");
      body = decrypt(root);
    } else {
      allowOnly(root, "file", "format", "version", "keys");
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
      throw new KeysetFileException(KeysetFileException.Reason.INVALID_KEYSET, path + ": keyset has no keys");
    }
    try {
      return Keyset.of(entries);
    } catch (IllegalArgumentException e) {
      throw new KeysetFileException(KeysetFileException.Reason.INVALID_KEYSET, path + ": " + e.getMessage());
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
    String where = printable ? "key " + kid : "key #" + index;
    String kty = text(o, "kty", where);
    String use = text(o, "use", where);
    KeyState state = state(text(o, "state", where), where);
    Instant created = time(o, "created", where, true);
    Instant activated = time(o, "activated", where, false);
    Instant retired = time(o, "retired", where, false);
    try {
      if ("sig".equals(use)) {
        allowOnly(o, where, "kid", "kty", "crv", "use", "alg", "x", "d", "state", "created", "activated", "retired");
        requireAlg(o, where, "EdDSA", "Ed25519");
        if (!"OKP".equals(kty) || !"Ed25519".equals(text(o, "crv", where))) {
          throw malformed(where + ": a signing key must be kty OKP, crv Ed25519");
        }
        byte[] x = bytes(o, "x", where, true);
        byte[] d = bytes(o, "d", where, false);
        try {
          return KeyEntry.signing(kid, state, created, activated, retired, x, d);
        } finally {
          if (d != null) {
            Arrays.fill(d, (byte) 0);
          }
        }
      }
      if ("enc".equals(use)) {
        allowOnly(o, where, "kid", "kty", "use", "alg", "k", "state", "created", "activated", "retired");
        requireAlg(o, where, "A256KW");
        if (!"oct".equals(kty)) {
          throw malformed(where + ": an encryption key must be kty oct");
        }
        byte[] key = bytes(o, "k", where, true);
        try {
          return KeyEntry.encryption(kid, state, created, activated, retired, key);
        } finally {
          Arrays.fill(key, (byte) 0);
        }
      }
    } catch (IllegalArgumentException e) {
      throw new KeysetFileException(KeysetFileException.Reason.INVALID_KEYSET, path + ": " + e.getMessage());
    }
    throw malformed(where + ": \"use\" must be \"sig\" or \"enc\"");
  }

  /**
   * A key's {@code alg} label, when present, must name what Signet uses the key for: a key
   * labelled for another algorithm (RFC 7520 §3.6's {@code A256GCM} key, an {@code HS256} key) is
   * refused rather than silently reused under a second algorithm.
   */
  private void requireAlg(ObjectNode o, String where, String... allowed) throws KeysetFileException {
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
    throw malformed(where + ": alg must be " + String.join(" or ", allowed));
  }

  private static KeyState state(String s, String where) throws KeysetFileException {
    for (KeyState st : KeyState.values()) {
      if (st.name().toLowerCase(java.util.Locale.ROOT).equals(s)) {
        return st;
      }
    }
    throw new KeysetFileException(
        KeysetFileException.Reason.MALFORMED, where + ": state must be next, active or retired");
  }

  private ObjectNode decrypt(ObjectNode root) throws KeysetFileException {
    if (passphrase == null) {
      throw new KeysetFileException(
          KeysetFileException.Reason.PASSPHRASE_REQUIRED,
          path + ": keyset file is encrypted; a passphrase is needed to open it");
    }
    JsonNode enc = root.get("encryption");
    if (!enc.isObject()) {
      throw malformed("\"encryption\" must be an object");
    }
    ObjectNode e = (ObjectNode) enc;
    allowOnly(e, "encryption", "kdf", "memoryKiB", "iterations", "parallelism", "salt", "cipher", "iv");
    if (!"argon2id".equals(text(e, "kdf", "encryption")) || !"A256GCM".equals(text(e, "cipher", "encryption"))) {
      throw malformed("unsupported encryption (expected kdf argon2id, cipher A256GCM)");
    }
    int memory = intIn(e, "memoryKiB", MIN_MEMORY_KIB, MAX_MEMORY_KIB);
    int iterations = intIn(e, "iterations", 1, MAX_ITERATIONS);
    int parallelism = intIn(e, "parallelism", 1, MAX_PARALLELISM);
    byte[] salt = bytes(e, "salt", "encryption", true);
    byte[] iv = bytes(e, "iv", "encryption", true);
    if (salt.length < SALT_BYTES || iv.length != IV_BYTES) {
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
    byte[] key = deriveKey(memory, iterations, parallelism, salt);
    byte[] plain = null;
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
      c.updateAAD(aad(memory, iterations, parallelism, salt, iv));
      plain = c.doFinal(ciphertext);
    } catch (AEADBadTagException ex) {
      throw new KeysetFileException(
          KeysetFileException.Reason.WRONG_PASSPHRASE,
          path + ": wrong passphrase (or the encrypted keyset file was altered)");
    } catch (GeneralSecurityException ex) {
      throw new KeysetFileException(KeysetFileException.Reason.IO, path + ": cannot decrypt (" + ex.getClass().getSimpleName() + ")");
    } finally {
      Arrays.fill(key, (byte) 0);
    }
    try {
      ObjectNode body = STRICT.parseObject(plain);
      allowOnly(body, "encrypted content", "keys");
      return body;
    } catch (StrictJson.Invalid ex) {
      throw malformed("encrypted content is not a keyset (" + ex.getMessage() + ")");
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  // ---- writing -------------------------------------------------------------------------

  /** The file content for {@code keyset}, encrypted when this file has a passphrase. */
  byte[] encode(Keyset keyset) throws KeysetFileException {
    ArrayNode keys = NODES.arrayNode();
    for (KeyEntry e : keyset.entries()) {
      keys.add(toJwk(e));
    }
    ObjectNode root = NODES.objectNode();
    root.put("format", FORMAT);
    root.put("version", VERSION);
    try {
      if (passphrase == null) {
        root.set("keys", keys);
        return WRITER.writeValueAsBytes(root);
      }
      ObjectNode body = NODES.objectNode();
      body.set("keys", keys);
      byte[] plain = WRITER.writeValueAsBytes(body);
      byte[] salt = new byte[SALT_BYTES];
      byte[] iv = new byte[IV_BYTES];
      RANDOM.nextBytes(salt);
      RANDOM.nextBytes(iv);
      byte[] key = deriveKey(ARGON2_MEMORY_KIB, ARGON2_ITERATIONS, ARGON2_PARALLELISM, salt);
      byte[] ct;
      try {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
        c.updateAAD(aad(ARGON2_MEMORY_KIB, ARGON2_ITERATIONS, ARGON2_PARALLELISM, salt, iv));
        ct = c.doFinal(plain);
      } catch (GeneralSecurityException ex) {
        throw new IllegalStateException("AES-GCM unavailable", ex);
      } finally {
        Arrays.fill(key, (byte) 0);
        Arrays.fill(plain, (byte) 0);
      }
      ObjectNode enc = root.putObject("encryption");
      enc.put("kdf", "argon2id");
      enc.put("memoryKiB", ARGON2_MEMORY_KIB);
      enc.put("iterations", ARGON2_ITERATIONS);
      enc.put("parallelism", ARGON2_PARALLELISM);
      enc.put("salt", Base64Url.encode(salt));
      enc.put("cipher", "A256GCM");
      enc.put("iv", Base64Url.encode(iv));
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
    o.put("state", e.state().name().toLowerCase(java.util.Locale.ROOT));
    o.put("created", e.createdAt().toString());
    e.activatedAt().ifPresent(t -> o.put("activated", t.toString()));
    e.retiredAt().ifPresent(t -> o.put("retired", t.toString()));
    return o;
  }

  private byte[] deriveKey(int memoryKiB, int iterations, int parallelism, byte[] salt) {
    Argon2Parameters params =
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withMemoryAsKB(memoryKiB)
            .withIterations(iterations)
            .withParallelism(parallelism)
            .withSalt(salt)
            .build();
    Argon2BytesGenerator gen = new Argon2BytesGenerator();
    gen.init(params);
    byte[] key = new byte[32];
    byte[] pw = passphrase.utf8();
    try {
      gen.generateBytes(pw, key);
    } finally {
      Arrays.fill(pw, (byte) 0);
    }
    return key;
  }

  private static byte[] aad(int memoryKiB, int iterations, int parallelism, byte[] salt, byte[] iv) {
    String s =
        FORMAT + "/" + VERSION + "/argon2id/m=" + memoryKiB + ",t=" + iterations + ",p=" + parallelism
            + "/" + Base64Url.encode(salt) + "/A256GCM/" + Base64Url.encode(iv);
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  // ---- helpers -------------------------------------------------------------------------

  private void allowOnly(ObjectNode o, String where, String... names) throws KeysetFileException {
    List<String> allowed = Arrays.asList(names);
    Iterator<String> it = o.fieldNames();
    while (it.hasNext()) {
      String n = it.next();
      if (!allowed.contains(n)) {
        // Member names are written by Signet; a short printable one is safe to quote.
        String shown = n.length() <= 32 && n.chars().allMatch(c -> c > 0x20 && c < 0x7f) ? n : "?";
        throw malformed(where + ": unknown member \"" + shown + "\"");
      }
    }
  }

  private String text(ObjectNode o, String name, String where) throws KeysetFileException {
    JsonNode n = o.get(name);
    if (n == null || !n.isTextual()) {
      throw malformed(where + ": \"" + name + "\" must be a string");
    }
    return n.textValue();
  }

  private byte[] bytes(ObjectNode o, String name, String where, boolean required) throws KeysetFileException {
    JsonNode n = o.get(name);
    if (n == null) {
      if (required) {
        throw malformed(where + ": \"" + name + "\" is missing");
      }
      return null;
    }
    byte[] b = n.isTextual() ? Base64Url.decode(n.textValue()) : null;
    if (b == null) {
      throw malformed(where + ": \"" + name + "\" is not base64url");
    }
    return b;
  }

  private Instant time(ObjectNode o, String name, String where, boolean required) throws KeysetFileException {
    JsonNode n = o.get(name);
    if (n == null) {
      if (required) {
        throw malformed(where + ": \"" + name + "\" is missing");
      }
      return null;
    }
    if (!n.isTextual()) {
      throw malformed(where + ": \"" + name + "\" must be an ISO-8601 time");
    }
    try {
      return Instant.parse(n.textValue());
    } catch (DateTimeParseException e) {
      throw malformed(where + ": \"" + name + "\" must be an ISO-8601 time");
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
    return new KeysetFileException(KeysetFileException.Reason.MALFORMED, path + ": " + what);
  }

  private KeysetFileException io(String verb, IOException e) {
    if (e instanceof KeysetFileException) {
      return (KeysetFileException) e;
    }
    if (e instanceof AccessDeniedException) {
      return new KeysetFileException(KeysetFileException.Reason.IO, path + ": " + verb + " keyset file: permission denied", e);
    }
    String detail = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    return new KeysetFileException(KeysetFileException.Reason.IO, path + ": " + verb + " keyset file (" + detail + ")", e);
  }

  /** The path and whether saves encrypt; never a passphrase. */
  @Override
  public String toString() {
    return "KeysetFile(" + path + (passphrase != null ? ", encrypted" : "") + ")";
  }
}
