package io.mezzo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's credentials: --principal/--secret/--secret-file/--token and their variables, sent on
 * every request; half or two credentials are usage errors; 401 and 403 print the master's reason
 * and whom it refused.
 */
class CliCredentialsTest {
  @TempDir Path dir;

  private static String basic(String p, String s) {
    return "Basic "
        + Base64.getEncoder().encodeToString((p + ":" + s).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void principalAndSecretGoAsBasicOnEveryRequest() throws IOException {
    try (StubMaster m = new StubMaster()) {
      m.on("GET /v2/apps", "{\"apps\":[]}");
      CliRun.Result r =
          CliRun.against(m, "app", "list", "--principal", "ops", "--secret", "s3cret");
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(m.requests("GET /v2/apps"))
          .singleElement()
          .extracting(StubMaster.Request::authorization)
          .isEqualTo(basic("ops", "s3cret"));
    }
  }

  @Test
  void theSecretFileLosesItsTrailingLineBreak() throws IOException {
    Path file = dir.resolve("secret");
    Files.writeString(file, "s3cret\n");
    try (StubMaster m = new StubMaster()) {
      m.on("GET /v2/apps", "{\"apps\":[]}");
      CliRun.Result r =
          CliRun.against(m, "app", "list", "--principal", "ops", "--secret-file", file.toString());
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(m.requests().get(0).authorization()).isEqualTo(basic("ops", "s3cret"));
    }
  }

  @Test
  void theEnvironmentGivesTheCredentialAndAFlagWins() throws IOException {
    try (StubMaster m = new StubMaster()) {
      m.on("GET /v2/apps", "{\"apps\":[]}");
      Map<String, String> env =
          Map.of("MEZZO_MASTER", m.url(), "MEZZO_PRINCIPAL", "ops", "MEZZO_SECRET", "env-secret");
      assertThat(CliRun.run(env, "app", "list").code()).isZero();
      assertThat(CliRun.run(env, "app", "list", "--secret", "flag-secret").code()).isZero();
      // A token flag chooses Bearer over the Basic variables.
      assertThat(CliRun.run(env, "app", "list", "--token", "t0k3n").code()).isZero();
      assertThat(m.requests().stream().map(StubMaster.Request::authorization))
          .containsExactly(basic("ops", "env-secret"), basic("ops", "flag-secret"), "Bearer t0k3n");
    }
  }

  @Test
  void aTokenGoesAsBearer() throws IOException {
    try (StubMaster m = new StubMaster()) {
      m.on("GET /v2/apps", "{\"apps\":[]}");
      CliRun.Result r =
          CliRun.run(
              Map.of("MEZZO_MASTER", m.url(), "MEZZO_TOKEN", "Bearer abc.def"), "app", "list");
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(m.requests().get(0).authorization()).isEqualTo("Bearer abc.def");
    }
  }

  @Test
  void withoutCredentialsNoHeaderIsSent() throws IOException {
    try (StubMaster m = new StubMaster()) {
      m.on("GET /v2/apps", "{\"apps\":[]}");
      assertThat(CliRun.against(m, "app", "list").code()).isZero();
      assertThat(m.requests().get(0).authorization()).isNull();
    }
  }

  @Test
  void halfACredentialOrTwoAreUsageErrorsAndSendNothing() throws IOException {
    try (StubMaster m = new StubMaster()) {
      m.on("GET /v2/apps", "{\"apps\":[]}");
      assertUsage(
          CliRun.against(m, "app", "list", "--principal", "ops"), "principal 'ops' has no secret");
      assertUsage(CliRun.against(m, "app", "list", "--secret", "x"), "no principal");
      assertUsage(
          CliRun.against(m, "app", "list", "--principal", "ops", "--secret", "x", "--token", "t"),
          "not both");
      assertUsage(
          CliRun.against(
              m, "app", "list", "--principal", "ops", "--secret", "x", "--secret-file", "f"),
          "--secret or --secret-file, not both");
      assertUsage(
          CliRun.against(
              m,
              "app",
              "list",
              "--principal",
              "ops",
              "--secret-file",
              dir.resolve("nope").toString()),
          "cannot read --secret-file");
      assertUsage(
          CliRun.run(
              Map.of(
                  "MEZZO_MASTER",
                  m.url(),
                  "MEZZO_PRINCIPAL",
                  "ops",
                  "MEZZO_SECRET",
                  "s",
                  "MEZZO_TOKEN",
                  "t"),
              "app",
              "list"),
          "both MEZZO_TOKEN and MEZZO_PRINCIPAL are set");
      assertThat(m.requests()).as("nothing was sent").isEmpty();
    }
  }

  @Test
  void a401PrintsTheReasonAndWhoseCredentialFailed() throws IOException {
    try (StubMaster m = new StubMaster()) {
      m.on(
          "GET /v2/apps",
          r -> new StubMaster.Answer(401, "Unknown principal or wrong secret for 'ops'", Map.of()));
      CliRun.Result r = CliRun.against(m, "app", "list", "--principal", "ops", "--secret", "bad");
      assertThat(r.code()).isEqualTo(CliFailure.REFUSED);
      assertThat(r.err())
          .contains("refused (401): Unknown principal or wrong secret for 'ops'")
          .contains("did not accept the credential of ops");

      CliRun.Result anonymous = CliRun.against(m, "app", "list");
      assertThat(anonymous.err()).contains("the master needs credentials", "--principal");
    }
  }

  @Test
  void a403PrintsTheServersReason() throws IOException {
    try (StubMaster m = new StubMaster()) {
      m.on(
          "DELETE /v2/apps/web",
          r ->
              new StubMaster.Answer(
                  403,
                  "principal 'bob' may not teardown_frameworks of principal 'alice'",
                  Map.of()));
      CliRun.Result r =
          CliRun.against(m, "app", "destroy", "/web", "--principal", "bob", "--secret", "b");
      assertThat(r.code()).as(r.out()).isEqualTo(CliFailure.REFUSED);
      assertThat(r.err())
          .contains("(403): principal 'bob' may not teardown_frameworks of principal 'alice'")
          .contains("bob may not do this");
    }
  }

  private static void assertUsage(CliRun.Result r, String text) {
    assertThat(r.code()).as(r.err()).isEqualTo(CliFailure.USAGE);
    assertThat(r.err()).contains(text);
  }
}
