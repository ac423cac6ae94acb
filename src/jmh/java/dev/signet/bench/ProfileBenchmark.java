package dev.signet.bench;

import dev.signet.IssuedToken;
import dev.signet.TokenProfile;
import dev.signet.Verification;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Signet's issue and verify for each profile, on the standard claim set. */
@State(Scope.Benchmark)
public class ProfileBenchmark extends BenchmarkDefaults {
  @Param({"SIGNED_AND_SEALED", "SEALED", "SIGNED"})
  public TokenProfile profile;

  private Fixture fixture;

  @Setup
  public void setUp() {
    fixture = new Fixture(profile);
  }

  @Benchmark
  public IssuedToken issue() {
    return fixture.issuer.start(Fixture.standardSession());
  }

  @Benchmark
  public Verification verify() {
    return fixture.verifier.verify(fixture.token);
  }
}
