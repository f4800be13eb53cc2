package io.mezzo.core.net;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509KeyManager;

/**
 * What every client Mezzo opens (agent→master link, master→agent sandbox proxy, built-in
 * frameworks, the CLI) trusts and presents, from PEM files ({@code mezzo.tls.*}): the CA
 * certificates that sign the servers it talks to, and optionally its own certificate chain and
 * PKCS#8 private key for mutual TLS.
 *
 * <p>Never "trust all": with no CA configured the JDK's default trust store decides, and hostname
 * verification stays with each client (on by default in the JDK and Vert.x clients). Files are read
 * once, when the managers are built; a missing or unreadable file is an {@link
 * IllegalArgumentException} naming the file and the setting, so a node refuses to start rather than
 * fall back to an unauthenticated connection.
 *
 * @param caCerts PEM files of trusted CA certificates; empty = the JDK's default trust store
 * @param cert PEM file of this client's certificate (chain), present exactly when {@code key} is
 * @param key PEM file of the PKCS#8 private key ({@code BEGIN PRIVATE KEY}) of {@code cert}
 */
public record ClientTls(List<Path> caCerts, Optional<Path> cert, Optional<Path> key) {

  public ClientTls {
    caCerts = List.copyOf(caCerts);
    if (cert.isPresent() != key.isPresent()) {
      throw new IllegalArgumentException(
          cert.isPresent()
              ? "mezzo.tls.cert is set but mezzo.tls.key is not: a client certificate needs its key"
              : "mezzo.tls.key is set but mezzo.tls.cert is not: a key needs its certificate");
    }
  }

  /** No configuration: the JDK's default trust store, no client certificate. */
  public static ClientTls defaults() {
    return new ClientTls(List.of(), Optional.empty(), Optional.empty());
  }

  /** From setting values (file names), as {@code mezzo.tls.*} gives them. */
  public static ClientTls of(List<String> caCerts, Optional<String> cert, Optional<String> key) {
    return new ClientTls(
        caCerts.stream().map(String::strip).filter(s -> !s.isEmpty()).map(Path::of).toList(),
        cert.map(String::strip).filter(s -> !s.isEmpty()).map(Path::of),
        key.map(String::strip).filter(s -> !s.isEmpty()).map(Path::of));
  }

  /** True if this client presents a certificate (mutual TLS). */
  public boolean presentsCertificate() {
    return cert.isPresent();
  }

  /**
   * The trust managers for {@link #caCerts}, or null (meaning the JDK default) when none is set.
   *
   * @throws IllegalArgumentException naming the file that cannot be read or holds no certificate
   */
  public TrustManager[] trustManagers() {
    if (caCerts.isEmpty()) {
      return null;
    }
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      int n = 0;
      for (Path file : caCerts) {
        for (Certificate c : certificates(file, "mezzo.tls.ca-certs")) {
          trust.setCertificateEntry("ca-" + n++, c);
        }
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      return tmf.getTrustManagers();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("cannot build the trust store of mezzo.tls.ca-certs", e);
    }
  }

  /** The key manager presenting {@link #cert}, or empty when no client certificate is set. */
  public Optional<X509KeyManager> keyManager() {
    if (cert.isEmpty()) {
      return Optional.empty();
    }
    try {
      List<Certificate> chain = certificates(cert.get(), "mezzo.tls.cert");
      PrivateKey pk = privateKey(key.get());
      char[] password = new char[0];
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("client", pk, password, chain.toArray(Certificate[]::new));
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, password);
      for (KeyManager km : kmf.getKeyManagers()) {
        if (km instanceof X509KeyManager x) {
          return Optional.of(x);
        }
      }
      throw new IllegalStateException("the JDK offers no X.509 key manager");
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException(
          "cannot use " + cert.get() + " (mezzo.tls.cert) with " + key.get() + ": " + e, e);
    }
  }

  /** An SSL context for JDK clients ({@code HttpClient.Builder.sslContext}). */
  public SSLContext sslContext() {
    try {
      if (caCerts.isEmpty() && cert.isEmpty()) {
        return SSLContext.getDefault();
      }
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(keyManager().map(k -> new KeyManager[] {k}).orElse(null), trustManagers(), null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot make a TLS context: " + e, e);
    }
  }

  private static List<Certificate> certificates(Path file, String setting) throws IOException {
    try (InputStream in = read(file, setting)) {
      List<Certificate> certs =
          new ArrayList<>(CertificateFactory.getInstance("X.509").generateCertificates(in));
      if (certs.isEmpty()) {
        throw new IllegalArgumentException(file + " (" + setting + ") holds no PEM certificate");
      }
      return certs;
    } catch (java.security.cert.CertificateException e) {
      throw new IllegalArgumentException(
          file + " (" + setting + ") is not a PEM certificate file: " + e.getMessage(), e);
    }
  }

  private static PrivateKey privateKey(Path file) throws IOException {
    String pem;
    try (InputStream in = read(file, "mezzo.tls.key")) {
      pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }
    String begin = "-----BEGIN PRIVATE KEY-----";
    int from = pem.indexOf(begin);
    int to = pem.indexOf("-----END PRIVATE KEY-----");
    if (from < 0 || to < from) {
      throw new IllegalArgumentException(
          file
              + " (mezzo.tls.key) is not a PKCS#8 PEM key (BEGIN PRIVATE KEY); convert it with"
              + " 'openssl pkcs8 -topk8 -nocrypt -in "
              + file
              + "'");
    }
    byte[] der = Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    for (String algorithm : List.of("RSA", "EC", "Ed25519", "RSASSA-PSS")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException e) {
        // Not this algorithm; PKCS#8 names it inside, but the JDK wants it said up front.
      }
    }
    throw new IllegalArgumentException(
        file + " (mezzo.tls.key) holds a key that is not RSA, EC or Ed25519");
  }

  private static InputStream read(Path file, String setting) {
    try {
      return Files.newInputStream(file);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read " + file + " (" + setting + "): " + e.getMessage(), e);
    }
  }
}
