package dev.signet.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.IssuedToken;
import dev.signet.Rejection;
import dev.signet.TokenVerifier;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * Acceptance 5 of the production-Redis issue: Redis restarted empty (no persistence) under load,
 * two gateways running, a third started after: the third enforces every revocation acknowledged
 * before the wipe, because the running mirrors notice the lost generation marker and write their
 * entries back.
 */
class RedisWipeTest {
  @TempDir Path dir;
  private final Tokens tokens = new Tokens(new MutableClock(Instant.now()));
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  private RedisRevocationList gateway(RedisProcess redis) throws IOException {
    RedisRevocationList g = RedisRevocationList.builder("redis://127.0.0.1:" + redis.port())
        .heartbeatInterval(Duration.ofMillis(100)).stalenessBound(Duration.ofSeconds(2)).build();
    toClose.add(g);
    return g;
  }

  @Test
  void redisRestartedEmptyUnderLoad_aGatewayStartedAfterEnforcesEveryRevocationAcknowledgedBefore() throws Exception {
    RedisProcess redis = RedisProcess.start(dir.resolve("redis"));
    toClose.add(redis);
    RedisRevocationList a = gateway(redis);
    RedisRevocationList b = gateway(redis);
    RedisRevocationList writer = RedisRevocationList.builder("redis://127.0.0.1:" + redis.port()).mirror(false).build();
    toClose.add(writer);
    List<IssuedToken> revoked = new ArrayList<>();
    for (int i = 0; i < 255; i++) {
      IssuedToken t = tokens.start("user" + i);
      writer.revoke(i % 2 == 0 ? Revocation.token(t.session().tokenId(), Tokens.inADay(t.session()))
          : Revocation.session(t.session().sessionId(), Tokens.inADay(t.session())));
      revoked.add(t);
    }
    Instant now = Instant.now();
    writer.revoke(Revocation.subject("mallory", now, now.plus(Duration.ofHours(13))));
    IssuedToken mallorys = tokens.start("mallory");
    revoked.add(mallorys);
    Eventually.await("both gateways hold every revocation", Duration.ofSeconds(10),
        () -> a.size() == 256 && b.size() == 256);

    // Load: verifications on both gateways and a stream of new revocations, through the restart.
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong verified = new AtomicLong();
    List<Thread> load = new ArrayList<>();
    for (RedisRevocationList g : List.of(a, b)) {
      TokenVerifier v = tokens.verifier(g);
      load.add(new Thread(() -> {
        for (int i = 0; !stop.get(); i++) {
          v.verify(revoked.get(i % revoked.size()).token());
          verified.incrementAndGet();
        }
      }));
    }
    load.add(new Thread(() -> {
      for (int i = 0; !stop.get(); i++) {
        try {
          writer.revoke(Revocation.token("during-" + i, Instant.now().plus(Duration.ofHours(1))));
        } catch (IOException e) {
          // Not acknowledged while Redis is down: that is the contract.
        }
      }
    }));
    load.forEach(Thread::start);
    try {
      redis.restart();
      // The third gateway starts at once, before the running ones may have noticed anything.
      RedisRevocationList c = gateway(redis);
      TokenVerifier verifierC = tokens.verifier(c);

      Eventually.await("the third gateway enforces every revocation acknowledged before the wipe",
          Duration.ofSeconds(15), () -> revoked.stream().allMatch(t -> Tokens.outcome(verifierC, t) == Rejection.REVOKED));
      assertTrue(a.wipesDetected() + b.wipesDetected() >= 1, "no gateway noticed the wipe");
      assertTrue(a.lastWipeDetected().isPresent() || b.lastWipeDetected().isPresent());
      // The 256 plus the load's revocations acknowledged before the restart; each once, by one gateway.
      assertTrue(a.entriesWrittenBack() + b.entriesWrittenBack() >= 256,
          a.entriesWrittenBack() + " + " + b.entriesWrittenBack());
    } finally {
      stop.set(true);
      for (Thread t : load) {
        t.join(10_000);
      }
    }
    assertTrue(verified.get() > 0);
  }

  @Test
  void flushWithoutRestart_isDetectedAndWrittenBack() throws Exception {
    RedisProcess redis = RedisProcess.start(dir.resolve("redis"));
    toClose.add(redis);
    RedisRevocationList a = gateway(redis);
    io.micrometer.core.instrument.simple.SimpleMeterRegistry meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    dev.signet.metrics.RevocationMetrics metrics = new dev.signet.metrics.RevocationMetrics(a); // meters hold it weakly
    metrics.bindTo(meters);
    IssuedToken t = tokens.start("alice");
    a.revoke(Revocation.session(t.session().sessionId(), Tokens.inADay(t.session())));

    try (Jedis admin = redis.client()) {
      admin.flushAll();
    }
    Eventually.await("the wipe noticed", Duration.ofSeconds(10), () -> a.wipesDetected() == 1);
    assertEquals(1.0, meters.get("signet.revocations.wipes").functionCounter().count(), "the wipe is counted in metrics");

    RedisRevocationList c = gateway(redis);
    assertEquals(Rejection.REVOKED, Tokens.outcome(tokens.verifier(c), t));
    assertEquals(1, a.entriesWrittenBack());
    assertEquals(1.0, meters.get("signet.revocations.written.back").functionCounter().count(), metrics::toString);
  }
}
