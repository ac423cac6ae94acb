package dev.signet.keys;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Entry point of the child JVM used by {@link KeysetFileCrashTest}: rotates a keyset file in a
 * loop (forever, or a given number of times) and reports each completed rotation on stdout.
 */
public final class RotatingChild {
  private RotatingChild() {}

  /**
   * {@code FILE loop REPORT} or {@code FILE count N}. In loop mode each completed rotation is
   * appended to REPORT with one {@code write} (a regular file keeps it whenever the process dies,
   * unlike a pipe read by a parent that may be draining it at that moment).
   */
  public static void main(String[] args) throws Exception {
    KeysetFile file = KeysetFile.at(Path.of(args[0]));
    boolean loop = args[1].equals("loop");
    int count = loop ? Integer.MAX_VALUE : Integer.parseInt(args[2]);
    java.nio.channels.FileChannel report =
        loop
            ? java.nio.channels.FileChannel.open(
                Path.of(args[2]),
                java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE,
                java.nio.file.StandardOpenOption.APPEND)
            : null;
    // Forced rotations; in loop mode the parent's keyset serves 1 s sessions, so the retired
    // window is short and the file stays small however long the loop runs.
    RotationPolicy policy =
        RotationPolicy.builder().minInterval(Duration.ZERO).propagationDelay(Duration.ZERO).leeway(Duration.ZERO).build();
    Rotation rotation = Rotation.with(policy).forced();
    // Never outlive the test: stop when the parent closes (or loses) our stdin, and after a minute.
    Thread watchdog =
        new Thread(
            () -> {
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
    long deadline = System.nanoTime() + 60_000_000_000L;
    // Warm up class loading before announcing readiness, so kills land inside the write loop.
    file.load();
    System.out.println("ready");
    System.out.flush();
    for (int i = 0; i < count && System.nanoTime() < deadline; i++) {
      Rotation.Result r = rotation.applyTo(file);
      if (report != null) {
        String line =
            KeysetFileCrashTest.hex(ReloadingKeyset.sha256(file.readBytes())) + " "
                + KeysetFileCrashTest.nextKids(r.keyset()) + "\n";
        report.write(java.nio.ByteBuffer.wrap(line.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
      }
    }
  }
}
