package io.mezzo.agent.isolator.disk;

import static io.mezzo.agent.TestTasks.volume;
import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.api.v1.Resource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A persistent volume in the sandbox is not the sandbox's disk usage (real du). */
class DiskUsageVolumesTest {
  @TempDir Path sandbox;

  @Test
  void theVolumesMountPointsAreExcludedFromTheSandboxSize() throws Exception {
    Path data = Files.createDirectories(sandbox.resolve("my [data]*"));
    Files.write(data.resolve("big"), new byte[4 * 1024 * 1024]);
    Files.write(sandbox.resolve("small"), new byte[8 * 1024]);
    List<Path> excluded =
        DiskUsageIsolator.volumeMountPoints(
            sandbox,
            List.of(Resource.scalar("cpus", 1), volume("eng", "v1", "my [data]*", false, 10)));
    assertThat(excluded).containsExactly(data);

    long all = DiskUsageIsolator.du(sandbox, List.of()).orElseThrow();
    long withoutVolume = DiskUsageIsolator.du(sandbox, excluded).orElseThrow();

    assertThat(all).isGreaterThanOrEqualTo(4L * 1024 * 1024);
    assertThat(withoutVolume).isLessThan(1024L * 1024);
  }

  @Test
  void aPatternMatchesOnlyItsOwnPath() {
    assertThat(DiskUsageIsolator.literalPattern(Path.of("/s/a*b?[c]\\d")))
        .isEqualTo("/s/a\\*b\\?\\[c]\\\\d");
  }
}
