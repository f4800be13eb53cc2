package io.mezzo.agent.volume;

import static io.mezzo.agent.TestTasks.volume;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mezzo.agent.state.Paths;
import io.mezzo.api.v1.Resource;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class VolumeChangesTest {
  private static final Resource V1 = volume("eng", "v1", "data", false, 10);
  private static final Resource V2 = volume("eng", "v2", "logs", true, 5);
  private static final Resource RESERVED =
      Resource.scalar("cpus", 1)
          .withReservations(
              null,
              List.of(
                  new Resource.ReservationInfo(
                      Resource.ReservationInfo.Type.DYNAMIC, "eng", "p", null)),
              null);

  private static List<String> ids(List<AgentVolume> vs) {
    return vs.stream().map(AgentVolume::id).toList();
  }

  @Test
  void onlyVolumesAreReadFromACheckpointWithTheirRole() {
    List<AgentVolume> vs = AgentVolume.in(List.of(RESERVED, V1, Resource.scalar("disk", 100)));
    assertThat(vs).hasSize(1);
    assertThat(vs.get(0).role()).isEqualTo("eng");
    assertThat(vs.get(0).volume().containerPath()).isEqualTo("data");
    assertThat(vs.get(0).dir(new Paths(Path.of("/w"))))
        .isEqualTo(Path.of("/w/volumes/roles/eng/v1"));
  }

  @Test
  void aVolumeMissingFromTheNewCheckpointIsDestroyedAndTheOthersEnsured() {
    VolumeChanges c =
        VolumeChanges.between(AgentVolume.in(List.of(V1, V2)), AgentVolume.in(List.of(V2)));
    assertThat(ids(c.destroyed())).containsExactly("v1");
    assertThat(ids(c.ensure())).containsExactly("v2");
  }

  @Test
  void aNewVolumeIsEnsuredAndNothingDestroyed() {
    VolumeChanges c =
        VolumeChanges.between(AgentVolume.in(List.of(RESERVED)), AgentVolume.in(List.of(V1, V2)));
    assertThat(c.destroyed()).isEmpty();
    assertThat(ids(c.ensure())).containsExactlyInAnyOrder("v1", "v2");
  }

  @Test
  void theSameIdOfAnotherRoleIsAnotherVolume() {
    VolumeChanges c =
        VolumeChanges.between(
            AgentVolume.in(List.of(V1)),
            AgentVolume.in(List.of(volume("ops", "v1", "data", false, 10))));
    assertThat(c.destroyed()).extracting(AgentVolume::role).containsExactly("eng");
  }

  @Test
  void aVolumeWhoseModeOrPathChangedIsNotDestroyed() {
    VolumeChanges c =
        VolumeChanges.between(
            AgentVolume.in(List.of(V1)),
            AgentVolume.in(List.of(volume("eng", "v1", "other", true, 20))));
    assertThat(c.destroyed()).isEmpty();
  }

  @Test
  void anUnreadableResourceIsAnErrorNotAnEmptyList() {
    Resource bad =
        Resource.scalar("disk", 1).withDisk(new com.fasterxml.jackson.databind.node.TextNode("x"));
    assertThatThrownBy(() -> AgentVolume.in(List.of(bad)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
