package io.mezzo.agent.containerizer.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mezzo.agent.containerizer.ContainerConfig;
import io.mezzo.agent.containerizer.Containerizer;
import io.mezzo.api.v1.CommandInfo;
import io.mezzo.api.v1.ContainerInfo;
import io.mezzo.api.v1.Resource;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
