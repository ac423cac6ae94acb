package dev.signet.cli;

import dev.signet.NewSession;
import dev.signet.TokenIssuer;
import dev.signet.keys.Passphrase;
import dev.signet.keys.RedisKeyset;
import dev.signet.keys.RedisKeysetStore;
import dev.signet.redis.RedisOptions;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Entry point of the long-running issuer of {@link RedisFleetIT}: follows a keyset in Redis
 * through the Java API ({@link RedisKeyset}) and prints a fresh token on stdout every few
 * milliseconds, signed with whatever key is active in the keyset it holds at that moment.
 *
 * <p>Arguments: {@code REDIS_URL NAME PASSPHRASE_VARIABLE}. Stops when its stdin closes.
 */
public final class FleetMinter {
  private FleetMinter() {}

  public static void main(String[] args) throws Exception {
    RedisKeysetStore store = RedisKeysetStore.at(RedisOptions.builder(args[0]).build(), args[1],
        Passphrase.fromEnvironment(args[2]));
    Thread watchdog = new Thread(() -> {
      try {
        while (System.in.read() != -1) {
          // discard
        }
      } catch (java.io.IOException e) {
        // parent gone
      }
      Runtime.getRuntime().halt(0);
    });
    watchdog.setDaemon(true);
    watchdog.start();
    try (RedisKeyset keys = RedisKeyset.builder(store).pollInterval(Duration.ofSeconds(1)).start()) {
      TokenIssuer issuer = TokenIssuer.builder(keys).issuer(TokenOptions.DEFAULT_ISSUER)
          .audience(TokenOptions.DEFAULT_AUDIENCE).build();
      PrintStream out = System.out;
      long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
      while (System.nanoTime() < deadline) {
        out.println(issuer.start(NewSession.forSubject("fleet-user")).token());
        out.flush();
        Thread.sleep(20);
      }
    }
  }
}
