package dev.signet.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.Session;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

/**
 * Acceptance 1 of the production-Redis issue, library side: an ACL user set up exactly as
 * docs/REVOCATION.md prints it, its password from an owner-only file; a wrong password is one
 * clear error. (The environment-variable source is run through the CLI jar in RedisCliIT.)
 */
class RedisAuthTest {
  static final String DOC_PASSWORD = "change-me";
  @TempDir static Path dir;
  static RedisProcess redis;

  private final Tokens tokens = new Tokens(new MutableClock(Instant.now()));

  @BeforeAll
  static void start() throws Exception {
    redis = RedisProcess.start(dir.resolve("redis"));
    try (Jedis admin = redis.client()) {
      admin.sendCommand(Protocol.Command.ACL, documentedAclCommand().subList(1, documentedAclCommand().size())
          .toArray(new String[0]));
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (redis != null) {
      redis.close();
    }
  }

  /** The {@code ACL SETUSER} line of docs/REVOCATION.md, split as redis-cli would. */
  static List<String> documentedAclCommand() throws IOException {
    Optional<String> line = Files.readAllLines(Path.of("docs/REVOCATION.md")).stream()
        .filter(l -> l.startsWith("ACL SETUSER signet ")).findFirst();
    assertTrue(line.isPresent(), "docs/REVOCATION.md has no ACL SETUSER line");
    return Arrays.asList(line.get().trim().split(" +"));
  }

  private static Path passwordFile(String content, String perms) throws IOException {
    Path f = Files.createTempFile(dir, "pw", ".txt");
    Files.writeString(f, content);
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(perms));
    return f;
  }

  private RedisRevocationList.Builder asSignet() {
    return RedisRevocationList.builder("redis://signet@127.0.0.1:" + redis.port());
  }

  @Test
  void aclUserFromTheDocs_withAPasswordFile_revokesAndMirrors() throws Exception {
    Path pw = passwordFile(DOC_PASSWORD + "\n", "rw-------");
    Session s = tokens.start("alice").session();
    try (RedisRevocationList gateway = asSignet().passwordFile(pw).build();
        RedisRevocationList writer = asSignet().passwordFile(pw).mirror(false).build()) {
      writer.revoke(Revocation.session(s.sessionId(), Instant.now().plus(Duration.ofHours(1))));

      long end = System.nanoTime() + 10_000_000_000L;
      while (gateway.check(s) != RevocationList.Status.REVOKED && System.nanoTime() < end) {
        Thread.sleep(10);
      }
      assertEquals(RevocationList.Status.REVOKED, gateway.check(s));
      assertTrue(gateway.isFresh());
    }
  }

  @Test
  void wrongPassword_isOneClearIOException_thatNeverShowsThePassword() throws Exception {
    Path pw = passwordFile("not-the-password-xyzzy", "rw-------");

    IOException e = assertThrows(IOException.class, () -> asSignet().passwordFile(pw).build());

    assertTrue(e.getMessage().contains("refused the credentials"), e.getMessage());
    assertTrue(e.getMessage().contains("127.0.0.1:" + redis.port()), e.getMessage());
    assertFalse(e.getMessage().contains("xyzzy"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }

  @Test
  void passwordFileOthersCanRead_isRefusedBeforeConnecting() throws Exception {
    Path pw = passwordFile(DOC_PASSWORD, "rw-r--r--");

    IOException e = assertThrows(IOException.class, () -> asSignet().passwordFile(pw).build());

    assertTrue(e.getMessage().contains("accessible to group or others"), e.getMessage());
    assertFalse(e.getMessage().contains(DOC_PASSWORD), e.getMessage());
  }

  @Test
  void passwordFileLinkLeavingItsFolder_isRefusedBeforeConnecting() throws Exception {
    Path target = passwordFile(DOC_PASSWORD, "rw-------");
    Path mount = Files.createDirectories(dir.resolve("mount-" + System.nanoTime()));
    Path link = Files.createSymbolicLink(mount.resolve("password"), target);

    IOException e = assertThrows(IOException.class, () -> asSignet().passwordFile(link).build());

    assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
    assertFalse(e.getMessage().contains(DOC_PASSWORD), e.getMessage());
  }

  @Test
  void passwordFileLinkInsideItsFolder_isFollowed() throws Exception {
    Path mount = Files.createDirectories(dir.resolve("secret-" + System.nanoTime()));
    Path data = Files.createDirectories(mount.resolve("..2026_12_02"));
    Path file = Files.writeString(data.resolve("password"), DOC_PASSWORD);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
    Files.createSymbolicLink(mount.resolve("..data"), data.getFileName());
    Path link = Files.createSymbolicLink(mount.resolve("password"), Path.of("..data", "password"));

    Session s = tokens.start("bob").session();
    try (RedisRevocationList store = asSignet().passwordFile(link).build()) {
      store.revoke(Revocation.session(s.sessionId(), Instant.now().plus(Duration.ofHours(1))));
      assertEquals(RevocationList.Status.REVOKED, store.check(s));
    }
  }

  @Test
  void userWithoutPassword_failsAtBuildNamingTheOptions() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> asSignet().build());

    assertTrue(e.getMessage().contains("passwordFromEnvironment"), e.getMessage());
  }
}
