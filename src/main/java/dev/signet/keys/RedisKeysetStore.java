package dev.signet.keys;

import dev.signet.redis.RedisConnector;
import dev.signet.redis.RedisOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A keyset kept in Redis under a name, for a fleet of gateways: what {@link KeysetFile} is for
 * one host. Rotations write it ({@link #update}); gateways follow it with a {@link RedisKeyset}.
 *
 * <pre>{@code
 * RedisOptions redis = RedisOptions.builder("rediss://signet@redis.internal:6380")
 *     .passwordFile(Path.of("/run/secrets/redis-password")).build();
 * RedisKeysetStore keys = RedisKeysetStore.at(redis, "prod-keys", Passphrase.fromEnvironment("SIGNET_PASSPHRASE"));
 * keys.create(Keyset.generate());      // never overwrites
 * }</pre>
 *
 * <p><b>Security:</b> the value is the keyset sealed exactly as an encrypted keyset file
 * (Argon2id, AES-256-GCM, format and parameters authenticated), so a Redis reader learns
 * nothing and a Redis writer can neither forge a keyset nor downgrade it to plaintext (a
 * plaintext value is refused, {@link KeysetFileException.Reason#NOT_ENCRYPTED}). A passphrase is
 * therefore required. What a Redis writer can still do is put back an older sealed value;
 * {@link RedisKeyset} refuses one older than the keyset it holds.
 *
 * <p><b>Names.</b> The value is the Redis string {@code "{" + prefix + "}" + name} (default
 * prefix {@value #DEFAULT_KEY_PREFIX}, or the URL's {@code ?prefix=}); every change is announced
 * on the channel of the same name plus {@code ":changed"}. Every keyset with one prefix shares a
 * hash tag, so a keyset and its verifier views are written in one transaction on a cluster too.
 *
 * <p>Thread-safe; every operation opens a connection and closes it. An instance keeps the key
 * its passphrase last derived, so successive values it writes reuse one salt (each with a fresh
 * IV) and followers open a new value without a new Argon2id derivation.
 */
public final class RedisKeysetStore {
  /** The default key prefix. */
  public static final String DEFAULT_KEY_PREFIX = "signet:keyset:";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,200}");
  private static final int ATTEMPTS = 10;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final RedisOptions redis;
  private final String name;
  private final String prefix;
  private final Passphrase passphrase;
  private final KeysetSeal.KeyCache keys = new KeysetSeal.KeyCache();

  private RedisKeysetStore(RedisOptions redis, String name, Passphrase passphrase) {
    this.redis = redis;
    this.name = name;
    this.prefix = redis.urlPrefix().orElse(DEFAULT_KEY_PREFIX);
    this.passphrase = passphrase;
  }

  /**
   * The keyset named {@code name} in the Redis {@code redis} reaches, sealed under
   * {@code passphrase}.
   *
   * @throws IllegalArgumentException if the name is not 1 to 200 of {@code A-Z a-z 0-9 . _ -},
   *     or only digits (which reads as a database number in a URL)
   */
  public static RedisKeysetStore at(RedisOptions redis, String name, Passphrase passphrase) {
    Objects.requireNonNull(redis, "redis");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(passphrase, "passphrase");
    checkName(name);
    return new RedisKeysetStore(redis, name, passphrase);
  }

  static String checkName(String name) {
    if (!NAME.matcher(name).matches() || name.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException("a keyset name in Redis is 1 to 200 of A-Z a-z 0-9 . _ - and not only digits: "
          + (name.length() > 40 ? name.substring(0, 40) + "..." : name));
    }
    return name;
  }

  /** The keyset's name. */
  public String name() {
    return name;
  }

  /** For messages: the deployment and the name; never a password. */
  public String location() {
    return redis.where() + " keyset " + name;
  }

  /** The connection options. */
  public RedisOptions redis() {
    return redis;
  }

  String key() {
    return "{" + prefix + "}" + name;
  }

  String channel() {
    return key() + ":changed";
  }

  String tag() {
    return "{" + prefix + "}";
  }

  /**
   * Reads and checks the keyset.
   *
   * @throws KeysetFileException {@code NOT_FOUND} if there is none, {@code IO} if Redis cannot be
   *     reached, or the reason the value is refused (as for a keyset file)
   */
  public Keyset load() throws KeysetFileException {
    try (Jedis j = connect()) {
      byte[] v = get(j);
      return parse(v);
    }
  }

  /**
   * Stores a new keyset; never overwrites.
   *
   * @throws KeysetFileException {@code ALREADY_EXISTS} if the name is taken, {@code IO} if Redis
   *     cannot be reached
   */
  public void create(Keyset keyset) throws KeysetFileException {
    byte[] value = encode(Objects.requireNonNull(keyset, "keyset"));
    try (Jedis j = connect()) {
      Transaction t = j.multi();
      t.setnx(bytes(key()), value);
      t.publish(channel(), "created");
      List<Object> r = t.exec();
      if (r == null || r.isEmpty() || !Long.valueOf(1).equals(r.get(0))) {
        throw new KeysetFileException(KeysetFileException.Reason.ALREADY_EXISTS,
            location() + ": a keyset already exists; it is never overwritten");
      }
    } catch (JedisException e) {
      throw unreachable("cannot write", e);
    } finally {
      Arrays.fill(value, (byte) 0);
    }
  }

  /** Stores {@code keyset} (over any value) and announces the change. */
  public void save(Keyset keyset) throws KeysetFileException {
    Objects.requireNonNull(keyset, "keyset");
    update(k -> keyset, List.of(), true);
  }

  /**
   * Reads, changes and writes the keyset, and writes a verifier keyset
   * ({@link Keyset#verifierOnly()}) under each of {@code verifierViews} (each sealed under its
   * own passphrase), all in one transaction ({@code WATCH}/{@code MULTI}/{@code EXEC}): readers
   * see the old keyset and views or the new ones, never a mix, and a rotation that another
   * writer overtook is run again on what that writer stored, so two rotators never undo each
   * other. The views are written on every call (changed or not), so a missing view is repaired.
   * Every value written is announced on its channel.
   *
   * @param verifierViews stores on the same deployment with the same key prefix
   * @return the keyset now stored
   * @throws IllegalArgumentException if a view is on another deployment, has another prefix, or
   *     is this keyset
   */
  public Keyset update(UnaryOperator<Keyset> change, List<RedisKeysetStore> verifierViews) throws KeysetFileException {
    Objects.requireNonNull(change, "change");
    for (RedisKeysetStore v : verifierViews) {
      if (!v.redis.sameDeployment(redis) || !v.prefix.equals(prefix)) {
        throw new IllegalArgumentException(v.name + ": a verifier view must be in the same Redis, with the same "
            + "key prefix, as the keyset (they are written in one transaction)");
      }
      if (v.name.equals(name)) {
        throw new IllegalArgumentException(v.name + ": a verifier view cannot be the keyset itself");
      }
    }
    return update(change, List.copyOf(verifierViews), false);
  }

  private Keyset update(UnaryOperator<Keyset> change, List<RedisKeysetStore> views, boolean overwrite)
      throws KeysetFileException {
    try (Jedis j = connect()) {
      for (RedisKeysetStore view : views) {
        view.prime(j);
      }
      for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
        byte[] k = bytes(key());
        j.watch(k);
        Keyset before = overwrite ? null : parse(get(j));
        Keyset after = Objects.requireNonNull(change.apply(before), "change result");
        List<byte[]> written = new ArrayList<>();
        try {
          Transaction t = j.multi();
          if (after != before) {
            byte[] v = encode(after);
            written.add(v);
            t.set(k, v);
            t.publish(channel(), "changed");
          }
          Keyset verifier = views.isEmpty() ? null : after.verifierOnly();
          for (RedisKeysetStore view : views) {
            byte[] v = view.encode(verifier);
            written.add(v);
            t.set(bytes(view.key()), v);
            t.publish(view.channel(), "changed");
          }
          if (written.isEmpty()) {
            t.discard();
            j.unwatch();
            return after;
          }
          List<Object> r = t.exec();
          if (r != null && !r.isEmpty()) {
            return after;
          }
        } finally {
          written.forEach(b -> Arrays.fill(b, (byte) 0));
        }
      }
    } catch (JedisException e) {
      throw unreachable("cannot update", e);
    }
    throw new KeysetFileException(KeysetFileException.Reason.IO,
        location() + ": other writers changed the keyset " + ATTEMPTS + " times during this update; try again");
  }

  /**
   * Opens the stored value once, if there is one this passphrase opens, so the next write
   * reuses its salt and followers keep their derived key (see {@link KeysetSeal.KeyCache}).
   */
  private void prime(Jedis j) {
    try {
      parse(get(j));
    } catch (KeysetFileException e) {
      // Missing, or not ours to open: the next write starts a new salt.
    }
  }

  // ---- helpers shared with RedisKeyset ---------------------------------------------------

  /** A connector for this store's node; {@code purpose} names the connections. */
  RedisConnector connector(String purpose, Duration socketTimeout) throws KeysetFileException {
    String client = "signet-keyset-" + purpose + "-" + Long.toHexString(RANDOM.nextLong() & 0xFFFFFFFFFFFFL);
    try {
      return redis.connector(client, tag(), socketTimeout);
    } catch (IOException e) {
      throw new KeysetFileException(KeysetFileException.Reason.IO, location() + ": " + e.getMessage(), e);
    }
  }

  private Jedis connect() throws KeysetFileException {
    RedisConnector c = connector("cli", Duration.ofSeconds(10));
    try {
      return c.connect().jedis();
    } catch (JedisException e) {
      throw unreachable("cannot reach", e);
    }
  }

  byte[] get(Jedis j) throws KeysetFileException {
    try {
      byte[] v = j.get(bytes(key()));
      if (v == null) {
        throw new KeysetFileException(KeysetFileException.Reason.NOT_FOUND, location() + ": no such keyset in Redis");
      }
      if (v.length > KeysetFile.MAX_FILE_SIZE) {
        throw new KeysetFileException(KeysetFileException.Reason.MALFORMED,
            location() + ": the value is larger than " + KeysetFile.MAX_FILE_SIZE + " bytes");
      }
      return v;
    } catch (JedisException e) {
      throw unreachable("cannot read", e);
    }
  }

  /** The keyset in a stored value; a plaintext value is refused (a passphrase is always set). */
  Keyset parse(byte[] value) throws KeysetFileException {
    return new KeysetJson(location(), passphrase, keys).read(value);
  }

  byte[] encode(Keyset keyset) {
    return new KeysetJson(location(), passphrase, keys).write(keyset);
  }

  KeysetFileException unreachable(String verb, JedisException e) {
    return new KeysetFileException(KeysetFileException.Reason.IO,
        location() + ": " + verb + " Redis: " + RedisConnector.describe(e), e);
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The location; never a passphrase or password. */
  @Override
  public String toString() {
    return "RedisKeysetStore(" + location() + ")";
  }
}
