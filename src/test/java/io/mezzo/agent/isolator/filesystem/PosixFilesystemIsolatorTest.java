package io.mezzo.agent.isolator.filesystem;

import static io.mezzo.agent.TestTasks.volume;
import static io.mezzo.agent.isolator.IsolatorTestBed.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mezzo.agent.containerizer.ContainerConfig;
import io.mezzo.agent.isolator.IsolatorTestBed;
import io.mezzo.agent.state.Paths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** filesystem/posix links a volume into the sandbox; needs no privilege. */
class PosixFilesystemIsolatorTest {
  @TempDir Path work;
  private final ExecutorService blocking = Executors.newCachedThreadPool();

  @AfterEach
  void tearDown() {
    blocking.shutdownNow();
  }

  @Test
  void theContainerPathBecomesALinkToTheVolume() throws Exception {
    Path dir = Files.createDirectories(new Paths(work).volumeDir("eng", "v1"));
    ContainerConfig c =
        IsolatorTestBed.config(work, "t1", "true", volume("eng", "v1", "a/data", false, 1));
    Files.createDirectories(c.sandbox());

    get(new PosixFilesystemIsolator(blocking).prepare(c));

    assertThat(Files.readSymbolicLink(c.sandbox().resolve("a/data"))).isEqualTo(dir);
  }

  @Test
  void aVolumeWithoutItsDirectoryFailsThePrepareNamingIt() throws Exception {
    ContainerConfig c =
        IsolatorTestBed.config(work, "t1", "true", volume("eng", "gone", "data", false, 1));
    Files.createDirectories(c.sandbox());

    assertThatThrownBy(() -> get(new PosixFilesystemIsolator(blocking).prepare(c)))
        .hasMessageContaining("[gone:data]")
        .hasMessageContaining("no directory");
  }
}
