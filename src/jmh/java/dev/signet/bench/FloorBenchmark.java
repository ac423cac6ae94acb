package dev.signet.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.TokenProfile;
import java.io.IOException;
import java.security.GeneralSecurityException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The parts of the floor for verifying a default-profile token, each alone; their sum is the
 * reference for Signet's verify. {@link #all} runs them in sequence as a check on the sum.
 */
@State(Scope.Thread)
public class FloorBenchmark extends BenchmarkDefaults {
  private Floors floors;

  @Setup
  public void setUp() throws GeneralSecurityException {
    floors = new Floors(new Fixture(TokenProfile.SIGNED_AND_SEALED));
  }

  @Benchmark
  public byte[] aesKeyUnwrap() throws GeneralSecurityException {
    return floors.unwrapKey();
  }

  @Benchmark
  public byte[] aesGcmDecrypt() throws GeneralSecurityException {
    return floors.decrypt();
  }

  @Benchmark
  public boolean ed25519Verify() {
    return floors.verifySignature();
  }

  @Benchmark
  public int base64urlDecode() {
    return floors.decodeSegments();
  }

  @Benchmark
  public JsonNode jsonParseClaims() throws IOException {
    return floors.parseClaims();
  }

  @Benchmark
  public void all(Blackhole bh) throws GeneralSecurityException, IOException {
    bh.consume(floors.decodeSegments());
    bh.consume(floors.unwrapKey());
    bh.consume(floors.decrypt());
    bh.consume(floors.verifySignature());
    bh.consume(floors.parseClaims());
  }
}
