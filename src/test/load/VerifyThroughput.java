import dev.signet.TokenVerifier;
import dev.signet.keys.KeysetFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * In-process verify throughput, the baseline the serve load test compares against: THREADS
 * threads verify the tokens of a file (one a line) in a loop for SECONDS, with the CLI's default
 * issuer and audience and no cache, after a warm-up of the same length; prints verifications/s.
 * Compile, then run (serve-load.sh does both): java -cp CLASSES:target/signet.jar VerifyThroughput KEYSET TOKENS THREADS SECONDS
 */
public class VerifyThroughput {
  public static void main(String[] args) throws Exception {
    TokenVerifier verifier = TokenVerifier.builder(KeysetFile.at(Path.of(args[0])).load())
        .issuer("signet").audience("signet").build();
    List<String> tokens = Files.readAllLines(Path.of(args[1])).stream().filter(s -> !s.isEmpty()).toList();
    int threads = Integer.parseInt(args[2]);
    long seconds = Long.parseLong(args[3]);
    run(verifier, tokens, threads, seconds); // warm-up
    double perSecond = run(verifier, tokens, threads, seconds);
    System.out.printf("in-process verify: %d threads, %.0f verifications/s%n", threads, perSecond);
  }

  private static double run(TokenVerifier verifier, List<String> tokens, int threads, long seconds) throws Exception {
    LongAdder done = new LongAdder();
    LongAdder wrong = new LongAdder();
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    Thread[] ts = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      int offset = t;
      ts[t] = new Thread(() -> {
        int i = offset;
        while (System.nanoTime() < end) {
          if (!verifier.verify(tokens.get(i++ % tokens.size())).isAccepted()) {
            wrong.increment();
          }
          done.increment();
        }
      });
      ts[t].start();
    }
    for (Thread t : ts) {
      t.join();
    }
    if (wrong.sum() > 0) {
      throw new IllegalStateException(wrong.sum() + " tokens rejected");
    }
    return done.sum() / (double) seconds;
  }
}
