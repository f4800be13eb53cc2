package io.mezzo.agent.isolator.disk;

import static io.mezzo.agent.isolator.IsolatorTestBed.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mezzo.agent.containerizer.ContainerConfig;
import io.mezzo.agent.containerizer.Termination;
import io.mezzo.agent.isolator.IsolatorTestBed;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.TaskStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code disk/du} on real sandboxes with real {@code du}. */
class DiskUsageIsolatorTest {
  @TempDir Path work;
  private IsolatorTestBed bed;

  @AfterEach
  void tearDown() throws Exception {
    bed.close();
  }

  private void start(boolean enforce) {
    bed = new IsolatorTestBed(work);
    bed.start(
        List.of(new DiskUsageIsolator(bed.timers, enforce, Duration.ofMillis(150), bed.blocking)));
  }

  @Test
  void aTaskWritingPastItsDiskIsKilledWithTheDiskReason() throws Exception {
    start(true);
    ContainerConfig filler =
        bed.config(
            "filler",
            "dd if=/dev/zero of=fill bs=1M count=8 2>/dev/null; sleep 60",
            Resource.scalar("disk", 2));

    get(bed.containerizer.launch(filler));
    Termination t = get(bed.containerizer.wait(filler.containerId())).orElseThrow();

    assertThat(t.limitation().reason())
        .isEqualTo(TaskStatus.Reason.REASON_CONTAINER_LIMITATION_DISK);
    assertThat(t.message()).matches("Disk usage \\(\\d+(\\.\\d)? MB\\) exceeds quota \\(2 MB\\)");
    assertThat(t.limitation().resources()).containsExactly(Resource.scalar("disk", 2));
  }

  @Test
  void withoutEnforcementTheUsageIsOnlyReported() throws Exception {
    start(false);
    ContainerConfig filler =
        bed.config(
            "filler",
            "dd if=/dev/zero of=fill bs=1M count=4 2>/dev/null; sleep 60",
            Resource.scalar("disk", 1));
    get(bed.containerizer.launch(filler));

    await()
        .atMost(IsolatorTestBed.WAIT)
        .until(
            () -> {
              Long used = get(bed.containerizer.usage(filler.containerId())).diskUsedBytes();
              return used != null && used >= 4L << 20;
            });
    assertThat(get(bed.containerizer.containers())).contains(filler.containerId());
    assertThat(get(bed.containerizer.usage(filler.containerId())).diskLimitBytes())
        .isEqualTo(1L << 20);
  }
}
