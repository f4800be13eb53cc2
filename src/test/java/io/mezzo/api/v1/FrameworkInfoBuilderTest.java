package io.mezzo.api.v1;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The builder is only a way to name arguments: it builds what the canonical constructor does. */
class FrameworkInfoBuilderTest {
  @Test
  void anEmptyBuilderIsAMessageWithNoFields() {
    FrameworkInfo built = FrameworkInfo.builder().build();
    assertThat(built)
        .isEqualTo(
            new FrameworkInfo(
                null, null, null, null, null, null, null, null, null, null, null, null));
    assertThat(built.failoverTimeout()).isEqualTo(0.0);
    assertThat(built.checkpoint()).isFalse();
  }

  @Test
  void everySetterLandsInItsOwnField() {
    List<FrameworkInfo.Capability> caps =
        List.of(new FrameworkInfo.Capability(FrameworkInfo.Capability.Type.MULTI_ROLE));
    Labels labels = new Labels(List.of(new Label("k", "v")));
    FrameworkInfo built =
        FrameworkInfo.builder()
            .user("u")
            .name("n")
            .id(new FrameworkId("f"))
            .failoverTimeout(5.0)
            .checkpoint(true)
            .role("r")
            .roles(List.of("a", "b"))
            .hostname("h")
            .principal("p")
            .webuiUrl("w")
            .capabilities(caps)
            .labels(labels)
            .build();
    FrameworkInfo positional =
        new FrameworkInfo(
            "u",
            "n",
            new FrameworkId("f"),
            5.0,
            true,
            "r",
            List.of("a", "b"),
            "h",
            "p",
            "w",
            caps,
            labels);
    assertThat(built).isEqualTo(positional);
    assertThat(MesosJson.read(MesosJson.writeString(built), Map.class))
        .isEqualTo(MesosJson.read(MesosJson.writeString(positional), Map.class));
  }
}
