package dev.signet.revocation;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A throwaway certificate authority made with the {@code openssl} command: a CA, server
 * certificates for given names, client certificates. Keys are P-256, unencrypted PKCS#8, 0600.
 */
final class TestPki {
  final Path dir;
  final Path caCert;
  private final Path caKey;

  private TestPki(Path dir) {
    this.dir = dir;
    this.caCert = dir.resolve("ca.pem");
    this.caKey = dir.resolve("ca.key");
  }

  static TestPki create(Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    TestPki p = new TestPki(dir);
    p.openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", p.caKey.toString(), "-out", p.caCert.toString(), "-days", "2", "-subj", "/CN=Signet test CA");
    return p;
  }

  /** Writes NAME.pem and NAME.key: a certificate the CA signed, with the given subjectAltName. */
  Path[] issue(String name, String subjectAltName, boolean client) throws IOException, InterruptedException {
    Path key = dir.resolve(name + ".key");
    Path csr = dir.resolve(name + ".csr");
    Path cert = dir.resolve(name + ".pem");
    Path ext = dir.resolve(name + ".ext");
    openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key.toString(),
        "-out", csr.toString(), "-subj", "/CN=" + name);
    Files.writeString(ext, (subjectAltName == null ? "" : "subjectAltName=" + subjectAltName + "\n")
        + "extendedKeyUsage=" + (client ? "clientAuth" : "serverAuth") + "\n");
    openssl("x509", "-req", "-in", csr.toString(), "-CA", caCert.toString(), "-CAkey", caKey.toString(),
        "-CAcreateserial", "-out", cert.toString(), "-days", "2", "-extfile", ext.toString());
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    return new Path[] {cert, key};
  }

  private void openssl(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add("openssl");
    cmd.addAll(List.of(args));
    Process p;
    try {
      p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("openssl.log").toFile()).start();
    } catch (IOException e) {
      if ("1".equals(System.getenv("REQUIRE_REDIS"))) {
        fail("REQUIRE_REDIS=1 but openssl cannot run: " + e.getMessage());
      }
      Assumptions.abort("openssl cannot run: " + e.getMessage());
      return;
    }
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("openssl " + String.join(" ", args) + " failed:\n" + Files.readString(dir.resolve("openssl.log")));
    }
  }
}
