package dev.signet.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A keyset file mounted from a Kubernetes Secret loads and hot-reloads with no flag: the kubelet
 * writes each version into a timestamped folder, points {@code ..data} at it by an atomic rename
 * of a symbolic link, and each file of the mount is a link through {@code ..data}. A link that
 * leaves the mount folder, or a target others can read, is still refused.
 */
class KubernetesSecretMountTest {
  private static final Rotation FORCED =
      Rotation.with(RotationPolicy.builder().minInterval(Duration.ZERO).propagationDelay(Duration.ZERO).build()).forced();

  @TempDir Path dir;

  /** The kubelet's atomic writer, reduced to what a Secret volume does. */
  static final class KubeletMount {
    final Path root;
    private int version;

    KubeletMount(Path root) throws IOException {
      this.root = Files.createDirectories(root);
    }

    /** Publishes a new version of the Secret: every file at {@code mode} (defaultMode). */
    void publish(Map<String, byte[]> files, String mode) throws IOException {
      Path data = root.resolve("..data");
      Path old = Files.isSymbolicLink(data) ? root.resolve(Files.readSymbolicLink(data)) : null;
      String stamp = String.format("..2026_11_30_08_00_%02d.%09d", version, ++version);
      Path fresh = Files.createDirectory(root.resolve(stamp));
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        Path p = Files.write(fresh.resolve(f.getKey()), f.getValue());
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
      }
      Path tmp = Files.createSymbolicLink(root.resolve("..data_tmp"), Path.of(stamp));
      Files.move(tmp, data, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      for (String name : files.keySet()) {
        Path link = root.resolve(name);
        if (!Files.isSymbolicLink(link)) {
          Files.createSymbolicLink(link, Path.of("..data", name));
        }
      }
      if (old != null) {
        try (Stream<Path> s = Files.walk(old)) {
          for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
            Files.delete(p);
          }
        }
      }
    }
  }

  private static byte[] plain(Keyset k) {
    return KeysetFile.at(Path.of("keyset.json")).encode(k);
  }

  @Test
  void secretMount_ownerOnlyFilesThroughDataLink_loadWithNoFlag() throws Exception {
    KubeletMount mount = new KubeletMount(dir.resolve("secret"));
    Keyset k = Keyset.generate().withMaxSession(Duration.ofHours(24));
    KeysetFile.at(dir.resolve("enc.json")).withPassphrase(Passphrase.of("correct horse".toCharArray())).save(k);
    mount.publish(Map.of(
        "keyset.json", Files.readAllBytes(dir.resolve("enc.json")),
        "passphrase", "correct horse\n".getBytes()), "r--------");
    assertTrue(Files.isSymbolicLink(mount.root.resolve("keyset.json")));
    Keyset loaded = KeysetFile.at(mount.root.resolve("keyset.json"))
        .withPassphrase(Passphrase.fromFile(mount.root.resolve("passphrase"))).load();
    assertEquals(k, loaded);
  }

  @Test
  void secretMount_swappedByTheKubelet_isReloadedWhileAVerifierRuns() throws Exception {
    KubeletMount mount = new KubeletMount(dir.resolve("secret"));
    Keyset k = Keyset.generate();
    mount.publish(Map.of("keyset.json", plain(k)), "r--------");
    KeysetFile file = KeysetFile.at(mount.root.resolve("keyset.json"));
    try (LogCapture log = new LogCapture(ReloadingKeyset.class);
        ReloadingKeyset source = ReloadingKeyset.builder(file).interval(Duration.ofMillis(10)).start()) {
      assertEquals(k, source.current());
      for (int i = 0; i < 5; i++) {
        k = FORCED.apply(k).keyset();
        mount.publish(Map.of("keyset.json", plain(k)), "r--------");
        Keyset expected = k;
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!source.current().equals(expected) && System.nanoTime() < end) {
          Thread.sleep(5);
        }
        assertEquals(expected, source.current(), "swap " + i);
      }
      assertTrue(source.lastError().isEmpty(), () -> source.lastError().toString());
      assertEquals(0, log.messages(Level.WARN).size(), log.all()::toString);
    }
  }

  @Test
  void secretMount_swappedToAGroupReadableFile_isRefusedAndTheLastGoodKeysetStays() throws Exception {
    KubeletMount mount = new KubeletMount(dir.resolve("secret"));
    Keyset k = Keyset.generate();
    mount.publish(Map.of("keyset.json", plain(k)), "r--------");
    KeysetFile file = KeysetFile.at(mount.root.resolve("keyset.json"));
    try (ReloadingKeyset source = ReloadingKeyset.builder(file).interval(Duration.ofMinutes(10)).start()) {
      Keyset before = source.current();
      mount.publish(Map.of("keyset.json", plain(FORCED.apply(k).keyset())), "r--r-----");
      assertFalse(source.reloadNow());
      assertSame(before, source.current());
      assertEquals(KeysetFileException.Reason.INSECURE_PERMISSIONS, source.lastError().orElseThrow().reason());
    }
  }

  @Test
  void linkLeavingTheMountFolder_isRefused() throws Exception {
    KubeletMount mount = new KubeletMount(dir.resolve("secret"));
    mount.publish(Map.of("other", new byte[] {1}), "r--------");
    Path outside = dir.resolve("outside.json");
    KeysetFile.at(outside).save(Keyset.generate());
    Files.createSymbolicLink(mount.root.resolve("keyset.json"), Path.of("..", "outside.json"));
    KeysetFileException e =
        assertThrows(KeysetFileException.class, () -> KeysetFile.at(mount.root.resolve("keyset.json")).load());
    assertEquals(KeysetFileException.Reason.INSECURE_PERMISSIONS, e.reason());
    assertTrue(e.getMessage().contains("leaves its folder"), e.getMessage());
    // A link to ..data that itself points outside is refused the same way.
    Path data = mount.root.resolve("..data");
    Files.delete(data);
    Files.createSymbolicLink(data, dir);
    Files.createSymbolicLink(mount.root.resolve("viaData.json"), Path.of("..data", "outside.json"));
    assertEquals(KeysetFileException.Reason.INSECURE_PERMISSIONS,
        assertThrows(KeysetFileException.class, () -> KeysetFile.at(mount.root.resolve("viaData.json")).load()).reason());
  }
}
