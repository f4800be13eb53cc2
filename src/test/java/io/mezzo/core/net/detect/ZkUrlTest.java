package io.mezzo.core.net.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ZkUrlTest {
  @Test
  void splitsHostsAndPath() {
    ZkUrl url = ZkUrl.parse("zk://a:2181,b:2182/mesos/masters");
    assertThat(url.connectString()).isEqualTo("a:2181,b:2182");
    assertThat(url.path()).isEqualTo("/mesos/masters");
    assertThat(url).hasToString("zk://a:2181,b:2182/mesos/masters");
    assertThat(ZkUrl.parse("zk://zk/mezzo").connectString()).isEqualTo("zk");
  }

  @Test
  void refusesWhatCuratorWouldRetryForEver() {
    assertThatThrownBy(() -> ZkUrl.parse("http://a:2181/x"))
        .hasMessageContaining("not a ZooKeeper");
    assertThatThrownBy(() -> ZkUrl.parse("zk://a:2181"))
        .hasMessageContaining("needs hosts and a path");
    assertThatThrownBy(() -> ZkUrl.parse("zk://a:2181/")).hasMessageContaining("needs hosts");
    assertThatThrownBy(() -> ZkUrl.parse("zk://a:2181,,b:1/x")).hasMessageContaining("host ''");
    assertThatThrownBy(() -> ZkUrl.parse("zk://a:99999/x")).hasMessageContaining("a:99999");
    assertThatThrownBy(() -> ZkUrl.parse("zk://a:zk/x")).hasMessageContaining("a:zk");
    assertThatThrownBy(() -> ZkUrl.parse("zk://jo:secret@a:2181/x"))
        .hasMessageContaining("credentials")
        .hasMessageContaining("not supported");
  }

  @Test
  void recognisesAZooKeeperFlag() {
    assertThat(ZkUrl.looksLike(" zk://a/x")).isTrue();
    assertThat(ZkUrl.looksLike("http://a:5050")).isFalse();
    assertThat(ZkUrl.looksLike(null)).isFalse();
  }
}
