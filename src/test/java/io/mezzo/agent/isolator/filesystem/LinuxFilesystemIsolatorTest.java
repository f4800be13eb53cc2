package io.mezzo.agent.isolator.filesystem;

import static io.mezzo.agent.TestTasks.volume;
import static io.mezzo.agent.isolator.IsolatorTestBed.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mezzo.agent.containerizer.ContainerConfig;
import io.mezzo.agent.isolator.IsolatorTestBed;
import io.mezzo.agent.mount.MountTable;
import io.mezzo.agent.mount.Mounts;
import io.mezzo.agent.state.Paths;
import io.mezzo.api.v1.ContainerId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mounts of filesystem/linux across an agent restart (real bind mounts; needs root). */
class LinuxFilesystemIsolatorTest {
  @TempDir Path tmp;
  private Path work;
  private Paths paths;
  private final ExecutorService blocking = Executors.newCachedThreadPool();
  private ContainerConfig config;
  private Path target;

  @BeforeEach
  void setUp() throws Exception {
    assumeTrue(
        LinuxFilesystemIsolator.problem().isEmpty(),
        () -> "skipped: " + LinuxFilesystemIsolator.problem().get());
    work = tmp.toRealPath();
    paths = new Paths(work);
    Files.createDirectories(paths.volumeDir("eng", "v1"));
    config = IsolatorTestBed.config(work, "t1", "true", volume("eng", "v1", "a/data", false, 1));
    Files.createDirectories(config.sandbox());
    target = config.sandbox().resolve("a/data");
  }

  @AfterEach
  void tearDown() throws Exception {
    if (target != null) {
      Mounts.unmount(target);
    }
    blocking.shutdownNow();
  }

  private LinuxFilesystemIsolator isolator() {
    return new LinuxFilesystemIsolator(paths, blocking);
  }

  @Test
  void aRestartedAgentUnmountsTheVolumesOfContainersItDidNotRecover() throws Exception {
    get(isolator().prepare(config));
    assertThat(MountTable.read()).contains(target);

    get(isolator().recover(List.of(), Set.of()));

    assertThat(MountTable.read()).doesNotContain(target);
  }

  @Test
  void aRecoveredContainerKeepsItsMountsUntilItsCleanup() throws Exception {
    get(isolator().prepare(config));
    LinuxFilesystemIsolator restarted = isolator();

    get(restarted.recover(List.of(config), Set.of()));
    assertThat(MountTable.read()).contains(target);

    get(restarted.cleanup(config.containerId()));
    assertThat(MountTable.read()).doesNotContain(target);
    get(restarted.cleanup(config.containerId()));
    get(restarted.cleanup(ContainerId.of("unknown")));
  }
}
