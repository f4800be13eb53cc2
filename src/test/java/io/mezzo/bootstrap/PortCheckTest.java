package io.mezzo.bootstrap;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class PortCheckTest {
  @Test
  void aPortSomeoneListensOnIsRefusedNamingThePortAndTheKey() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      assertThatThrownBy(() -> PortCheck.requireFree("127.0.0.1", port))
          .isInstanceOf(StartupRefusal.class)
          .hasMessage(
              "quarkus.http.port=%d: port %d on 127.0.0.1 is already in use by another process;"
                  + " stop it or set quarkus.http.port to a free port",
              port, port);
      // Listening on all addresses collides with the loopback listener too.
      assertThatThrownBy(() -> PortCheck.requireFree("0.0.0.0", port))
          .hasMessageStartingWith("quarkus.http.port=" + port);
    }
  }

  @Test
  void aFreePortAndPortZeroPass() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    assertThatCode(() -> PortCheck.requireFree("127.0.0.1", port)).doesNotThrowAnyException();
    assertThatCode(() -> PortCheck.requireFree("127.0.0.1", 0)).doesNotThrowAnyException();
  }

  @Test
  void anAddressThisMachineDoesNotHaveIsRefusedNamingTheHostKey() {
    // 192.0.2.0/24 is TEST-NET-1, never assigned to a real interface.
    assertThatThrownBy(() -> PortCheck.requireFree("192.0.2.1", 5050))
        .isInstanceOf(StartupRefusal.class)
        .hasMessageStartingWith("quarkus.http.host=192.0.2.1: this machine has no such address");
    assertThatThrownBy(() -> PortCheck.requireFree("no-such-host.invalid", 5050))
        .hasMessageStartingWith("quarkus.http.host=no-such-host.invalid: no such host");
  }
}
