package dev.signet;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.security.CodeSource;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * What this copy of Signet is: its version, the commit it was built from, and the Ed25519
 * implementation that signs and verifies tokens.
 *
 * <pre>{@code
 * log.info("Signet {} ({}), Ed25519 on {}", Signet.version(), Signet.commit(), Signet.ed25519Provider());
 * }</pre>
 *
 * <p>{@code signet --version} prints the same three facts.
 */
public final class Signet {
  /** The value of a fact the build did not record (a build from a source tarball, or from an IDE). */
  public static final String UNKNOWN = "unknown";

  private static final String BUILD_RESOURCE = "signet.properties";

  private Signet() {}

  /** Signet's version, such as {@code 0.1.0-SNAPSHOT}; {@value #UNKNOWN} when the build did not record it. */
  public static String version() {
    return Build.INFO.version;
  }

  /**
   * The git commit Signet was built from: 40 hex digits, followed by {@code -dirty} when tracked
   * files differed from that commit; {@value #UNKNOWN} for a build outside a git work tree (a
   * source tarball) or without git.
   */
  public static String commit() {
    return Build.INFO.commit;
  }

  /**
   * The Ed25519 implementation this JVM signs and verifies with, and its version: Bouncy
   * Castle's pure-Java RFC 8032 code (such as {@code Bouncy Castle 1.87}) unless the optional
   * dependency {@code com.goterl:lazysodium-java} is on the class path, the operating system's
   * libsodium loads, and a known-answer self-test (RFC 8032 tests 1 to 3 and the strict
   * verification refusals Signet promises) passes on it; then native libsodium (such as
   * {@code libsodium 1.0.18 (native)}). The first call makes the choice, and logs it once, if no
   * token was signed or verified yet. SECURITY.md describes the trade.
   */
  public static String ed25519Provider() {
    String active = Ed25519Backends.activeName();
    return active.startsWith("Bouncy Castle") ? Build.INFO.ed25519Provider : active;
  }

  /** The build facts, read once, on first use. */
  private static final class Build {
    static final Build INFO = new Build();

    final String version;
    final String commit;
    final String ed25519Provider;

    private Build() {
      Properties p = new Properties();
      try (InputStream in = Signet.class.getResourceAsStream(BUILD_RESOURCE)) {
        if (in != null) {
          p.load(in);
        }
      } catch (IOException e) {
        // The facts stay unknown; nothing else depends on them.
      }
      String v = recorded(p, "version");
      if (UNKNOWN.equals(v) && Signet.class.getPackage().getImplementationVersion() != null) {
        v = Signet.class.getPackage().getImplementationVersion();
      }
      this.version = v;
      this.commit = recorded(p, "commit");
      String bc = bouncyCastleJarVersion();
      this.ed25519Provider = "Bouncy Castle " + (bc != null ? bc : recorded(p, "bouncycastle"));
    }

    /** A recorded value; {@value Signet#UNKNOWN} when absent or left unfiltered ({@code ${...}}). */
    private static String recorded(Properties p, String key) {
      String v = p.getProperty(key, "").strip();
      return v.isEmpty() || v.contains("${") ? UNKNOWN : v;
    }

    /**
     * {@code Bundle-Version} of Bouncy Castle's own jar when Ed25519 is loaded from it; null when it
     * comes from elsewhere (classes bundled in {@code signet.jar}, whose recorded version then holds).
     */
    private static String bouncyCastleJarVersion() {
      try {
        CodeSource source = Ed25519.class.getProtectionDomain().getCodeSource();
        URL location = source == null ? null : source.getLocation();
        if (location == null || !"file".equals(location.getProtocol())) {
          return null;
        }
        File file = new File(location.toURI());
        if (!file.isFile()) {
          return null;
        }
        try (JarFile jar = new JarFile(file)) {
          Manifest m = jar.getManifest();
          if (m == null) {
            return null;
          }
          Attributes a = m.getMainAttributes();
          return "bcprov".equals(a.getValue("Bundle-SymbolicName")) ? a.getValue("Bundle-Version") : null;
        }
      } catch (IOException | URISyntaxException | RuntimeException e) {
        return null;
      }
    }
  }
}
