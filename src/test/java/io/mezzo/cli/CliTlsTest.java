package io.mezzo.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mezzo.testing.TestCa;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --ca-cert, --client-cert and --client-key: checked before anything is sent, named when wrong. */
class CliTlsTest {
  static final URI HTTPS = URI.create("https://master:5050");

  @TempDir Path dir;

  @Test
  void noFilesMeansTheJdkDefault() {
    assertThat(CliTls.resolve(HTTPS, null, null, null)).isEmpty();
  }

  @Test
  void aCaAndAClientCertificateMakeAContext() {
    TestCa ca = TestCa.create("ca", dir);
    TestCa.Issued client = ca.client("operator", "operator");
    assertThat(CliTls.resolve(HTTPS, ca.certFile(), null, null)).isPresent();
    assertThat(CliTls.resolve(HTTPS, ca.certFile(), client.cert(), client.key())).isPresent();
  }

  @Test
  void halfAClientCertificateIsAUsageError() {
    assertThatThrownBy(() -> CliTls.resolve(HTTPS, null, dir.resolve("c.pem"), null))
        .isInstanceOfSatisfying(
            CliFailure.class, f -> assertThat(f.exitCode()).isEqualTo(CliFailure.USAGE))
        .hasMessageContaining("--client-cert needs its key");
    assertThatThrownBy(() -> CliTls.resolve(HTTPS, null, null, dir.resolve("k.pem")))
        .hasMessageContaining("--client-key needs its certificate");
  }

  @Test
  void tlsFilesForAnHttpMasterAreRefusedNotIgnored() {
    assertThatThrownBy(
            () ->
                CliTls.resolve(URI.create("http://master:5050"), dir.resolve("ca.pem"), null, null))
        .hasMessageContaining("--ca-cert applies to an https:// master");
  }

  @Test
  void aMissingOrBadFileIsNamedByItsOption() throws IOException {
    assertThatThrownBy(() -> CliTls.resolve(HTTPS, dir.resolve("nope.pem"), null, null))
        .hasMessageContaining("cannot read --ca-cert");
    Path notPem = Files.writeString(dir.resolve("ca.pem"), "hello");
    assertThatThrownBy(() -> CliTls.resolve(HTTPS, notPem, null, null))
        .isInstanceOf(CliFailure.class)
        .hasMessageContaining("--ca-cert")
        .hasMessageNotContaining("mezzo.tls");
  }

  @Test
  void throughTheCommandLineABadFileIsExitTwo() throws IOException {
    CliRun.Result r =
        CliRun.run(
            java.util.Map.of(),
            "app",
            "list",
            "--master",
            "http://127.0.0.1:1",
            "--ca-cert",
            dir.resolve("ca.pem").toString());
    assertThat(r.code()).isEqualTo(CliFailure.USAGE);
    assertThat(r.err()).contains("--ca-cert applies to an https:// master");
  }
}
