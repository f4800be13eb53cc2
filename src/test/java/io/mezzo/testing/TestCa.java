package io.mezzo.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway certificate authority for tests, made with BouncyCastle: it issues server
 * certificates for {@code localhost}/{@code 127.0.0.1} and client certificates, each written as PEM
 * files (certificate and PKCS#8 key) in a directory, as an operator's openssl would.
 */
public final class TestCa {
  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());
  private final String name;
  private final KeyPair keys;
  private final X509Certificate cert;
  private final Path dir;

  /** One PEM certificate and its key on disk. */
  public record Issued(Path cert, Path key) {}

  private TestCa(String name, KeyPair keys, X509Certificate cert, Path dir) {
    this.name = name;
    this.keys = keys;
    this.cert = cert;
    this.dir = dir;
  }

  /** A new self-signed CA whose certificate is written to {@code dir/<name>.pem}. */
  public static TestCa create(String name, Path dir) {
    KeyPair keys = rsa();
    X500Name subject = new X500Name("CN=" + name);
    JcaX509v3CertificateBuilder b = builder(subject, subject, keys);
    try {
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      b.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      TestCa ca = new TestCa(name, keys, sign(b, keys), dir);
      write(dir.resolve(name + ".pem"), ca.cert);
      return ca;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** This CA's certificate file. */
  public Path certFile() {
    return dir.resolve(name + ".pem");
  }

  /** A server certificate for localhost and 127.0.0.1, as {@code <file>.pem}/{@code -key.pem}. */
  public Issued server(String file) {
    return issue(file, "localhost", true);
  }

  /** A client certificate with common name {@code cn}. */
  public Issued client(String file, String cn) {
    return issue(file, cn, false);
  }

  private Issued issue(String file, String cn, boolean server) {
    KeyPair leaf = rsa();
    JcaX509v3CertificateBuilder b =
        builder(new X500Name("CN=" + name), new X500Name("CN=" + cn), leaf);
    try {
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      b.addExtension(
          Extension.keyUsage,
          true,
          new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
      b.addExtension(
          Extension.extendedKeyUsage,
          false,
          new ExtendedKeyUsage(
              server ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth));
      if (server) {
        b.addExtension(
            Extension.subjectAlternativeName,
            false,
            new GeneralNames(
                new GeneralName[] {
                  new GeneralName(GeneralName.dNSName, "localhost"),
                  new GeneralName(GeneralName.iPAddress, "127.0.0.1")
                }));
      }
      X509Certificate c = sign(b, keys);
      Issued out = new Issued(dir.resolve(file + ".pem"), dir.resolve(file + "-key.pem"));
      write(out.cert(), c);
      write(out.key(), new JcaPKCS8Generator(leaf.getPrivate(), null).generate());
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JcaX509v3CertificateBuilder builder(
      X500Name issuer, X500Name subject, KeyPair keys) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(
        issuer,
        BigInteger.valueOf(SERIAL.incrementAndGet()),
        Date.from(now.minus(1, ChronoUnit.HOURS)),
        Date.from(now.plus(1, ChronoUnit.DAYS)),
        subject,
        keys.getPublic());
  }

  private static X509Certificate sign(JcaX509v3CertificateBuilder b, KeyPair signer) {
    try {
      ContentSigner s = new JcaContentSignerBuilder("SHA256withRSA").build(signer.getPrivate());
      X509CertificateHolder h = b.build(s);
      return new JcaX509CertificateConverter().getCertificate(h);
    } catch (OperatorCreationException | java.security.cert.CertificateException e) {
      throw new IllegalStateException("cannot sign a test certificate", e);
    }
  }

  private static KeyPair rsa() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      return g.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void write(Path file, Object pem) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      w.writeObject(pem);
    }
    Files.writeString(file, out.toString());
  }
}
