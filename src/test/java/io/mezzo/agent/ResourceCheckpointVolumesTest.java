package io.mezzo.agent;

import static io.mezzo.agent.TestTasks.volume;
import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.agent.state.Paths;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.Resource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each CHECKPOINT_RESOURCES brings the volume directories in line with it (real files). */
class ResourceCheckpointVolumesTest {
  private static final AgentId AID = AgentId.of("a-S0");
  private static final Resource V1 = volume("eng", "v1", "data", false, 10);
  private static final Resource V2 = volume("eng/ml", "v2", "data", false, 10);

  @TempDir Path work;

  @Test
  void aVolumeDroppedFromTheCheckpointLosesItsDirectoryAndTheOthersKeepTheirs() throws Exception {
    Paths paths = new Paths(work);
    ResourceCheckpoint checkpoint = new ResourceCheckpoint(paths);

    checkpoint.write(AID, List.of(V1, V2));
    assertThat(paths.volumeDir("eng", "v1")).isDirectory();
    assertThat(paths.volumeDir("eng/ml", "v2")).isDirectory();
    Files.writeString(paths.volumeDir("eng/ml", "v2").resolve("f"), "kept");
    Files.writeString(paths.volumeDir("eng", "v1").resolve("f"), "gone");

    checkpoint.write(AID, List.of(V2));

    assertThat(paths.volumeDir("eng", "v1")).doesNotExist();
    assertThat(paths.volumeDir("eng/ml", "v2").resolve("f")).hasContent("kept");
    assertThat(checkpoint.read(AID)).hasSize(1);
  }

  @Test
  void anUnreadablePreviousCheckpointDeletesNothing() throws Exception {
    Paths paths = new Paths(work);
    ResourceCheckpoint checkpoint = new ResourceCheckpoint(paths);
    checkpoint.write(AID, List.of(V1));
    Files.writeString(paths.checkpointedResourcesFile(AID), "[{\"name\":\"disk\"}]");

    checkpoint.write(AID, List.of());

    assertThat(paths.volumeDir("eng", "v1")).isDirectory();
  }
}
