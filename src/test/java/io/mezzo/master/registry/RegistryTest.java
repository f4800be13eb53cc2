package io.mezzo.master.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.AgentInfo;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.MesosJson;
import org.junit.jupiter.api.Test;

class RegistryTest {
  private static FrameworkInfo fw(String id) {
    return FrameworkInfo.builder().user("u").name(id).id(new FrameworkId(id)).build();
  }

  @Test
  void lookingUpNoIdFindsNothing() {
    assertThat(Registry.empty().agent(null)).isEmpty();
    assertThat(Registry.empty().framework(null)).isEmpty();
    assertThat(Registry.empty().agentControl(null)).isEqualTo(AgentControl.NONE);
  }

  @Test
  void roundTripsThroughJson() {
    Registry r =
        Registry.empty()
            .withNextAgentSeq(3)
            .withNextFrameworkSeq(7)
            .withAgent(
                new Registry.AdmittedAgent(
                    new AgentInfo("h", 5051, null, null, new AgentId("a")),
                    "http://h:5051",
                    Registry.AgentState.UNREACHABLE,
                    42L))
            .withFramework(new Registry.KnownFramework(fw("f"), false));
    assertThat(MesosJson.read(MesosJson.write(r), Registry.class)).isEqualTo(r);
  }

  @Test
  void anAgentsDynamicReservationsRoundTripAndSurviveAStateChange() {
    io.mezzo.api.v1.Resource reserved =
        io.mezzo.api.v1.ResourceMapping.toWire(
                io.mezzo.core.resources.Reservations.reserve(
                    io.mezzo.core.resources.Resources.parse("cpus:1"),
                    io.mezzo.core.resources.Resources.builder()
                        .add(
                            io.mezzo.core.resources.ResourceKey.of(
                                "cpus",
                                io.mezzo.core.resources.ReservationStack.of(
                                    java.util.List.of(
                                        io.mezzo.core.resources.Reservation.dynamic(
                                            "eng", "alice")))),
                            io.mezzo.core.resources.ResourceValue.Scalar.of(1))
                        .build()),
                null,
                true)
            .get(0);
    Registry.AdmittedAgent agent =
        new Registry.AdmittedAgent(
                new AgentInfo("h", 5051, null, null, new AgentId("a")),
                "http://h:5051",
                Registry.AgentState.ADMITTED,
                null)
            .withCheckpointedResources(java.util.List.of(reserved));
    Registry r = Registry.empty().withAgent(agent);
    Registry back = MesosJson.read(MesosJson.write(r), Registry.class);
    assertThat(back).isEqualTo(r);
    assertThat(back.agent(new AgentId("a")).orElseThrow().checkpointedResources())
        .containsExactly(reserved);
    assertThat(agent.withState(Registry.AgentState.UNREACHABLE, 1L).checkpointedResources())
        .containsExactly(reserved);
  }

  @Test
  void replacingAnAgentKeepsOneEntry() {
    AgentInfo info = new AgentInfo("h", 5051, null, null, new AgentId("a"));
    Registry r =
        Registry.empty()
            .withAgent(new Registry.AdmittedAgent(info, null, Registry.AgentState.ADMITTED, null))
            .withAgent(new Registry.AdmittedAgent(info, null, Registry.AgentState.GONE, null));
    assertThat(r.agents()).hasSize(1);
    assertThat(r.agent(new AgentId("a")).orElseThrow().state()).isEqualTo(Registry.AgentState.GONE);
  }

  @Test
  void pruningDropsOnlyTheOldestRemovedFrameworks() {
    Registry r =
        Registry.empty()
            .withFramework(new Registry.KnownFramework(fw("old"), true))
            .withFramework(new Registry.KnownFramework(fw("live"), false))
            .withFramework(new Registry.KnownFramework(fw("newer"), true))
            .pruneRemoved(1);
    assertThat(r.frameworks())
        .extracting(f -> f.info().id().value())
        .containsExactly("live", "newer");
  }
}
