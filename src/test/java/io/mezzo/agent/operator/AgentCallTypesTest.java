package io.mezzo.agent.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.api.v1.ContainerId;
import io.mezzo.api.v1.DurationInfo;
import io.mezzo.api.v1.agent.Call;
import io.mezzo.api.v1.agent.Response;
import io.mezzo.api.wire.WireCodec;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.mesos.v1.agent.Protos;
import org.junit.jupiter.api.Test;

/**
 * Mezzo's agent call types are exactly those of the official 1.11 protos, each either implemented
 * or refused with a reason, and the response types it answers exist in the protos.
 */
class AgentCallTypesTest {

  private static Set<String> official() {
    return Arrays.stream(Protos.Call.Type.values()).map(Enum::name).collect(Collectors.toSet());
  }

  @Test
  void everyOfficialCallTypeIsInMezzosEnumAndNoOther() {
    Set<String> mezzo =
        Arrays.stream(Call.Type.values()).map(Enum::name).collect(Collectors.toSet());

    assertThat(mezzo).isEqualTo(official());
  }

  @Test
  void everyTypeButUnknownIsEitherSupportedOrNotBuiltNeverBoth() {
    for (Call.Type t : Call.Type.values()) {
      boolean supported = AgentOperatorCalls.SUPPORTED.contains(t);
      boolean notBuilt = AgentOperatorCalls.NOT_BUILT.containsKey(t);
      if (t == Call.Type.UNKNOWN) {
        assertThat(supported || notBuilt).as("UNKNOWN is in neither").isFalse();
      } else {
        assertThat(supported ^ notBuilt).as(t + " is in exactly one of them").isTrue();
      }
    }
  }

  @Test
  void theCallsOfThisSliceAreSupported() {
    assertThat(AgentOperatorCalls.SUPPORTED)
        .contains(
            Call.Type.GET_LOGGING_LEVEL,
            Call.Type.SET_LOGGING_LEVEL,
            Call.Type.GET_OPERATIONS,
            Call.Type.GET_RESOURCE_PROVIDERS,
            Call.Type.WAIT_CONTAINER,
            Call.Type.KILL_CONTAINER);
  }

  @Test
  void aNotBuiltTypeAnswers501NamingItAndWhy() {
    for (var e : AgentOperatorCalls.NOT_BUILT.entrySet()) {
      var answer = AgentOperatorCalls.problem(Call.of(e.getKey())).orElseThrow();

      assertThat(answer.status()).isEqualTo(501);
      assertThat(answer.message())
          .startsWith(e.getKey() + " is not supported by Mezzo agents: ")
          .endsWith(e.getValue());
      assertThat(e.getValue()).as(e.getKey() + "'s reason").contains(":").hasSizeGreaterThan(40);
    }
  }

  @Test
  void theReasonsNameTheMissingCapability() {
    var m = AgentOperatorCalls.NOT_BUILT;
    for (Call.Type t :
        EnumSet.of(
            Call.Type.LAUNCH_NESTED_CONTAINER,
            Call.Type.WAIT_NESTED_CONTAINER,
            Call.Type.KILL_NESTED_CONTAINER,
            Call.Type.REMOVE_NESTED_CONTAINER)) {
      assertThat(m.get(t)).startsWith("nested containers");
    }
    assertThat(m.get(Call.Type.LAUNCH_NESTED_CONTAINER_SESSION)).startsWith("debug sessions");
    assertThat(m.get(Call.Type.ATTACH_CONTAINER_INPUT)).startsWith("container I/O");
    assertThat(m.get(Call.Type.ATTACH_CONTAINER_OUTPUT)).startsWith("container I/O");
    assertThat(m.get(Call.Type.LAUNCH_CONTAINER)).startsWith("standalone containers");
    assertThat(m.get(Call.Type.REMOVE_CONTAINER)).startsWith("standalone containers");
    assertThat(m.get(Call.Type.PRUNE_IMAGES)).startsWith("image garbage collection");
    for (Call.Type t :
        EnumSet.of(
            Call.Type.ADD_RESOURCE_PROVIDER_CONFIG,
            Call.Type.UPDATE_RESOURCE_PROVIDER_CONFIG,
            Call.Type.REMOVE_RESOURCE_PROVIDER_CONFIG,
            Call.Type.MARK_RESOURCE_PROVIDER_GONE)) {
      assertThat(m.get(t)).startsWith("local resource providers");
    }
  }

  @Test
  void unknownAndMissingTypesAreRefusedAsMesosDoes() {
    assertThat(AgentOperatorCalls.problem(Call.of(Call.Type.UNKNOWN)).orElseThrow().status())
        .isEqualTo(501);
    var none = AgentOperatorCalls.problem(Call.of(null)).orElseThrow();
    assertThat(none.status()).isEqualTo(400);
    assertThat(none.message()).isEqualTo("Expecting 'type' to be present");
    assertThat(AgentOperatorCalls.problem(Call.of(Call.Type.WAIT_CONTAINER))).isEmpty();
  }

  @Test
  void everyResponseTypeMezzoAnswersWithExistsInTheProtos() {
    Set<String> official =
        Arrays.stream(Protos.Response.Type.values()).map(Enum::name).collect(Collectors.toSet());
    for (Response.Type t : Response.Type.values()) {
      assertThat(official).as("mesos.v1.agent.Response.Type").contains(t.name());
    }
  }

  @Test
  void theBodiesOfTheNewCallsDecodeFromTheOfficialProtobuf() {
    var id = org.apache.mesos.v1.Protos.ContainerID.newBuilder().setValue("c1");
    byte[] kill =
        Protos.Call.newBuilder()
            .setType(Protos.Call.Type.KILL_CONTAINER)
            .setKillContainer(
                Protos.Call.KillContainer.newBuilder().setContainerId(id).setSignal(15))
            .build()
            .toByteArray();
    byte[] wait =
        Protos.Call.newBuilder()
            .setType(Protos.Call.Type.WAIT_CONTAINER)
            .setWaitContainer(Protos.Call.WaitContainer.newBuilder().setContainerId(id))
            .build()
            .toByteArray();
    byte[] level =
        Protos.Call.newBuilder()
            .setType(Protos.Call.Type.SET_LOGGING_LEVEL)
            .setSetLoggingLevel(
                Protos.Call.SetLoggingLevel.newBuilder()
                    .setLevel(1)
                    .setDuration(
                        org.apache.mesos.v1.Protos.DurationInfo.newBuilder()
                            .setNanoseconds(5_000_000_000L)))
            .build()
            .toByteArray();

    assertThat(WireCodec.decode(kill, Call.class).killContainer())
        .isEqualTo(new Call.KillContainer(ContainerId.of("c1"), 15));
    assertThat(WireCodec.decode(wait, Call.class).waitContainer())
        .isEqualTo(new Call.WaitContainer(ContainerId.of("c1")));
    assertThat(WireCodec.decode(level, Call.class).setLoggingLevel())
        .isEqualTo(new Call.SetLoggingLevel(1, new DurationInfo(5_000_000_000L)));
  }
}
