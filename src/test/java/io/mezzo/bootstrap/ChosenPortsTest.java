package io.mezzo.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.common.MapBackedConfigSource;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Port 0 for the HTTP listeners becomes one real free port, the same on every read. */
class ChosenPortsTest {
  private static SmallRyeConfig config(Map<String, String> values) {
    return new SmallRyeConfigBuilder()
        .withInterceptors(new ChosenPorts())
        .withSources(new MapBackedConfigSource("test", values, 100) {})
        .build();
  }

  @Test
  void portZeroBecomesAFreePortReadTheSameEveryTime() throws Exception {
    SmallRyeConfig c = config(Map.of("quarkus.http.ssl-port", "0", "quarkus.http.port", "0"));
    int ssl = c.getValue("quarkus.http.ssl-port", Integer.class);
    assertThat(ssl).isPositive();
    assertThat(c.getValue("quarkus.http.ssl-port", Integer.class)).isEqualTo(ssl);
    // Another config in the same JVM (Quarkus builds several) reads the same port.
    assertThat(
            config(Map.of("quarkus.http.ssl-port", "0"))
                .getValue("quarkus.http.ssl-port", Integer.class))
        .isEqualTo(ssl);
    int http = c.getValue("quarkus.http.port", Integer.class);
    assertThat(http).isPositive().isNotEqualTo(ssl);
    try (ServerSocket s = new ServerSocket(ssl)) {
      assertThat(s.getLocalPort()).as("the chosen port was free").isEqualTo(ssl);
    }
  }

  @Test
  void otherPortsAndKeysAreLeftAsGiven() {
    SmallRyeConfig c =
        config(
            Map.of(
                "quarkus.http.port", "5050",
                "quarkus.http.test-port", "0",
                "mezzo.something", "0"));
    assertThat(c.getValue("quarkus.http.port", Integer.class)).isEqualTo(5050);
    assertThat(c.getValue("quarkus.http.test-port", Integer.class)).isZero();
    assertThat(c.getValue("mezzo.something", String.class)).isEqualTo("0");
  }
}
