package dev.signet.bench;

import dev.signet.Session;
import dev.signet.TokenProfile;
import dev.signet.revocation.InMemoryRevocationList;
import dev.signet.revocation.Revocation;
import dev.signet.revocation.RevocationList;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The revocation check a verifier runs on every accepted token, against the in-memory store
 * holding 0 or 1,000,000 live entries (half token ids, half session ids). Lookups cycle through
 * 16,384 distinct verified sessions that are not revoked, so each lookup touches memory a repeated
 * id would keep in the CPU cache.
 */
@State(Scope.Benchmark)
public class RevocationLookupBenchmark extends BenchmarkDefaults {
  private static final int SESSIONS = 16_384;

  @Param({"0", "1000000"})
  public int liveEntries;

  private RevocationList list;
  private Session[] sessions;
  private int next;

  @Setup
  public void setUp() throws IOException {
    Fixture f = new Fixture(TokenProfile.SIGNED);
    sessions = new Session[SESSIONS];
    for (int i = 0; i < SESSIONS; i++) {
      sessions[i] = f.verifier.verify(f.issuer.start(Fixture.standardSession()).token()).session().orElseThrow();
    }
    InMemoryRevocationList store = new InMemoryRevocationList();
    SecureRandom random = new SecureRandom();
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    Instant expires = Instant.now().plus(Duration.ofHours(12));
    byte[] id = new byte[16];
    for (int i = 0; i < liveEntries; i++) {
      random.nextBytes(id);
      String s = b64.encodeToString(id);
      store.revoke((i & 1) == 0 ? Revocation.token(s, expires) : Revocation.session(s, expires));
    }
    list = store;
  }

  @Benchmark
  public RevocationList.Status lookup() {
    Session s = sessions[next++ & (SESSIONS - 1)];
    return list.check(s);
  }
}
