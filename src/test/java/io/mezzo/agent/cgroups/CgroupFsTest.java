package io.mezzo.agent.cgroups;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Mount discovery and the cgroup arithmetic, without touching the kernel. */
class CgroupFsTest {
  @TempDir Path tmp;

  @Test
  void findsV1ControllersOnSeparateOrSharedMountsAndIgnoresOtherFileSystems() {
    String mountInfo =
        """
        25 30 0:23 / /sys rw,nosuid shared:7 - sysfs sysfs rw
        32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime shared:9 - cgroup cgroup rw,cpu
        33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct
        35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,nosuid,nodev,noexec,relatime,memory
        36 31 0:33 / /sys/fs/cgroup/net_cls,net_prio rw - cgroup cgroup rw,net_cls,net_prio
        40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,xattr,name=systemd
        """;

    CgroupFs fs = CgroupFs.fromMountInfo(mountInfo);

    assertThat(fs.mountOf("cpu").orElseThrow().path()).isEqualTo(Path.of("/sys/fs/cgroup/cpu"));
    assertThat(fs.mountOf("cpuacct").orElseThrow().path())
        .isEqualTo(Path.of("/sys/fs/cgroup/cpuacct"));
    assertThat(fs.mountOf("memory").orElseThrow().controllers()).containsExactly("memory");
    assertThat(fs.mountOf("net_prio").orElseThrow().path())
        .isEqualTo(Path.of("/sys/fs/cgroup/net_cls,net_prio"));
    assertThat(fs.mountOf("pids")).isEmpty();
    assertThat(fs.problem("pids").orElseThrow())
        .startsWith("no cgroup hierarchy has the 'pids' controller");
    assertThat(fs.mounts()).hasSize(5);
  }

  @Test
  void findsCoMountedCpuAndCpuacct() {
    CgroupFs fs =
        CgroupFs.fromMountInfo(
            "32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct\n");

    assertThat(fs.mountOf("cpu")).isEqualTo(fs.mountOf("cpuacct"));
  }

  @Test
  void aV2MountOffersTheControllersItsRootLists() throws Exception {
    java.nio.file.Files.writeString(
        tmp.resolve("cgroup.controllers"), "cpuset cpu io memory pids\n");
    CgroupFs fs =
        CgroupFs.fromMountInfo("30 23 0:26 / " + tmp + " rw - cgroup2 cgroup2 rw,nsdelegate\n");

    assertThat(fs.mountOf("memory").orElseThrow().version()).isEqualTo(CgroupFs.Version.V2);
    assertThat(fs.mountOf("cpuacct")).as("v2 accounts cpu in every cgroup").isPresent();
    assertThat(fs.mountOf("hugetlb")).isEmpty();
  }

  @Test
  void aV1ControllerWinsOverTheV2MountInAHybridLayout() throws Exception {
    java.nio.file.Files.writeString(tmp.resolve("cgroup.controllers"), "");
    CgroupFs fs =
        CgroupFs.fromMountInfo(
            """
        35 31 0:32 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory
        41 31 0:38 / %s rw - cgroup2 cgroup2 rw
        """
                .formatted(tmp));

    assertThat(fs.mountOf("memory").orElseThrow().version()).isEqualTo(CgroupFs.Version.V1);
    assertThat(fs.mountOf("pids")).isEmpty();
  }

  @ParameterizedTest(name = "cpus {0} → shares {1}, v2 weight {2}, quota {3} µs")
  @CsvSource({
    "0.001, 2,      1,     1000",
    "0.1,   102,    4,     10000",
    "0.25,  256,    10,    25000",
    "1,     1024,   39,    100000",
    "2.5,   2560,   98,    250000",
    "300,   262144, 10000, 30000000"
  })
  void cpuArithmeticFollowsMesosAndRunc(double cpus, long shares, long weight, long quota) {
    assertThat(CpuControl.shares(cpus)).isEqualTo(shares);
    assertThat(CpuControl.weight(CpuControl.shares(cpus))).isEqualTo(weight);
    assertThat(CpuControl.quotaMicros(cpus)).isEqualTo(quota);
  }

  @ParameterizedTest
  @CsvSource({"0", "-1", "NaN", "Infinity"})
  void cpusMustBePositive(double cpus) {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> CpuControl.shares(cpus))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cpus must be a positive number");
  }
}
