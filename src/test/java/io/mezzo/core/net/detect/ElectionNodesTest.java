package io.mezzo.core.net.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ElectionNodesTest {
  @Test
  void theLowestSequenceLeadsAndOtherNodesDoNotContend() {
    assertThat(
            ElectionNodes.contenders(
                List.of(
                    "json.info_0000000012",
                    "info_0000000001",
                    "json.info_0000000003",
                    "json.info_x",
                    "lock")))
        .containsExactly("json.info_0000000003", "json.info_0000000012");
  }

  @Test
  void readsTheAddressAsTheMastersOwnRedirectNamesIt() {
    String mesos =
        "{\"id\":\"m1\",\"ip\":16777343,\"port\":5050,\"hostname\":\"master-1\","
            + "\"address\":{\"hostname\":\"master-1\",\"ip\":\"127.0.0.1\",\"port\":5050}}";
    assertThat(ElectionNodes.address(bytes(mesos), "http"))
        .contains(URI.create("http://master-1:5050"));
    assertThat(
            ElectionNodes.address(
                bytes("{\"port\":5443,\"address\":{\"ip\":\"10.0.0.7\"}}"), "https"))
        .contains(URI.create("https://10.0.0.7:5443"));
  }

  @Test
  void unusableDataNamesNoMaster() {
    assertThat(ElectionNodes.address(bytes("not json"), "http")).isEmpty();
    assertThat(ElectionNodes.address(bytes("[1]"), "http")).isEmpty();
    assertThat(ElectionNodes.address(bytes("{\"hostname\":\"m\"}"), "http")).isEmpty();
    assertThat(ElectionNodes.address(bytes("{\"port\":5050}"), "http")).isEmpty();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
