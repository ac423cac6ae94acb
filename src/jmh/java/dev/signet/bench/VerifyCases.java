package dev.signet.bench;

import dev.signet.TokenProfile;
import dev.signet.TokenVerifier;
import dev.signet.Verification;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Verifying one default-profile token (JWE A256KW/A256GCM around an EdDSA JWS) with Signet and
 * with each peer, all sharing one verifier per library across threads, as a gateway would.
 */
@State(Scope.Benchmark)
public abstract class VerifyCases extends BenchmarkDefaults {
  private String token;
  private TokenVerifier signet;
  private Peers.Peer nimbusProcessorBc;
  private Peers.Peer nimbusShipped;
  private Peers.Peer jjwt;
  private Peers.Peer jose4j;

  @Setup
  public void setUp() throws Exception {
    Fixture f = new Fixture(TokenProfile.SIGNED_AND_SEALED);
    token = f.token;
    signet = f.verifier;
    nimbusProcessorBc = Peers.nimbusProcessorBc(f);
    nimbusShipped = Peers.nimbusShipped(f);
    jjwt = Peers.jjwt(f);
    jose4j = Peers.jose4j(f);
    String sub = f.issued.session().subject();
    for (Peers.Peer p : new Peers.Peer[] {nimbusProcessorBc, nimbusShipped, jjwt, jose4j}) {
      if (!sub.equals(p.verify(token))) {
        throw new IllegalStateException("peer did not return the subject");
      }
    }
  }

  @Benchmark
  public Verification signet() {
    return signet.verify(token);
  }

  @Benchmark
  public String nimbusProcessorBc() throws Exception {
    return nimbusProcessorBc.verify(token);
  }

  @Benchmark
  public String nimbusShipped() throws Exception {
    return nimbusShipped.verify(token);
  }

  @Benchmark
  public String jjwt() throws Exception {
    return jjwt.verify(token);
  }

  @Benchmark
  public String jose4j() throws Exception {
    return jose4j.verify(token);
  }
}
