package io.mezzo.agent.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.ContainerId;
import io.mezzo.api.v1.ExecutorId;
import io.mezzo.api.v1.FrameworkId;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PathsVolumesTest {
  private final Paths paths = new Paths(Path.of("/w"));

  @Test
  void aVolumeLivesUnderItsRoleAndPersistenceId() {
    assertThat(paths.volumeDir("eng", "v1")).isEqualTo(Path.of("/w/volumes/roles/eng/v1"));
  }

  @Test
  void aHierarchicalRoleIsOneComponentSoItNeverNestsInItsParentsVolumes() {
    assertThat(paths.volumeDir("eng/ml", "v1")).isEqualTo(Path.of("/w/volumes/roles/eng%2Fml/v1"));
    assertThat(paths.volumeDir("eng/ml", "v1").startsWith(paths.volumeDir("eng", "ml"))).isFalse();
  }

  @Test
  void theEncodingIsReversibleSoDistinctRolesNeverShareADirectory() {
    assertThat(Paths.encodeRole("a%2Fb")).isEqualTo("a%252Fb");
    assertThat(Paths.encodeRole("a/b")).isEqualTo("a%2Fb");
    assertThat(Paths.encodeRole("*")).isEqualTo("*");
  }

  @Test
  void idsThatCouldEscapeAreRefused() {
    assertThatThrownBy(() -> paths.volumeDir("eng", "..")).hasMessageContaining("persistence id");
    assertThatThrownBy(() -> paths.volumeDir("..", "v1")).hasMessageContaining("role");
    assertThatThrownBy(() -> paths.volumeDir(null, "v1")).hasMessageContaining("role");
  }

  @Test
  void aRunKnowsTheVolumesOfItsWorkDirAndSoDoItsNestedRuns() {
    Paths.Run run =
        paths.run(AgentId.of("a"), FrameworkId.of("f"), ExecutorId.of("e"), ContainerId.of("c"));
    assertThat(run.volumeDir("eng", "v1")).isEqualTo(paths.volumeDir("eng", "v1"));
    assertThat(run.nested("n").volumeDir("eng", "v1")).isEqualTo(paths.volumeDir("eng", "v1"));
  }
}
