package io.mezzo.agent.isolator.network;

import static io.mezzo.agent.isolator.IsolatorTestBed.get;
import static io.mezzo.agent.isolator.IsolatorTestBed.ports;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mezzo.agent.containerizer.ContainerConfig;
import io.mezzo.agent.containerizer.Termination;
import io.mezzo.agent.isolator.IsolatorTestBed;
import io.mezzo.api.v1.TaskStatus;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code network/ports} against real listening sockets (busybox {@code nc}, from busybox-static).
 */
class PortsIsolatorTest {
  private static final Path BUSYBOX = Path.of("/bin/busybox");
  @TempDir Path work;
  private IsolatorTestBed bed;

  @BeforeEach
  void setUp() {
    assumeTrue(
        Files.isExecutable(BUSYBOX),
        "needs /bin/busybox (Debian's busybox-static) to listen on a port");
    bed = new IsolatorTestBed(work);
    bed.start(List.of(new PortsIsolator(bed.timers, Duration.ofMillis(150), bed.blocking)));
  }

  @AfterEach
  void tearDown() throws Exception {
    if (bed != null) {
      bed.close();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static boolean listening(int port) {
    try (Socket s = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void aTaskListeningOnAPortItWasNotGivenIsKilledNamingThePort() throws Exception {
    int port = freePort();
    ContainerConfig c =
        bed.config("rogue", BUSYBOX + " nc -l -p " + port + " >/dev/null", ports(31000, 31001));

    get(bed.containerizer.launch(c));
    Termination t = get(bed.containerizer.wait(c.containerId())).orElseThrow();

    assertThat(t.limitation().reason()).isEqualTo(TaskStatus.Reason.REASON_CONTAINER_LIMITATION);
    assertThat(t.message())
        .isEqualTo(
            "Container listens on port(s) " + port + ", outside its allocated ports [31000-31001]");
  }

  @Test
  void aTaskListeningOnItsOwnPortKeepsRunning() throws Exception {
    int port = freePort();
    ContainerConfig c =
        bed.config("good", BUSYBOX + " nc -ll -p " + port + " -e /bin/true", ports(port, port));
    get(bed.containerizer.launch(c));
    await().atMost(IsolatorTestBed.WAIT).until(() -> listening(port));

    // Several polls pass without a limitation.
    await().pollDelay(Duration.ofMillis(700)).atMost(IsolatorTestBed.WAIT).until(() -> true);
    assertThat(get(bed.containerizer.containers())).contains(c.containerId());
  }

  @Test
  void parsesListeningSocketsOfProcNetTcp() {
    String table =
        """
          sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
           0: 0100007F:7A69 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4242 1 0 100 0 0 10 0
           1: 0100007F:7A6A 0100007F:9C40 01 00000000:00000000 00:00000000 00000000     0        0 4343 1 0 100 0 0 10 0
        """;

    List<ListeningSockets.Listen> listening = ListeningSockets.parse(table);

    assertThat(listening).containsExactly(new ListeningSockets.Listen(31337, 4242));
    assertThat(ListeningSockets.portsOf(listening, java.util.Set.of(4242L, 9L)))
        .containsExactly(31337);
    assertThat(
            ListeningSockets.outside(
                java.util.Set.of(80, 31000, 31005), List.of(new long[] {31000, 31004})))
        .containsExactly(80, 31005);
  }
}
