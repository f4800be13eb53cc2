package io.mezzo.http.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The legacy answer rules of {@code /version} and {@code /metrics/snapshot}: JSON, or JSONP. */
class NodeInfoResourceTest {
  private static ObjectNode body() {
    return JsonNodeFactory.instance.objectNode().put("master/elected", 1.0);
  }

  @Test
  void plainJsonWithoutCallback() {
    Response r = NodeInfoResource.answer(body(), null);
    assertThat(r.getStatus()).isEqualTo(200);
    assertThat(r.getMediaType().toString()).isEqualTo("application/json");
    assertThat(r.getEntity()).isEqualTo("{\"master/elected\":1.0}");
  }

  @Test
  void jsonpWrapsTheJsonInTheCallback() {
    Response r = NodeInfoResource.answer(body(), "angular.callbacks._1");
    assertThat(r.getMediaType().toString()).isEqualTo("text/javascript");
    assertThat(r.getEntity()).isEqualTo("angular.callbacks._1({\"master/elected\":1.0});");
  }

  @Test
  void aCallbackThatIsNotANameIsRefused() {
    Response r = NodeInfoResource.answer(body(), "alert(1)");
    assertThat(r.getStatus()).isEqualTo(400);
    assertThat((String) r.getEntity()).contains("JavaScript function name");
  }

  @Test
  void aTimeoutIsAStoutDurationAndAbsentMeansNoLimit() {
    assertThat(NodeInfoResource.timeout("5secs")).contains(Duration.ofSeconds(5));
    assertThat(NodeInfoResource.timeout("100ms")).contains(Duration.ofMillis(100));
    assertThat(NodeInfoResource.timeout(null)).isEmpty();
  }

  @Test
  void aMalformedTimeoutIsRefusedNamingTheParameter() {
    assertThatThrownBy(() -> NodeInfoResource.timeout("5s"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Invalid 'timeout' query parameter: Invalid duration '5s'");
  }
}
