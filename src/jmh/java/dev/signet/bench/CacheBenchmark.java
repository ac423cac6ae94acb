package dev.signet.bench;

import dev.signet.TokenProfile;
import dev.signet.TokenVerifier;
import dev.signet.Verification;
import java.time.Duration;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The gateway case: the same default-profile token verified again and again, with the
 * verified-token cache on. Time and revocation checks still run on every call. {@link #cachedPool}
 * cycles through 1,024 distinct tokens, all in the cache.
 */
@State(Scope.Benchmark)
public class CacheBenchmark extends BenchmarkDefaults {
  private static final int POOL = 1024;

  private String token;
  private TokenVerifier cached;
  private String[] pool;
  private int next;

  @Setup
  public void setUp() {
    Fixture f = new Fixture(TokenProfile.SIGNED_AND_SEALED);
    token = f.token;
    cached = f.verifierBuilder().cacheVerifiedTokens(10_000, Duration.ofMinutes(5)).build();
    pool = new String[POOL];
    for (int i = 0; i < POOL; i++) {
      pool[i] = f.issuer.start(Fixture.standardSession()).token();
      if (!cached.verify(pool[i]).isAccepted()) {
        throw new IllegalStateException("pool token rejected");
      }
    }
    if (!cached.verify(token).isAccepted()) {
      throw new IllegalStateException("token rejected");
    }
  }

  @Benchmark
  public Verification cachedSameToken() {
    return cached.verify(token);
  }

  @Benchmark
  public Verification cachedPool() {
    return cached.verify(pool[next++ & (POOL - 1)]);
  }
}
