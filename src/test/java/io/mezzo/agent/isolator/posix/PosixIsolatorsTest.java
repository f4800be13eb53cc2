package io.mezzo.agent.isolator.posix;

import static io.mezzo.agent.isolator.IsolatorTestBed.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mezzo.agent.containerizer.ContainerConfig;
import io.mezzo.agent.containerizer.ContainerUsage;
import io.mezzo.agent.isolator.IsolatorTestBed;
import io.mezzo.api.v1.Resource;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code posix/cpu} and {@code posix/mem}: usage from {@code /proc}, no limits. */
class PosixIsolatorsTest {
  @TempDir Path work;
  private IsolatorTestBed bed;

  @AfterEach
  void tearDown() throws Exception {
    bed.close();
  }

  @Test
  void reportCpuTimeAndResidentMemoryOfTheProcessTree() throws Exception {
    bed = new IsolatorTestBed(work);
    bed.start(
        List.of(
            new PosixCpuIsolator(Clock.systemUTC()), new PosixMemoryIsolator(Clock.systemUTC())));
    ContainerConfig c =
        bed.config(
            "spin",
            "while :; do :; done",
            Resource.scalar("cpus", 0.1),
            Resource.scalar("mem", 16));
    get(bed.containerizer.launch(c));

    await()
        .atMost(IsolatorTestBed.WAIT)
        .until(() -> get(bed.containerizer.usage(c.containerId())).cpusUserTimeSecs() > 0.1);
    ContainerUsage u = get(bed.containerizer.usage(c.containerId()));

    assertThat(u.memRssBytes()).isPositive();
    assertThat(u.processes()).isGreaterThanOrEqualTo(2); // the wrapper and the task's shell
    assertThat(u.cpusLimit()).isEqualTo(0.1);
    assertThat(u.memLimitBytes()).as("the allocation, not enforced").isEqualTo(16L << 20);
  }
}
