package io.mezzo.master.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnsembleTest {
  @Test
  void entriesArePeersNumberedByPositionWithTheDefaultClientPort() {
    Ensemble e = Ensemble.parse("m1:2888:3888, m2:2888:3888,m3:2888:3888:2182", 2181);
    assertThat(e.peers())
        .containsExactly(
            new EnsemblePeer(1, "m1", 2888, 3888, 2181),
            new EnsemblePeer(2, "m2", 2888, 3888, 2181),
            new EnsemblePeer(3, "m3", 2888, 3888, 2182));
    assertThat(e.connectString()).isEqualTo("m1:2181,m2:2181,m3:2182");
    assertThat(e.quorum()).isEqualTo(2);
  }

  @Test
  void oneEntryIsAQuorumOfOne() {
    Ensemble e = Ensemble.parse("127.0.0.1:2888:3888", 2181);
    assertThat(e.quorum()).isEqualTo(1);
    assertThat(e.byHost("127.0.0.1").id()).isEqualTo(1);
  }

  @Test
  void quorumIsAStrictMajority() {
    assertThat(Ensemble.parse("a:1:2,b:1:2", 3).quorum()).isEqualTo(2);
    assertThat(Ensemble.parse("a:1:2,b:1:2,c:1:2,d:1:2,e:1:2", 3).quorum()).isEqualTo(3);
  }

  @Test
  void peersOnOneMachineNeedDistinctPorts() {
    Ensemble e = Ensemble.parse("127.0.0.1:2888:3888:2181,127.0.0.1:2889:3889:2182", 2181);
    assertThat(e.connectString()).isEqualTo("127.0.0.1:2181,127.0.0.1:2182");
    assertThatThrownBy(() -> Ensemble.parse("127.0.0.1:2888:3888,127.0.0.1:2889:3889", 2181))
        .hasMessageContaining("entry 2 '127.0.0.1:2889:3889' uses 127.0.0.1:2181 again");
    assertThatThrownBy(() -> Ensemble.parse("m1:2888:2888", 2181))
        .hasMessageContaining("uses m1:2888 again");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''|empty; expected host:peerPort:electionPort[:clientPort]",
        "m1:2888|entry 1 'm1:2888' is not host:peerPort:electionPort[:clientPort]",
        "m1:2888:3888,|entry 2 '' is not host:peerPort:electionPort[:clientPort]",
        "m1:2888:3888:2181:1|entry 1 'm1:2888:3888:2181:1' is not host",
        ":2888:3888|entry 1 ':2888:3888' has no valid host name or address",
        "m/1:2888:3888|has no valid host name or address",
        "m1:x:3888|entry 1 'm1:x:3888': peer port 'x' is not a number",
        "m1:2888:70000|entry 1 'm1:2888:70000': election port 70000 is not a port (1-65535)",
        "m1:2888:3888:0|client port 0 is not a port",
      })
  void badEntriesAreNamedWithWhatIsExpected(String text, String message) {
    assertThatThrownBy(() -> Ensemble.parse(text, 2181))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void aBadDefaultClientPortIsNamed() {
    assertThatThrownBy(() -> Ensemble.parse("m1:2888:3888", 0))
        .hasMessageContaining("mezzo.zk-client-port 0 is not a port");
  }

  @Test
  void aMasterFindsItsPeerByItsHostName() {
    Ensemble e = Ensemble.parse("m1.example:2888:3888,M2.example:2888:3888", 2181);
    assertThat(e.byHost("m2.example").id()).isEqualTo(2);
    // A pod's own name is the first label of its stable name under the headless Service.
    Ensemble k8s =
        Ensemble.parse(
            "mezzo-master-0.mezzo-master-headless:2888:3888,"
                + "mezzo-master-1.mezzo-master-headless:2888:3888",
            2181);
    assertThat(k8s.byHost("mezzo-master-1").id()).isEqualTo(2);
    assertThat(k8s.byHost("mezzo-master-1.mezzo-master-headless.mezzo.svc.cluster.local").id())
        .isEqualTo(2);
  }

  @Test
  void addressesAreMatchedWhole() {
    Ensemble e = Ensemble.parse("127.0.0.1:2888:3888,127.0.0.2:2888:3888", 2181);
    assertThat(e.byHost("127.0.0.2").id()).isEqualTo(2);
    assertThatThrownBy(() -> e.byHost("127.0.0.3"))
        .hasMessageContaining("no entry names this master's host '127.0.0.3'")
        .hasMessageContaining("mezzo.zk-id");
  }

  @Test
  void severalEntriesOnThisHostNeedAnExplicitId() {
    Ensemble e = Ensemble.parse("127.0.0.1:2888:3888:2181,127.0.0.1:2889:3889:2182", 2181);
    assertThatThrownBy(() -> e.byHost("127.0.0.1"))
        .hasMessageContaining("entries 1, 2 all name this master's host '127.0.0.1'")
        .hasMessageContaining("set mezzo.zk-id");
    assertThat(e.byId(2).clientPort()).isEqualTo(2182);
  }

  @Test
  void anIdOutsideTheEnsembleIsRefused() {
    Ensemble e = Ensemble.parse("m1:2888:3888,m2:2888:3888,m3:2888:3888", 2181);
    assertThatThrownBy(() -> e.byId(0)).hasMessageContaining("expected 1 to 3");
    assertThatThrownBy(() -> e.byId(4)).hasMessageContaining("expected 1 to 3");
  }

  @Test
  void loopbackEntriesListenOnLoopbackOnly() {
    assertThat(new EnsemblePeer(1, "127.0.0.1", 1, 2, 3).loopback()).isTrue();
    assertThat(new EnsemblePeer(1, "localhost", 1, 2, 3).loopback()).isTrue();
    assertThat(new EnsemblePeer(1, "m1", 1, 2, 3).loopback()).isFalse();
  }
}
