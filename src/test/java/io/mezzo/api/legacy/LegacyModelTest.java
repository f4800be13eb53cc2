package io.mezzo.api.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mezzo.api.v1.Attribute;
import io.mezzo.api.v1.Value;
import io.mezzo.core.resources.Resources;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The flat resource and attribute models of Mesos's legacy JSON. */
class LegacyModelTest {
  @Test
  void resourcesAreAFlatModelWithTheFourScalarsAlwaysPresent() {
    ObjectNode m =
        LegacyModel.resources(Resources.parse("mem:512;ports:[31000-31005,31007-32000]"));
    assertThat(m.get("cpus").asDouble()).isZero();
    assertThat(m.get("gpus").asDouble()).isZero();
    assertThat(m.get("disk").asDouble()).isZero();
    assertThat(m.get("mem").asDouble()).isEqualTo(512.0);
    assertThat(m.get("ports").asText()).isEqualTo("[31000-31005, 31007-32000]");
  }

  @Test
  void scalarsOfAllRolesAddUpAndReservationsAreGroupedByRole() {
    Resources r = Resources.parse("cpus:2;cpus(eng):1.5;zones:{a,b}");
    assertThat(LegacyModel.resources(r).get("cpus").asDouble()).isEqualTo(3.5);
    assertThat(LegacyModel.resources(r).get("zones").asText()).isEqualTo("{a, b}");
    ObjectNode reserved = LegacyModel.reservedByRole(r);
    assertThat(reserved.get("eng").get("cpus").asDouble()).isEqualTo(1.5);
    assertThat(reserved.has("*")).isFalse();
  }

  @Test
  void attributesAreFlat() {
    ObjectNode a =
        LegacyModel.attributes(
            List.of(
                new Attribute("rack", Value.Type.TEXT, null, null, null, new Value.Text("a")),
                new Attribute("level", Value.Type.SCALAR, new Value.Scalar(10.0), null, null, null),
                new Attribute(
                    "ports",
                    Value.Type.RANGES,
                    null,
                    new Value.Ranges(List.of(new Value.Range(1L, 2L))),
                    null,
                    null)));
    assertThat(a.get("rack").asText()).isEqualTo("a");
    assertThat(a.get("level").asDouble()).isEqualTo(10.0);
    assertThat(a.get("ports").asText()).isEqualTo("[1-2]");
  }
}
