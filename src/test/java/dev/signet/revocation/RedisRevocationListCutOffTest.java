package dev.signet.revocation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Subject and global cut-offs hold across a renewal made by a gateway whose Redis mirror has not
 * yet received them (its connection held silent), against the real Redis on 127.0.0.1:6379.
 */
class RedisRevocationListCutOffTest {
  private String prefix;

  @BeforeEach
  void redis() {
    RedisSupport.assumeRedis();
    prefix = RedisSupport.uniquePrefix();
  }

  @AfterEach
  void cleanUp() {
    if (prefix != null) {
      RedisSupport.deleteAll(prefix);
    }
  }

  @ParameterizedTest
  @EnumSource(CutOffRenewal.Kind.class)
  void renewalOnAGatewayWhoseMirrorHasNotSeenTheCutOff_isRejectedOnceItHas(CutOffRenewal.Kind kind) throws Exception {
    MutableClock clock = new MutableClock(Instant.now());
    try (TcpProxy proxy = new TcpProxy(RedisSupport.HOST, RedisSupport.PORT);
        RedisRevocationList loginStore = RedisRevocationList.builder(RedisSupport.HOST, RedisSupport.PORT)
            .keyPrefix(prefix).build();
        RedisRevocationList gatewayStore = RedisRevocationList.builder(RedisSupport.HOST, proxy.port())
            .keyPrefix(prefix).heartbeatInterval(Duration.ofSeconds(1)).stalenessBound(Duration.ofSeconds(60)).build()) {
      CutOffRenewal scenario = new CutOffRenewal(new Tokens(clock), loginStore, gatewayStore);
      proxy.freeze();
      scenario.run(kind, () -> {
        assertTrue(gatewayStore.isFresh(), "the gateway answers from its mirror meanwhile");
        proxy.thaw();
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (gatewayStore.size() == 0) {
          assertTrue(System.nanoTime() < end, "the cut-off did not reach the gateway's mirror within 30 s");
          Thread.sleep(10);
        }
      });
    }
  }
}
