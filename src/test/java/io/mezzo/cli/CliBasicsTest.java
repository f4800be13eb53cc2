package io.mezzo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CliBasicsTest {
  @Test
  void helpListsTheCommandsAndTheExitCodes() {
    CliRun.Result r = CliRun.run(Map.of(), "--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("app", "task", "agent", "--master", "--json", "Exit codes:");
    assertThat(r.out()).contains("3", "cannot reach the master");
  }

  @Test
  void everySubcommandHasHelp() {
    for (String[] cmd :
        new String[][] {
          {"app", "--help"},
          {"app", "deploy", "--help"},
          {"task", "log", "--help"},
          {"agent", "drain", "--help"}
        }) {
      CliRun.Result r = CliRun.run(Map.of(), cmd);
      assertThat(r.code()).as(String.join(" ", cmd)).isZero();
      assertThat(r.out()).startsWith("Usage: mezzo " + cmd[0]);
    }
    assertThat(CliRun.run(Map.of(), "task", "log", "--help").out())
        .contains("--follow", "--stderr");
  }

  @Test
  void versionNamesMezzoAndTheMesosApi() {
    CliRun.Result r = CliRun.run(Map.of(), "--version");
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("mezzo ").contains("Mesos API 1.11.0");
  }

  @Test
  void anUnknownCommandIsAUsageError() {
    CliRun.Result r = CliRun.run(Map.of(), "apps", "list");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("apps");
  }

  @Test
  void noCommandIsAUsageError() {
    assertThat(CliRun.run(Map.of()).code()).isEqualTo(2);
    CliRun.Result app = CliRun.run(Map.of(), "app");
    assertThat(app.code()).isEqualTo(2);
    assertThat(app.err()).contains("list, show, deploy");
  }

  @Test
  void aMissingArgumentIsAUsageError() {
    CliRun.Result r = CliRun.run(Map.of(), "app", "scale", "web");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("N");
  }

  @Test
  void aBadDurationIsAUsageErrorNamingIt() {
    CliRun.Result r = CliRun.run(Map.of(), "--timeout", "soon", "app", "list");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("'soon' is not a duration");
  }

  @Test
  void aBadMasterUrlIsAUsageError() {
    CliRun.Result r = CliRun.run(Map.of(), "--master", "ftp://x", "app", "list");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("ftp://x", "http://HOST[:PORT]");
  }

  @Test
  void anUnreachableMasterExitsThreeNamingTheUrlAndWhy() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // closed again: nothing listens there
    }
    CliRun.Result r = CliRun.run(Map.of(), "--master", "127.0.0.1:" + port, "app", "list");
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err())
        .contains("cannot reach the master at http://127.0.0.1:" + port)
        .contains("connection refused");
  }

  @Test
  void theMasterComesFromTheEnvironmentUnlessGiven() throws IOException {
    try (StubMaster m = new StubMaster()) {
      m.on("GET /v2/apps", "{\"apps\":[]}");
      CliRun.Result viaEnv = CliRun.run(Map.of("MEZZO_MASTER", m.url() + "/"), "app", "list");
      assertThat(viaEnv.code()).as(viaEnv.err()).isZero();
      assertThat(m.requests("GET /v2/apps")).hasSize(1);

      CliRun.Result flagWins =
          CliRun.run(
              Map.of("MEZZO_MASTER", "http://127.0.0.1:1"), "app", "list", "--master", m.url());
      assertThat(flagWins.code()).as(flagWins.err()).isZero();
      assertThat(m.requests("GET /v2/apps")).hasSize(2);
    }
  }

  @Test
  void theDefaultMasterIsLocalhost5050() {
    assertThat(MezzoCli.DEFAULT_MASTER).isEqualTo("http://localhost:5050");
    assertThat(MezzoCli.masterUri("master-1:5050").toString()).isEqualTo("http://master-1:5050");
  }

  @Test
  void aNonJsonAnswerIsReportedNotParsed() throws IOException {
    try (StubMaster m = new StubMaster()) {
      m.on("GET /v2/apps", r -> new StubMaster.Answer(200, "<html>proxy</html>", Map.of()));
      CliRun.Result r = CliRun.against(m, "app", "list");
      assertThat(r.code()).isEqualTo(1);
      assertThat(r.err()).contains("not JSON", "<html>proxy</html>");
    }
  }

  @Test
  void tableColumnsAlign() {
    java.io.StringWriter w = new java.io.StringWriter();
    new Table("ID", "STATE")
        .row("a-long-id", "RUNNING")
        .row("b", null)
        .print(new java.io.PrintWriter(w));
    assertThat(w.toString().lines())
        .containsExactly("ID         STATE", "a-long-id  RUNNING", "b          -");
  }

  @Test
  void durationsParseAsTyped() {
    assertThat(Durations.parse("500ms").toMillis()).isEqualTo(500);
    assertThat(Durations.parse("30").toSeconds()).isEqualTo(30);
    assertThat(Durations.parse("2m").toSeconds()).isEqualTo(120);
    assertThat(Durations.format(java.time.Duration.ofSeconds(90))).isEqualTo("1m30s");
  }
}
