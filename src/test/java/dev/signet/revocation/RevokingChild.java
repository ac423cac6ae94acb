package dev.signet.revocation;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * The child process of {@link FileRevocationListCrashTest}: revokes in a loop and prints
 * {@code ok ID} after each {@code revoke} has returned, until it is killed.
 */
public final class RevokingChild {
  private RevokingChild() {}

  public static void main(String[] args) throws Exception {
    Path log = Path.of(args[0]);
    String run = args[1];
    try (FileRevocationList list = FileRevocationList.builder(log).pollInterval(Duration.ZERO)
        .compactMinRecords(40).build()) {
      System.out.println("ready");
      System.out.flush();
      for (int i = 0; ; i++) {
        String id = run + "-" + i;
        if (i % 3 == 2) {
          // Short-lived entries make compactions happen while the child may be killed.
          list.revoke(Revocation.token("short-" + id, Instant.now().plusMillis(20)));
        } else {
          list.revoke(Revocation.token(id, Instant.now().plus(Duration.ofHours(1))));
          System.out.println("ok " + id);
          System.out.flush();
        }
      }
    }
  }
}
