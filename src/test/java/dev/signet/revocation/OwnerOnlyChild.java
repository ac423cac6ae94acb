package dev.signet.revocation;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * The child process of {@link FileRevocationListPermissionsTest}, run under {@code umask 000}:
 * {@code create} opens a new log and appends to it; {@code compact} opens it again, appends
 * short-lived entries and compacts.
 */
public final class OwnerOnlyChild {
  private OwnerOnlyChild() {}

  public static void main(String[] args) throws Exception {
    Path log = Path.of(args[0]);
    try (FileRevocationList list = FileRevocationList.builder(log).pollInterval(Duration.ZERO).build()) {
      if (args[1].equals("create")) {
        list.revoke(Revocation.subject("alice@example.com", Instant.now(), Instant.now().plus(Duration.ofHours(13))));
      } else {
        for (int i = 0; i < 5; i++) {
          list.revoke(Revocation.token("short-" + i, Instant.now().plusMillis(1)));
        }
        Thread.sleep(5);
        list.compact();
      }
    }
  }
}
