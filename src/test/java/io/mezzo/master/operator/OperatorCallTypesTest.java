package io.mezzo.master.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.api.v1.master.Call;
import io.mezzo.api.v1.master.Response;
import io.mezzo.master.CallResult;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.mesos.v1.master.Protos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The master's operator call types against the official 1.11 enums, and what Mezzo answers. */
class OperatorCallTypesTest {
  private static List<String> official(Enum<?>[] values) {
    // protobuf-java adds UNRECOGNIZED only for proto3 enums; the 1.11 protos are proto2.
    return Arrays.stream(values).map(Enum::name).filter(n -> !n.equals("UNRECOGNIZED")).toList();
  }

  @Test
  void everyCallTypeOfMesos111IsKnownByItsName() {
    assertThat(Arrays.stream(Call.Type.values()).map(Enum::name).toList())
        .containsExactlyInAnyOrderElementsOf(official(Protos.Call.Type.values()));
  }

  @Test
  void everyResponseTypeOfMesos111IsKnownByItsName() {
    assertThat(Arrays.stream(Response.Type.values()).map(Enum::name).toList())
        .containsExactlyInAnyOrderElementsOf(official(Protos.Response.Type.values()));
  }

  @Test
  void everyTypeButUnknownIsEitherSupportedOrNotBuilt() {
    Set<Call.Type> overlap = EnumSet.copyOf(OperatorCalls.SUPPORTED);
    overlap.retainAll(OperatorCalls.NOT_BUILT.keySet());
    assertThat(overlap).isEmpty();

    Set<Call.Type> all = EnumSet.copyOf(OperatorCalls.SUPPORTED);
    all.addAll(OperatorCalls.NOT_BUILT.keySet());
    assertThat(all).isEqualTo(EnumSet.complementOf(EnumSet.of(Call.Type.UNKNOWN)));
  }

  @ParameterizedTest
  @EnumSource(
      value = Call.Type.class,
      names = {
        "GET_LOGGING_LEVEL",
        "SET_LOGGING_LEVEL",
        "GET_OPERATIONS",
        "GET_WEIGHTS",
        "GET_QUOTA",
        "UPDATE_QUOTA",
        "SET_QUOTA",
        "REMOVE_QUOTA",
        "GET_MAINTENANCE_SCHEDULE",
        "GET_MAINTENANCE_STATUS",
        "UPDATE_MAINTENANCE_SCHEDULE",
        "START_MAINTENANCE",
        "STOP_MAINTENANCE"
      })
  void theCallsOfThisIssueAreSupported(Call.Type type) {
    assertThat(OperatorCalls.SUPPORTED).contains(type);
    assertThat(OperatorCalls.problem(Call.of(type))).isEmpty();
  }

  @Test
  void aCallNotBuiltAnswers501WithItsReason() {
    for (var e : OperatorCalls.NOT_BUILT.entrySet()) {
      CallResult r = OperatorCalls.problem(Call.of(e.getKey())).orElseThrow();
      assertThat(r.status()).as(e.getKey().name()).isEqualTo(501);
      assertThat(r.message()).isEqualTo(e.getValue()).startsWith(e.getKey().name() + " ");
    }
  }

  @Test
  void theTenancyChangesAreAllBuilt() {
    assertThat(OperatorCalls.SUPPORTED)
        .contains(
            Call.Type.UPDATE_WEIGHTS,
            Call.Type.UPDATE_QUOTA,
            Call.Type.SET_QUOTA,
            Call.Type.REMOVE_QUOTA,
            Call.Type.UPDATE_MAINTENANCE_SCHEDULE,
            Call.Type.START_MAINTENANCE,
            Call.Type.STOP_MAINTENANCE,
            Call.Type.RESERVE_RESOURCES,
            Call.Type.UNRESERVE_RESOURCES);
    assertThat(OperatorCalls.NOT_BUILT)
        .doesNotContainKeys(
            Call.Type.UPDATE_WEIGHTS,
            Call.Type.UPDATE_QUOTA,
            Call.Type.START_MAINTENANCE,
            Call.Type.RESERVE_RESOURCES,
            Call.Type.UNRESERVE_RESOURCES,
            Call.Type.CREATE_VOLUMES,
            Call.Type.DESTROY_VOLUMES,
            Call.Type.GROW_VOLUME,
            Call.Type.SHRINK_VOLUME);
    // Every operator call of Mesos 1.11 is built.
    assertThat(OperatorCalls.NOT_BUILT).isEmpty();
  }

  @Test
  void unknownAndMissingTypesAreRefusedBeforeAnyHandler() {
    assertThat(OperatorCalls.problem(Call.of(Call.Type.UNKNOWN)).orElseThrow().status())
        .isEqualTo(501);
    CallResult none = OperatorCalls.problem(Call.of(null)).orElseThrow();
    assertThat(none.status()).isEqualTo(400);
    assertThat(none.message()).contains("'type'");
  }
}
