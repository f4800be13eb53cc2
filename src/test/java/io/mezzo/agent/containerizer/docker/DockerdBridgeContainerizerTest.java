package io.mezzo.agent.containerizer.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mezzo.agent.containerizer.ContainerConfig;
import io.mezzo.agent.containerizer.Containerizer;
import io.mezzo.agent.health.Probe;
import io.mezzo.agent.health.ProbeResult;
import io.mezzo.agent.health.ProbeTarget;
import io.mezzo.agent.health.Probes;
import io.mezzo.api.v1.CommandInfo;
import io.mezzo.api.v1.ContainerInfo;
import io.mezzo.api.v1.HealthCheck;
import io.mezzo.api.v1.Resource;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The contract again against a dockerd with its default bridge network, which lives in a network
 * namespace of the test's own; and BRIDGE networking with a port mapping from the task's ports,
 * reached from the host loopback.
 */
class DockerdBridgeContainerizerTest extends EngineContainerizerContract {
  @Override
  EngineDaemon startEngine(Path dir) throws Exception {
    return EngineDaemon.dockerInNetns(dir);
  }

  @Test
  void aBridgedTasksMappedPortAnswersOnTheHostLoopback() throws Exception {
    int hostPort = freePort();
    ContainerConfig c =
        config(
            "bridged",
            new ContainerInfo.DockerInfo(
                EngineDaemon.IMAGE,
                ContainerInfo.DockerInfo.Network.BRIDGE,
                List.of(new ContainerInfo.DockerInfo.PortMapping(hostPort, 8080, "tcp")),
                null,
                null,
                null),
            CommandInfo.shell("exec nc -ll -p 8080 -e echo hello-through-the-bridge"),
            Resource.scalar("cpus", 0.1),
            Resource.scalar("mem", 32),
            ports(hostPort, hostPort));
    assertThat(get(containerizer.launch(c))).isEqualTo(Containerizer.LaunchResult.SUCCESS);
    daemon.forwardLoopback(hostPort);

    String answer =
        await().atMost(WAIT).until(() -> read(hostPort), a -> a != null && !a.isEmpty());

    assertThat(answer.strip()).isEqualTo("hello-through-the-bridge");
  }

  @Test
  void healthProbesReachABridgedTaskInsideItsNamespaces() throws Exception {
    ContainerConfig c =
        config(
            "probed",
            new ContainerInfo.DockerInfo(
                EngineDaemon.IMAGE,
                ContainerInfo.DockerInfo.Network.BRIDGE,
                null,
                null,
                null,
                null),
            CommandInfo.shell(
                "mkdir -p /www && echo ok > /www/index.html && exec httpd -f -p 8080 -h /www"),
            Resource.scalar("cpus", 0.1),
            Resource.scalar("mem", 32));
    assertThat(get(containerizer.launch(c))).isEqualTo(Containerizer.LaunchResult.SUCCESS);
    Integer pid = get(containerizer.status(c.containerId())).executorPid();
    assertThat(pid).isNotNull();
    // Port 8080 is the container's own: nothing listens on it in the test's network namespace.
    ProbeTarget target = new ProbeTarget(c.sandbox(), java.util.Map.of(), pid, true, true);
    HealthCheck http =
        new HealthCheck(
            null,
            null,
            null,
            null,
            null,
            HealthCheck.Type.HTTP,
            null,
            new HealthCheck.Http(null, null, 8080, "/", null),
            null);
    HealthCheck tcp =
        new HealthCheck(
            null,
            null,
            null,
            null,
            null,
            HealthCheck.Type.TCP,
            null,
            null,
            new HealthCheck.Tcp(null, 8080));
    // /www exists only in the container's mount namespace.
    HealthCheck command = HealthCheck.command("test -f /www/index.html");

    for (HealthCheck check : List.of(http, tcp, command)) {
      Probe probe = Probes.of(check, target);
      ProbeResult r =
          await()
              .atMost(WAIT)
              .until(() -> get(probe.run(Duration.ofSeconds(5))), ProbeResult::healthy);
      assertThat(r.detail()).doesNotContain("failed");
    }
    ProbeResult missing =
        get(
            Probes.of(HealthCheck.command("test -f /nonexistent"), target)
                .run(Duration.ofSeconds(5)));
    assertThat(missing.healthy()).isFalse();
    assertThat(missing.exitCode()).isEqualTo(1);
  }

  private static String read(int port) {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(2000);
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException notYet) {
      return null;
    }
  }
}
