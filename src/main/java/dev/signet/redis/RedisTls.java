package dev.signet.redis;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS for {@code rediss://}: trust from a PEM file of CA certificates (or the JDK's default trust
 * store), an optional client certificate with its PKCS#8 PEM key, and host-name verification
 * that cannot be turned off: the server's certificate must name the host (or IP address) Signet
 * connects to.
 */
final class RedisTls {
  private RedisTls() {}

  /** Parameters that make the JDK check the server's name against its certificate. */
  static SSLParameters parameters() {
    SSLParameters p = new SSLParameters();
    p.setEndpointIdentificationAlgorithm("HTTPS");
    return p;
  }

  /**
   * The socket factory for the given trust and client identity.
   *
   * @param caFile PEM CA certificates to trust; null for the JDK's default trust store
   * @param certFile PEM client certificate chain, or null
   * @param keyFile PEM PKCS#8 private key of the client certificate (owner-only), or null
   * @throws IOException naming the file that cannot be used
   */
  static SSLSocketFactory socketFactory(Path caFile, Path certFile, Path keyFile) throws IOException {
    try {
      TrustManagerFactory tmf = null;
      if (caFile != null) {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        int i = 0;
        for (Certificate c : certificates(caFile, "Redis CA file")) {
          trust.setCertificateEntry("ca" + i++, c);
        }
        tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
      }
      KeyManagerFactory kmf = null;
      if (certFile != null) {
        List<Certificate> chain = certificates(certFile, "Redis client certificate");
        PrivateKey key = privateKey(keyFile);
        char[] pw = new char[16];
        SecureRandom r = new SecureRandom();
        for (int j = 0; j < pw.length; j++) {
          pw[j] = (char) ('a' + r.nextInt(26));
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("client", key, pw, chain.toArray(new Certificate[0]));
        kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, pw);
        Arrays.fill(pw, '\0');
      }
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
      return ctx.getSocketFactory();
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot set up TLS for Redis: " + e.getMessage(), e);
    }
  }

  private static List<Certificate> certificates(Path file, String what) throws IOException {
    byte[] bytes;
    try {
      if (Files.size(file) > RedisSecretFile.MAX_PEM_BYTES) {
        throw new IOException(what + " " + file + " is larger than " + RedisSecretFile.MAX_PEM_BYTES + " bytes");
      }
      bytes = Files.readAllBytes(file);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new IOException(what + " " + file + " does not exist");
    }
    Collection<? extends Certificate> certs;
    try {
      certs = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes));
    } catch (GeneralSecurityException e) {
      throw new IOException(what + " " + file + " holds no readable PEM certificate");
    }
    if (certs.isEmpty()) {
      throw new IOException(what + " " + file + " holds no PEM certificate");
    }
    return new ArrayList<>(certs);
  }

  private static PrivateKey privateKey(Path file) throws IOException {
    byte[] bytes = RedisSecretFile.read(file, "Redis client key", RedisSecretFile.MAX_PEM_BYTES);
    byte[] der = null;
    try {
      String pem = new String(bytes, StandardCharsets.US_ASCII);
      int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
      int end = pem.indexOf("-----END PRIVATE KEY-----");
      if (begin < 0 || end < begin) {
        throw new IOException("Redis client key " + file + " is not an unencrypted PKCS#8 PEM key "
            + "(-----BEGIN PRIVATE KEY-----; convert with openssl pkcs8 -topk8 -nocrypt)");
      }
      der = Base64.getMimeDecoder().decode(pem.substring(begin + 27, end));
      for (String alg : new String[] {"EC", "RSA", "Ed25519", "RSASSA-PSS", "Ed448"}) {
        try {
          return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
          // Try the next algorithm.
        }
      }
      throw new IOException("Redis client key " + file + " is not an EC, RSA or EdDSA key");
    } finally {
      Arrays.fill(bytes, (byte) 0);
      if (der != null) {
        Arrays.fill(der, (byte) 0);
      }
    }
  }
}
