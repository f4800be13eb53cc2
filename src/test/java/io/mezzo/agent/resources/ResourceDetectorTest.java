package io.mezzo.agent.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mezzo.api.v1.Attribute;
import io.mezzo.api.v1.Value;
import io.mezzo.core.resources.Resources;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResourceDetectorTest {
  private static final long GB = 1024L * 1024 * 1024;
  private static final Path WORK = Path.of("/var/lib/mezzo");

  private static HostProbe host(int cpus, long memBytes, long diskBytes) {
    return new HostProbe() {
      @Override
      public int onlineCpus() {
        return cpus;
      }

      @Override
      public long memoryBytes() {
        return memBytes;
      }

      @Override
      public long filesystemBytes(Path dir) {
        return dir.equals(WORK) ? diskBytes : -1;
      }
    };
  }

  @Test
  void detectsEverythingTheFlagDoesNotGive() {
    AgentResources r = new ResourceDetector(host(8, 16 * GB, 100 * GB)).detect(WORK, "", "");

    assertThat(r.resources())
        .isEqualTo(Resources.parse("cpus:8;mem:15360;disk:97280;ports:[31000-32000]"));
    assertThat(r.detected()).containsExactlyInAnyOrder("cpus", "mem", "disk", "ports");
    assertThat(r.attributes().isEmpty()).isTrue();
  }

  @Test
  void theFlagOverridesPerNameWithAllItsRolesAndAddsOthers() {
    AgentResources r =
        new ResourceDetector(host(8, 16 * GB, 100 * GB))
            .detect(WORK, "cpus(eng):2;cpus:1;ports:[5000-5010];gpus:0", "rack:a;level:3");

    assertThat(r.resources())
        .isEqualTo(
            Resources.parse("cpus:1;cpus(eng):2;gpus:0;mem:15360;disk:97280;ports:[5000-5010]"));
    assertThat(r.detected()).containsExactlyInAnyOrder("mem", "disk");
    assertThat(r.attributes()).hasToString("rack:a;level:3");
  }

  @ParameterizedTest(name = "{0} GB of RAM and {1} GB of disk give mem {2} MB and disk {3} MB")
  @CsvSource({
    "2, 10, 1024, 5120",
    "1, 9, 512, 4608",
    "0, 0, 1024, 10240",
  })
  void smallMachinesKeepHalfAndUnknownOnesFallBack(
      long memGb, long diskGb, long memMb, long diskMb) {
    AgentResources r =
        new ResourceDetector(host(0, memGb * GB, diskGb * GB)).detect(WORK, null, null);

    assertThat(r.resources().scalar("mem")).isEqualTo(memMb);
    assertThat(r.resources().scalar("disk")).isEqualTo(diskMb);
    assertThat(r.resources().scalar("cpus")).isEqualTo(1.0);
  }

  @Test
  void aBadFlagIsRefusedWithTheEntryNamed() {
    ResourceDetector d = new ResourceDetector(host(1, GB, GB));
    assertThatThrownBy(() -> d.detect(WORK, "cpus:lots", "")).hasMessageContaining("cpus:lots");
    assertThatThrownBy(() -> d.detect(WORK, "", "rack")).hasMessageContaining("rack");
  }

  @Test
  void theRealHostHasCpusMemoryAndDisk() {
    HostProbe real = HostProbe.system();
    assertThat(real.onlineCpus()).isPositive();
    assertThat(real.memoryBytes()).isGreaterThan(64L * 1024 * 1024);
    assertThat(real.filesystemBytes(Path.of("/definitely/not/here"))).isPositive();
  }

  @Test
  void gpusAboveZeroAreRefusedBecauseMezzoHasNoGpuSupport() {
    ResourceDetector detector = new ResourceDetector(host(8, 16 * GB, 100 * GB));

    assertThatThrownBy(() -> detector.detect(WORK, "cpus:2;gpus:1", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "gpus:1 cannot be backed: Mezzo has no GPU support; remove gpus or declare gpus:0");
    assertThatThrownBy(() -> detector.detect(WORK, "gpus(eng):0.5", ""))
        .hasMessageStartingWith("gpus:0.5 cannot be backed");
    assertThat(detector.detect(WORK, "gpus:0", "").resources().scalar("gpus")).isZero();
  }

  @Test
  void overDeclaringCpusMemAndDiskIsAllowedAsMesosDoesButNamed() {
    ResourceDetector detector = new ResourceDetector(host(2, 4 * GB, 20 * GB));

    assertThat(detector.detect(WORK, "cpus:64;mem:1000000;disk:10", "").resources().scalar("cpus"))
        .isEqualTo(64);
    assertThat(detector.overDeclared(WORK, "cpus:64;mem:1000000;disk:30000"))
        .containsExactly(
            "cpus:64 (2 online)",
            "mem:1000000 (4096 MB of RAM)",
            "disk:30000 (20480 MB in the file system)");
    assertThat(detector.overDeclared(WORK, "cpus:2;mem:4096;disk:10")).isEmpty();
    assertThat(detector.overDeclared(WORK, "")).isEmpty();
  }

  @Test
  void countsKernelCpuLists() {
    assertThat(HostProbe.countCpuList("0-3,8,10-11\n")).isEqualTo(7);
    assertThat(HostProbe.countCpuList("0")).isEqualTo(1);
  }

  @Test
  void convertsAttributesToTheWireModel() {
    assertThat(
            AttributeMapping.toWire(
                io.mezzo.core.resources.Attributes.parse("rack:a;level:2;keys:[1-2];z:{b,a}")))
        .containsExactly(
            new Attribute("rack", Value.Type.TEXT, null, null, null, new Value.Text("a")),
            new Attribute("level", Value.Type.SCALAR, new Value.Scalar(2.0), null, null, null),
            new Attribute(
                "keys",
                Value.Type.RANGES,
                null,
                new Value.Ranges(List.of(new Value.Range(1L, 2L))),
                null,
                null),
            new Attribute("z", Value.Type.SET, null, null, new Value.Set(List.of("a", "b")), null));
  }
}
