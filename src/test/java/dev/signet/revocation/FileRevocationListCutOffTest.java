package dev.signet.revocation;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/** Subject and global cut-offs hold across a renewal made by a gateway that had not yet read them from the log. */
class FileRevocationListCutOffTest {
  @ParameterizedTest
  @EnumSource(CutOffRenewal.Kind.class)
  void renewalOnAGatewayThatHasNotReadTheCutOff_isRejectedOnceItHas(CutOffRenewal.Kind kind, @TempDir Path dir)
      throws Exception {
    MutableClock clock = new MutableClock(Instant.now());
    Path log = dir.resolve("revocations.log");
    try (FileRevocationList loginStore = FileRevocationList.builder(log).clock(clock).pollInterval(Duration.ZERO).build();
        FileRevocationList gatewayStore =
            FileRevocationList.builder(log).clock(clock).pollInterval(Duration.ZERO).build()) {
      new CutOffRenewal(new Tokens(clock), loginStore, gatewayStore).run(kind, gatewayStore::refresh);
    }
  }
}
