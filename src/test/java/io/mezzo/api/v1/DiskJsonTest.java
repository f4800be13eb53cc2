package io.mezzo.api.v1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mezzo.api.wire.ProtoJson;
import io.mezzo.core.resources.ResourceKey;
import io.mezzo.core.resources.Resources;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DiskJsonTest {
  private static final String VOLUME =
      "{\"name\":\"disk\",\"type\":\"SCALAR\",\"scalar\":{\"value\":64},"
          + "\"reservations\":[{\"type\":\"DYNAMIC\",\"role\":\"eng\",\"principal\":\"ops\"}],"
          + "\"disk\":{\"persistence\":{\"id\":\"pg\",\"principal\":\"ops\"},"
          + "\"volume\":{\"mode\":\"RW\",\"container_path\":\"data\"}}}";

  private static Resources parse(String json) {
    return ResourceMapping.toCore(List.of(MesosJson.read(json, Resource.class)));
  }

  @Test
  void aVolumeParsesAndGoesBackOutAsTheOfficialProtoReadsIt() throws Exception {
    Resources r = parse(VOLUME);
    ResourceKey key = r.keyAt(0);
    assertThat(key.isVolume()).isTrue();
    assertThat(key.volume().id()).isEqualTo("pg");
    assertThat(key.volume().containerPath()).isEqualTo("data");
    assertThat(key.role()).isEqualTo("eng");

    List<Resource> wire = ResourceMapping.toWire(r, "eng", true);
    org.apache.mesos.v1.Protos.Resource.Builder proto =
        org.apache.mesos.v1.Protos.Resource.newBuilder();
    ProtoJson.merge(MesosJson.tree(wire.get(0)), proto);
    org.apache.mesos.v1.Protos.Resource parsed = proto.build();
    assertThat(parsed.getDisk().getPersistence().getId()).isEqualTo("pg");
    assertThat(parsed.getDisk().getPersistence().getPrincipal()).isEqualTo("ops");
    assertThat(parsed.getDisk().getVolume().getContainerPath()).isEqualTo("data");
    assertThat(parsed.getDisk().getVolume().getMode())
        .isEqualTo(org.apache.mesos.v1.Protos.Volume.Mode.RW);
    // And back from the proto's JSON: the same resource.
    Resource again = MesosJson.read(ProtoJson.toJson(parsed).toString(), Resource.class);
    assertThat(ResourceMapping.toCore(List.of(again))).isEqualTo(r);
  }

  @Test
  void plainDiskInfoIsPlainDisk() {
    Resources r =
        parse("{\"name\":\"disk\",\"type\":\"SCALAR\",\"scalar\":{\"value\":5},\"disk\":{}}");
    assertThat(r.keyAt(0).isVolume()).isFalse();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "\"disk\":{\"source\":{\"type\":\"PATH\"}}|disk.source",
        "\"disk\":{\"volume\":{\"mode\":\"RW\",\"container_path\":\"d\"}}|without 'disk.persistence'",
        "\"disk\":{\"persistence\":{\"id\":\"v\"}}|without 'disk.volume'",
        "\"disk\":{\"persistence\":{\"id\":\"v\"},\"volume\":{\"container_path\":\"d\"}}|mode",
        "\"disk\":{\"persistence\":{\"id\":\"v\"},\"volume\":{\"mode\":\"RW\",\"container_path\":\"/abs\"}}|relative",
        "\"disk\":{\"persistence\":{\"id\":\"v\"},\"volume\":{\"mode\":\"RW\",\"container_path\":\"d\",\"host_path\":\"/x\"}}|disk.volume.host_path",
        "\"disk\":{\"persistence\":{\"id\":\"v\",\"x\":1},\"volume\":{\"mode\":\"RW\",\"container_path\":\"d\"}}|no field 'x'",
        "\"disk\":{\"persistence\":{\"id\":\"\"},\"volume\":{\"mode\":\"RW\",\"container_path\":\"d\"}}|empty persistence id",
      })
  void whatIsNotAVolumeMezzoHonoursIsRefusedByName(String disk, String message) {
    String json =
        "{\"name\":\"disk\",\"type\":\"SCALAR\",\"scalar\":{\"value\":5},"
            + "\"reservations\":[{\"type\":\"DYNAMIC\",\"role\":\"eng\"}],"
            + disk
            + "}";
    assertThatThrownBy(() -> parse(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("resource 'disk'")
        .hasMessageContaining(message);
  }

  @Test
  void aVolumeOnUnreservedDiskOrOfAnotherResourceIsRefused() {
    String unreserved =
        VOLUME.replace(
            "\"reservations\":[{\"type\":\"DYNAMIC\",\"role\":\"eng\",\"principal\":\"ops\"}],",
            "");
    assertThatThrownBy(() -> parse(unreserved)).hasMessageContaining("unreserved disk");
    assertThatThrownBy(() -> parse(VOLUME.replace("\"disk\",\"type\"", "\"cpus\",\"type\"")))
        .hasMessageContaining("only disk");
  }
}
