package dev.signet.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.signet.redis.RedisOptions;
import dev.signet.revocation.RedisProcess;
import dev.signet.revocation.TcpProxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/** The keyset channel in Redis through the Java API, against a redis-server of the test's own. */
class RedisKeysetTest {
  private static final Passphrase PASSPHRASE = Passphrase.of("correct horse battery".toCharArray());
  private static final Duration LONG = Duration.ofMinutes(10);

  @TempDir Path dir;
  private RedisProcess redis;
  private final List<AutoCloseable> open = new ArrayList<>();

  @BeforeEach
  void startRedis() throws Exception {
    redis = RedisProcess.start(dir.resolve("redis"));
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
    redis.close();
  }

  private RedisKeysetStore store(String name) {
    return store(redis.port(), name, PASSPHRASE);
  }

  private RedisKeysetStore store(int port, String name, Passphrase p) {
    return RedisKeysetStore.at(RedisOptions.builder("127.0.0.1", port).build(), name, p);
  }

  private RedisKeyset follow(RedisKeysetStore store, Duration poll) throws KeysetFileException {
    RedisKeyset k = RedisKeyset.builder(store).pollInterval(poll).start();
    open.add(k);
    return k;
  }

  /** {@code keyset} rotated (forced) one hour later than its newest time. */
  private static Keyset rotated(Keyset keyset) {
    Clock later = Clock.fixed(Rotation.newestTime(keyset).plus(Duration.ofHours(1)), ZoneOffset.UTC);
    return Rotation.with(RotationPolicy.defaults()).clock(later).forced().apply(keyset).keyset();
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        fail(what + " did not happen within 20 s");
      }
      Thread.sleep(10);
    }
  }

  private void setRaw(RedisKeysetStore store, byte[] value) {
    try (Jedis j = redis.client()) {
      j.set(RedisKeysetStore.bytes(store.key()), value);
    }
  }

  @Test
  void start_afterCreate_loadsTheStoredKeyset() throws Exception {
    Keyset k = Keyset.generate();
    store("prod-keys").create(k);

    RedisKeyset followed = follow(store("prod-keys"), LONG);

    assertEquals(k.entries(), followed.current().entries());
    assertFalse(followed.isStale());
  }

  @Test
  void create_whenTheNameIsTaken_isAlreadyExists() throws Exception {
    store("prod-keys").create(Keyset.generate());

    KeysetFileException e = assertThrows(KeysetFileException.class, () -> store("prod-keys").create(Keyset.generate()));
    assertEquals(KeysetFileException.Reason.ALREADY_EXISTS, e.reason());
  }

  @Test
  void start_withoutAStoredKeyset_isNotFound() {
    KeysetFileException e = assertThrows(KeysetFileException.class, () -> follow(store("none"), LONG));
    assertEquals(KeysetFileException.Reason.NOT_FOUND, e.reason());
  }

  @Test
  void update_isAnnounced_andAFollowerReloadsWithoutWaitingForAPoll() throws Exception {
    Keyset k = Keyset.generate();
    store("prod-keys").create(k);
    RedisKeyset followed = follow(store("prod-keys"), LONG);
    Keyset next = rotated(k);

    store("prod-keys").update(old -> next, List.of());

    await("reload on the change notice", () -> followed.generation() == 2);
    assertEquals(next.entries(), followed.current().entries());
  }

  @Test
  void lostNotice_isMadeUpByThePoll() throws Exception {
    Keyset k = Keyset.generate();
    store("prod-keys").create(k);
    RedisKeyset followed = follow(store("prod-keys"), Duration.ofMillis(100));
    Keyset next = rotated(k);

    setRaw(store("prod-keys"), store("prod-keys").encode(next)); // written without a notice

    await("reload by polling", () -> followed.generation() == 2);
    assertEquals(next.entries(), followed.current().entries());
  }

  @Test
  void plaintextValue_withAPassphrase_isRefusedAndTheLastGoodKeysetKept() throws Exception {
    Keyset k = Keyset.generate();
    store("prod-keys").create(k);
    RedisKeyset followed = follow(store("prod-keys"), LONG);

    setRaw(store("prod-keys"), new KeysetJson("plain", null).write(rotated(k)));

    assertFalse(followed.reloadNow());
    assertEquals(KeysetFileException.Reason.NOT_ENCRYPTED, followed.lastError().orElseThrow().reason());
    assertEquals(k.entries(), followed.current().entries());
    assertTrue(followed.isStale());
  }

  @Test
  void alteredValue_isRefusedAndTheLastGoodKeysetKept() throws Exception {
    Keyset k = Keyset.generate();
    store("prod-keys").create(k);
    RedisKeyset followed = follow(store("prod-keys"), LONG);
    String sealed = new String(store("prod-keys").encode(rotated(k)), java.nio.charset.StandardCharsets.UTF_8);
    int at = sealed.indexOf("\"ciphertext\"") + 20;
    char c = sealed.charAt(at);
    String altered = sealed.substring(0, at) + (c == 'A' ? 'B' : 'A') + sealed.substring(at + 1);

    setRaw(store("prod-keys"), altered.getBytes(java.nio.charset.StandardCharsets.UTF_8));

    assertFalse(followed.reloadNow());
    assertEquals(KeysetFileException.Reason.WRONG_PASSPHRASE, followed.lastError().orElseThrow().reason());
    assertEquals(k.entries(), followed.current().entries());
  }

  @Test
  void forgedValue_sealedUnderAnotherPassphrase_isRefused() throws Exception {
    Keyset k = Keyset.generate();
    store("prod-keys").create(k);
    RedisKeyset followed = follow(store("prod-keys"), LONG);
    RedisKeysetStore forger = store(redis.port(), "prod-keys", Passphrase.of("a guess".toCharArray()));

    forger.save(rotated(k));

    assertFalse(followed.reloadNow());
    assertEquals(KeysetFileException.Reason.WRONG_PASSPHRASE, followed.lastError().orElseThrow().reason());
    assertEquals(k.entries(), followed.current().entries());
  }

  @Test
  void rollback_toAnOlderSealedValue_isRefused() throws Exception {
    Keyset k = Keyset.generate();
    store("prod-keys").create(k);
    byte[] old;
    try (Jedis j = redis.client()) {
      old = j.get(RedisKeysetStore.bytes(store("prod-keys").key()));
    }
    RedisKeyset followed = follow(store("prod-keys"), LONG);
    Keyset next = rotated(k);
    store("prod-keys").save(next);
    await("reload", () -> followed.generation() == 2);

    setRaw(store("prod-keys"), old);

    assertFalse(followed.reloadNow());
    assertEquals(KeysetFileException.Reason.ROLLED_BACK, followed.lastError().orElseThrow().reason());
    assertEquals(next.entries(), followed.current().entries());
  }

  @Test
  void update_withViews_writesKeysetAndVerifierViewsTogether() throws Exception {
    Passphrase gateways = Passphrase.of("gateway passphrase".toCharArray());
    RedisKeysetStore view = store(redis.port(), "prod-verify", gateways);
    Keyset k = Keyset.generate();
    store("prod-keys").create(k);

    Keyset now = store("prod-keys").update(RedisKeysetTest::rotated, List.of(view));

    Keyset seen = view.load();
    assertEquals(now.verifierOnly().entries(), seen.entries());
    assertTrue(seen.entries().stream().noneMatch(e -> e.purpose() == KeyPurpose.SIGNING && e.hasPrivateKey()),
        "a verifier view holds no private signing key");
  }

  @Test
  void concurrentUpdates_neverUndoEachOther() throws Exception {
    store("prod-keys").create(Keyset.generate());
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Keyset>> runs = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        runs.add(pool.submit(() -> store("prod-keys").update(RedisKeysetTest::rotated, List.of())));
      }
      for (Future<Keyset> f : runs) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    // Each forced rotation adds one next key per purpose: four rotations, none lost, add eight keys.
    assertEquals(Keyset.generate().entries().size() + 8, store("prod-keys").load().entries().size());
  }

  @Test
  void redisAway_keepsTheKeysetAndSaysStale_thenRecoversByItself() throws Exception {
    Keyset k = Keyset.generate();
    store("prod-keys").create(k);
    try (TcpProxy proxy = new TcpProxy("127.0.0.1", redis.port())) {
      RedisKeyset followed = follow(store(proxy.port(), "prod-keys", PASSPHRASE), Duration.ofMillis(100));

      proxy.cut();
      await("staleness", followed::isStale);
      assertEquals(KeysetFileException.Reason.IO, followed.lastError().orElseThrow().reason());
      assertSame(followed.current(), followed.current());
      assertEquals(k.entries(), followed.current().entries());

      Keyset next = rotated(k);
      store("prod-keys").save(next);
      proxy.restore();
      await("recovery", () -> !followed.isStale() && followed.generation() == 2);
      assertEquals(next.entries(), followed.current().entries());
    }
  }

  @Test
  void name_thatIsOnlyDigitsOrHasASlash_isRefused() {
    RedisOptions o = RedisOptions.builder("127.0.0.1", 6379).build();
    assertThrows(IllegalArgumentException.class, () -> RedisKeysetStore.at(o, "2", PASSPHRASE));
    assertThrows(IllegalArgumentException.class, () -> RedisKeysetStore.at(o, "a/b", PASSPHRASE));
  }

  @Test
  void stale_afterTwoPollIntervalsWithoutAnAnswer() throws Exception {
    store("prod-keys").create(Keyset.generate());
    MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    RedisKeyset followed =
        RedisKeyset.builder(store("prod-keys")).pollInterval(LONG).clock(clock).start();
    open.add(followed);
    assertFalse(followed.isStale());

    clock.advance(LONG.multipliedBy(2).plusSeconds(1));

    assertTrue(followed.isStale());
  }

  /** A clock tests move by hand. */
  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant start) {
      this.now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
