package io.mezzo.core.net.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class MasterUrlsTest {
  @Test
  void parsesAListOfBases() {
    assertThat(MasterUrls.parseList(" http://a:5050, b:5051 ,https://c:443/ignored"))
        .containsExactly(
            URI.create("http://a:5050"), URI.create("http://b:5051"), URI.create("https://c:443"));
  }

  @Test
  void aZooKeeperUrlIsTheWholeValueOrNothing() {
    assertThatCode(() -> MasterUrls.validate("zk://z1:2181,z2:2181/mezzo"))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> MasterUrls.validate("zk://z1:2181"))
        .hasMessageContaining("needs hosts and a path");
    assertThatThrownBy(() -> MasterUrls.validate("http://a:5050,zk://z:2181/mezzo"))
        .hasMessageContaining("whole value");
  }

  @Test
  void refusesWhatIsNoMaster() {
    assertThatThrownBy(() -> MasterUrls.parseList(" , ")).hasMessageContaining("no master URL");
    assertThatThrownBy(() -> MasterUrls.parseList("ftp://x:21"))
        .hasMessageContaining("not an http(s)");
    assertThatThrownBy(() -> MasterUrls.parseList("http://a b")).hasMessageContaining("not a URL");
  }
}
