package io.mezzo;

import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.testing.MezzoProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The packaged jar started misconfigured refuses before it touches state: exit status 1, exactly
 * one line of output naming the key, the value and what is expected (no stack frames), and nothing
 * written under its work dir.
 */
class StartupChecksIT {
  private static final long EXIT_TIMEOUT_SECONDS = 60;
  private static final String PREFIX = "Mezzo refuses to start: ";

  /** What one refused start printed. */
  record Refusal(int exitStatus, List<String> lines) {}

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "quarkus.profile | mastr | quarkus.profile=mastr: unknown profile 'mastr'; expected one of"
            + " standalone, master, agent",
        "mezzo.role | mastr | mezzo.role=mastr: unknown role; expected one of standalone, master,"
            + " agent",
        "mezzo.master.agent-ping-timeout | abc | mezzo.master.agent-ping-timeout=abc: not a"
            + " duration; expected",
        "mezzo.max-request-bytes | lots | mezzo.max-request-bytes=lots: Expected an integer value",
        "mezzo.agent.resources | cpus:x | mezzo.agent.resources=cpus:x: invalid resource",
        "mezzo.agent.resources | cpus:1;gpus:1 | mezzo.agent.resources=cpus:1;gpus:1: gpus:1 cannot"
            + " be backed: Mezzo has no GPU support",
        "mezzo.agent.resorces | gpus:1 | mezzo.agent.resorces=gpus:1: unknown key, its value would"
            + " be ignored; did you mean mezzo.agent.resources?",
        "mezzo.tls.client-auth | yes | mezzo.tls.client-auth=yes: expected none, request or"
            + " required",
        "mezzo.tls.ca-certs | /nonexistent/ca.pem | cannot read /nonexistent/ca.pem"
            + " (mezzo.tls.ca-certs)",
        "mezzo.agent.max-concurrent-launches | 0 | mezzo.agent.max-concurrent-launches=0: must be"
            + " at least 1",
        "mezzo.agent.isolation | cgroups/gpu | mezzo.agent.isolation=cgroups/gpu: unknown isolator"
            + " 'cgroups/gpu'; expected some of",
        "mezzo.master.weights | eng=0 | mezzo.master.weights=eng=0: invalid weight 0.0 for role"
            + " 'eng': weights must be positive",
      })
  void aBadValueIsRefusedInOneLineBeforeAnythingIsWritten(
      String key, String value, String expected, @TempDir Path work) throws Exception {
    Refusal r = start(Map.of(key, value), work, MezzoProcess.freePort());

    assertOneLineRefusal(r, expected);
    assertThat(filesUnder(work)).isEmpty();
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "mezzo.master | zk://zk:2181 | mezzo.master=zk://zk:2181: needs hosts and a path",
        "mezzo.master | zk://zk:0/mezzo | mezzo.master=zk://zk:0/mezzo: host 'zk:0' is not"
            + " host[:port]",
        "mezzo.master | http://m:5050,zk://zk:2181/mezzo | mezzo.master=http://m:5050,zk://zk:2181"
            + "/mezzo: master 'zk://zk:2181/mezzo': a zk:// URL must be the whole value",
        "mezzo.agent.master-call-timeout | 0S | mezzo.agent.master-call-timeout=PT0S: must be"
            + " longer than 0",
      })
  void anAgentWithAMasterItCannotFollowIsRefused(
      String key, String value, String expected, @TempDir Path work) throws Exception {
    Map<String, String> agent = new LinkedHashMap<>();
    agent.put("quarkus.profile", "agent");
    agent.put("mezzo.role", "agent");
    agent.put("mezzo.master", "zk://127.0.0.1:2181/mezzo");
    agent.put(key, value);
    Refusal r = start(agent, work, MezzoProcess.freePort());

    assertOneLineRefusal(r, expected);
    assertThat(filesUnder(work)).isEmpty();
  }

  @Test
  void aWorkDirThatCannotBeCreatedIsRefusedNamingTheKey(@TempDir Path tmp) throws Exception {
    // A regular file where the work dir's parent should be: unusable even for root.
    Path file = Files.writeString(tmp.resolve("a-file"), "x");
    Path work = file.resolve("data");

    Refusal r = start(Map.of(), work, MezzoProcess.freePort());

    assertOneLineRefusal(r, "mezzo.work-dir=" + work.toAbsolutePath() + ": cannot use ");
    assertThat(r.lines().get(0)).endsWith("expected a directory this user can create and write");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "a missing credentials file | mezzo.security.credentials=/etc/mezzo/no-such.json |"
            + " mezzo.security.credentials=/etc/mezzo/no-such.json: no such file",
        "a switch with nobody to authenticate | mezzo.security.authenticate-agents=true |"
            + " mezzo.security.authenticate-agents is on but neither mezzo.security.credentials nor"
            + " a token key",
        "a typo in a switch | mezzo.security.authenticate-agent=true |"
            + " mezzo.security.authenticate-agent=true: unknown key, its value would be ignored;"
            + " did you mean mezzo.security.authenticate-agents?",
        "a missing agent credential | mezzo.security.agent-credential=/nope |"
            + " mezzo.security.agent-credential=/nope: no such file",
        "a typo in inline ACLs | mezzo.security.acls={\"run_task\": []} |"
            + " mezzo.security.acls: unknown ACL list 'run_task'; did you mean 'run_tasks'?",
        "a missing ACL file | mezzo.security.acls=file:///etc/mezzo/no-acls.json |"
            + " mezzo.security.acls=/etc/mezzo/no-acls.json: no such file",
        "a typo in inline rate limits | mezzo.security.rate-limits={\"limit\": []} |"
            + " mezzo.security.rate-limits: unknown field 'limit'",
        "a missing rate limits file | mezzo.security.rate-limits=/etc/mezzo/no-rates.json |"
            + " mezzo.security.rate-limits=/etc/mezzo/no-rates.json: no such file",
        "a subscription cap of 0 | mezzo.security.max-subscriptions-per-principal=0 |"
            + " mezzo.security.max-subscriptions-per-principal=0: must be at least 1",
        "a connection cap of 0 | mezzo.http.max-connections-per-address=0 |"
            + " mezzo.http.max-connections-per-address=0: must be at least 1",
      })
  void aSecuritySettingThatCannotBeHonouredIsRefused(
      String what, String setting, String expected, @TempDir Path work) throws Exception {
    // A node told to authenticate must never start open: each contradiction stops it, naming
    // the key and the file.
    String[] kv = setting.split("=", 2);
    Refusal r = start(Map.of(kv[0], kv[1]), work, MezzoProcess.freePort());

    assertOneLineRefusal(r, expected);
    assertThat(filesUnder(work)).isEmpty();
  }

  @Test
  void aMalformedCredentialsFileIsRefusedNamingTheFileAndLine(@TempDir Path tmp) throws Exception {
    Path file = Files.writeString(tmp.resolve("credentials"), "ops s3cret\nbad line here\n");
    Path work = tmp.resolve("work");

    Refusal r =
        start(
            Map.of(
                "mezzo.security.credentials",
                file.toString(),
                "mezzo.security.authenticate-http-readwrite",
                "true"),
            work,
            MezzoProcess.freePort());

    assertOneLineRefusal(
        r,
        "mezzo.security.credentials="
            + file
            + ": "
            + file
            + ":2: expected 'principal secret', found 3 word(s)");
    assertThat(filesUnder(work)).isEmpty();
  }

  /** Embedded ZooKeeper settings that cannot work: {@code key=value} pairs joined by {@code ;}. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "quarkus.profile=master;mezzo.zk=embedded | mezzo.zk=embedded needs mezzo.zk-ensemble",
        "quarkus.profile=master;mezzo.zk=embedded;mezzo.zk-ensemble=m1:2888 |"
            + " mezzo.zk-ensemble=m1:2888: entry 1 'm1:2888' is not"
            + " host:peerPort:electionPort[:clientPort]",
        "quarkus.profile=master;mezzo.zk=embedded;mezzo.zk-ensemble=m1:2888:3888,m2:2888:3888 |"
            + " mezzo.zk-ensemble=m1:2888:3888,m2:2888:3888: no entry names this master's host"
            + " '127.0.0.1'",
        "quarkus.profile=master;mezzo.zk=embedded;mezzo.zk-ensemble=m1:2888:3888;mezzo.zk-id=4 |"
            + " mezzo.zk-id=4: not a position in mezzo.zk-ensemble; expected 1 to 1",
        "quarkus.profile=master;mezzo.zk-ensemble=m1:2888:3888 | mezzo.zk-ensemble=m1:2888:3888:"
            + " only used with mezzo.zk=embedded, but mezzo.zk is unset",
        "quarkus.profile=master;mezzo.zk=zk:/x | mezzo.zk=zk:/x: not a ZooKeeper URL; expected"
            + " zk://host:2181/path or embedded",
        "mezzo.zk=embedded;mezzo.zk-ensemble=127.0.0.1:2888:3888 | mezzo.zk=embedded: an embedded"
            + " ZooKeeper runs only in masters",
      })
  void anEmbeddedZooKeeperThatCannotWorkIsRefusedNamingTheKey(
      String settings, String expected, @TempDir Path work) throws Exception {
    Map<String, String> props = new LinkedHashMap<>();
    for (String pair : settings.split(";")) {
      props.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
    }
    props.putIfAbsent("quarkus.profile", "standalone");
    props.put("mezzo.role", props.get("quarkus.profile"));

    Refusal r = start(props, work, MezzoProcess.freePort());

    assertOneLineRefusal(r, expected);
    assertThat(filesUnder(work)).isEmpty();
  }

  @Test
  void aTakenPortOfTheEmbeddedPeerIsRefusedNamingTheEnsemble(@TempDir Path work) throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String ensemble =
          "127.0.0.1:"
              + MezzoProcess.freePort()
              + ":"
              + MezzoProcess.freePort()
              + ":"
              + taken.getLocalPort();
      Refusal r =
          start(
              Map.of(
                  "quarkus.profile", "master",
                  "mezzo.role", "master",
                  "mezzo.zk", "embedded",
                  "mezzo.zk-ensemble", ensemble),
              work,
              MezzoProcess.freePort());

      assertOneLineRefusal(
          r,
          "mezzo.zk-ensemble="
              + ensemble
              + ": the client port "
              + taken.getLocalPort()
              + " of this master's peer (entry 1, "
              + ensemble
              + ") cannot be listened on at 127.0.0.1: in use by another process");
      assertThat(filesUnder(work)).isEmpty();
    }
  }

  @Test
  void aPortInUseIsRefusedBeforeRecoveryNamingThePortAndTheKey(@TempDir Path work)
      throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();

      Refusal r = start(Map.of(), work, port);

      assertOneLineRefusal(
          r, "quarkus.http.port=" + port + ": port " + port + " on 127.0.0.1 is already in use");
      assertThat(filesUnder(work)).isEmpty();
    }
  }

  @Test
  void aSecondNodeOnAWorkDirInUseIsRefusedNamingTheHoldersPid() throws Exception {
    try (MezzoProcess holder = MezzoProcess.standalone("startup-holder")) {
      Path lockFile = holder.workDir().resolve("master").resolve("mezzo.lock");
      String pid = Files.readString(lockFile).strip();
      assertThat(pid).matches("[0-9]+");

      Refusal r = start(Map.of(), holder.workDir(), MezzoProcess.freePort());

      assertOneLineRefusal(
          r,
          "mezzo.work-dir="
              + holder.workDir().toAbsolutePath()
              + ": the master registry "
              + holder.workDir().toAbsolutePath().resolve("master")
              + " is in use by another Mezzo node (pid "
              + pid
              + ",");
      assertThat(holder.isAlive()).isTrue();
      assertThat(Files.readString(lockFile).strip()).isEqualTo(pid);
      assertThat(Files.readString(holder.workDir().resolve("agent").resolve("mezzo.lock")).strip())
          .isEqualTo(pid);
    }
  }

  private static void assertOneLineRefusal(Refusal r, String expectedStart) {
    assertThat(r.exitStatus()).as("exit status; output: %s", r.lines()).isEqualTo(1);
    assertThat(r.lines()).as("every line printed").hasSize(1);
    assertThat(r.lines().get(0)).startsWith(PREFIX + expectedStart).doesNotContain("\tat ");
  }

  /**
   * Starts the jar standalone (or as the properties say) on {@code work} and waits for it to exit.
   * stdout and stderr are read together: the refusal must be all there is.
   */
  private static Refusal start(Map<String, String> extra, Path work, int port) throws Exception {
    Path jar = Path.of(System.getProperty("mezzo.jar", "target/quarkus-app/quarkus-run.jar"));
    Map<String, String> props = new LinkedHashMap<>();
    props.put("quarkus.http.host", "127.0.0.1");
    props.put("quarkus.http.port", Integer.toString(port));
    props.put("mezzo.work-dir", work.toAbsolutePath().toString());
    props.put("mezzo.agent.resources", MezzoProcess.AGENT_RESOURCES);
    props.putAll(extra);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx128m");
    props.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.add("-jar");
    command.add(jar.toAbsolutePath().toString());
    Path logs =
        Files.createDirectories(Path.of(System.getProperty("mezzo.it-logs", "target/it-logs")));
    Path log = logs.resolve("startup-refusal-" + port + "-" + System.nanoTime() + ".log");
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
            .start();
    try {
      if (!p.waitFor(EXIT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        throw new AssertionError(
            "node did not exit within " + EXIT_TIMEOUT_SECONDS + " s; see " + log);
      }
      List<String> lines =
          Files.readAllLines(log, StandardCharsets.UTF_8).stream()
              .filter(l -> !l.isBlank())
              .toList();
      return new Refusal(p.exitValue(), lines);
    } finally {
      p.destroyForcibly();
    }
  }

  private static List<Path> filesUnder(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(f -> !f.equals(dir)).toList();
    }
  }
}
