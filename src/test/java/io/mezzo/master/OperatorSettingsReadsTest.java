package io.mezzo.master;

import static io.mezzo.master.MasterHarness.get;
import static io.mezzo.testing.ProtoOracle.Schema.MASTER_RESPONSE;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import io.mezzo.api.v1.DurationInfo;
import io.mezzo.api.v1.MesosJson;
import io.mezzo.api.v1.master.Call;
import io.mezzo.api.v1.master.Response;
import io.mezzo.api.wire.WireCodec;
import io.mezzo.core.time.ManualTimers;
import io.mezzo.master.allocator.AllocatorConfig;
import io.mezzo.master.allocator.HierarchicalDrfAllocator;
import io.mezzo.master.registry.Registry;
import io.mezzo.master.registry.RegistryStore;
import io.mezzo.master.state.InMemoryStateStore;
import io.mezzo.ops.LoggingLevel;
import io.mezzo.testing.ProtoOracle;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.mesos.v1.Protos.WeightInfo;
import org.apache.mesos.v1.master.Protos;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The operator reads of the master's settings (logging level, weights, quota, maintenance,
 * operations) through a master built from constructors: each answers 200 with the body Mesos 1.11
 * answers, in JSON the official protos accept and as exactly the official message.
 */
class OperatorSettingsReadsTest {
  private final ManualTimers timers = new ManualTimers();
  private final InMemoryStateStore store = new InMemoryStateStore();
  private Master master;

  @AfterEach
  void stop() throws Exception {
    // Let a raised level revert: the io.mezzo log category is the JVM's.
    timers.advance(Duration.ofDays(1));
    master.close();
  }

  private void startMaster() {
    master =
        new Master(
            MasterConfig.defaults(),
            "m1",
            store,
            new HierarchicalDrfAllocator(AllocatorConfig.defaults(), new SplittableRandom(7)),
            timers,
            new LoggingLevel(timers));
    get(master.start());
  }

  private CallResult call(Call call) {
    return get(master.operatorCall(call));
  }

  /** Answers {@code type} with 200 and checks the body against the protos both ways. */
  private Response read(Call.Type type, Message expected) {
    CallResult r = call(Call.of(type));
    assertThat(r.status()).as(r.message()).isEqualTo(200);
    Response response = (Response) r.body();
    assertThat(response.type().name()).isEqualTo(type.name());
    ProtoOracle.check(MASTER_RESPONSE, MesosJson.writeString(response));
    assertThat(WireCodec.toMessage(response)).isEqualTo(expected);
    return response;
  }

  private static Protos.Response.Builder response(Protos.Response.Type type) {
    return Protos.Response.newBuilder().setType(type);
  }

  @Test
  void weightsAreTheConfiguredOnesByRole() {
    Registry withWeights =
        new Registry(0L, 0L, List.of(), List.of(), Map.of("web", 2.5, "batch", 0.5), Map.of());
    RegistryStore registry = new RegistryStore(store);
    registry.recover();
    registry.save(withWeights);
    startMaster();

    read(
        Call.Type.GET_WEIGHTS,
        response(Protos.Response.Type.GET_WEIGHTS)
            .setGetWeights(
                Protos.Response.GetWeights.newBuilder()
                    .addWeightInfos(WeightInfo.newBuilder().setRole("batch").setWeight(0.5))
                    .addWeightInfos(WeightInfo.newBuilder().setRole("web").setWeight(2.5)))
            .build());
  }

  @Test
  void withoutWeightsTheListIsEmptyAsMesosPrintsIt() {
    startMaster();

    Response r =
        read(
            Call.Type.GET_WEIGHTS,
            response(Protos.Response.Type.GET_WEIGHTS)
                .setGetWeights(Protos.Response.GetWeights.getDefaultInstance())
                .build());

    assertThat(MesosJson.writeString(r)).isEqualTo("{\"type\":\"GET_WEIGHTS\",\"get_weights\":{}}");
  }

  @Test
  void noRoleHasQuota() {
    startMaster();

    Response r =
        read(
            Call.Type.GET_QUOTA,
            response(Protos.Response.Type.GET_QUOTA)
                .setGetQuota(
                    Protos.Response.GetQuota.newBuilder()
                        .setStatus(
                            org.apache.mesos.v1.quota.Protos.QuotaStatus.getDefaultInstance()))
                .build());

    assertThat(MesosJson.writeString(r))
        .isEqualTo("{\"type\":\"GET_QUOTA\",\"get_quota\":{\"status\":{}}}");
  }

  @Test
  void theMaintenanceScheduleAndStatusAreEmpty() {
    startMaster();

    read(
        Call.Type.GET_MAINTENANCE_SCHEDULE,
        response(Protos.Response.Type.GET_MAINTENANCE_SCHEDULE)
            .setGetMaintenanceSchedule(
                Protos.Response.GetMaintenanceSchedule.newBuilder()
                    .setSchedule(
                        org.apache.mesos.v1.maintenance.Protos.Schedule.getDefaultInstance()))
            .build());
    read(
        Call.Type.GET_MAINTENANCE_STATUS,
        response(Protos.Response.Type.GET_MAINTENANCE_STATUS)
            .setGetMaintenanceStatus(
                Protos.Response.GetMaintenanceStatus.newBuilder()
                    .setStatus(
                        org.apache.mesos.v1.maintenance.Protos.ClusterStatus.getDefaultInstance()))
            .build());
  }

  @Test
  void noOperationsAreListed() {
    startMaster();

    read(
        Call.Type.GET_OPERATIONS,
        response(Protos.Response.Type.GET_OPERATIONS)
            .setGetOperations(Protos.Response.GetOperations.getDefaultInstance())
            .build());
  }

  @Test
  void theLoggingLevelIsSetForADurationAndReadBack() {
    startMaster();
    read(
        Call.Type.GET_LOGGING_LEVEL,
        response(Protos.Response.Type.GET_LOGGING_LEVEL)
            .setGetLoggingLevel(Protos.Response.GetLoggingLevel.newBuilder().setLevel(0))
            .build());

    CallResult set = call(Call.setLoggingLevel(1, DurationInfo.of(Duration.ofMinutes(1))));

    assertThat(set.status()).as(set.message()).isEqualTo(200);
    assertThat(set.body()).isNull();
    read(
        Call.Type.GET_LOGGING_LEVEL,
        response(Protos.Response.Type.GET_LOGGING_LEVEL)
            .setGetLoggingLevel(Protos.Response.GetLoggingLevel.newBuilder().setLevel(1))
            .build());
    timers.advance(Duration.ofMinutes(1));
    assertThat(((Response) call(Call.of(Call.Type.GET_LOGGING_LEVEL)).body()).getLoggingLevel())
        .isEqualTo(new Response.GetLoggingLevel(0));
  }

  @Test
  void setLoggingLevelAsTheOfficialProtobufCallIsDecodedAndRun() {
    startMaster();
    byte[] official =
        org.apache.mesos.v1.master.Protos.Call.newBuilder()
            .setType(Protos.Call.Type.SET_LOGGING_LEVEL)
            .setSetLoggingLevel(
                Protos.Call.SetLoggingLevel.newBuilder()
                    .setLevel(3)
                    .setDuration(
                        org.apache.mesos.v1.Protos.DurationInfo.newBuilder()
                            .setNanoseconds(5_000_000_000L)))
            .build()
            .toByteArray();

    Call decoded = WireCodec.decode(official, Call.class);

    assertThat(decoded.setLoggingLevel())
        .isEqualTo(new Call.SetLoggingLevel(3, new DurationInfo(5_000_000_000L)));
    assertThat(call(decoded).status()).isEqualTo(200);
    assertThat(((Response) call(Call.of(Call.Type.GET_LOGGING_LEVEL)).body()).getLoggingLevel())
        .isEqualTo(new Response.GetLoggingLevel(3));
  }

  @Test
  void aMasterBuiltWithoutTheNodesLoggingLevelReadsZeroAndRefusesToSet() {
    master =
        new Master(
            MasterConfig.defaults(),
            "m2",
            store,
            new HierarchicalDrfAllocator(AllocatorConfig.defaults(), new SplittableRandom(7)),
            timers);
    get(master.start());

    assertThat(((Response) call(Call.of(Call.Type.GET_LOGGING_LEVEL)).body()).getLoggingLevel())
        .isEqualTo(new Response.GetLoggingLevel(0));
    CallResult set = call(Call.setLoggingLevel(1, DurationInfo.of(Duration.ofSeconds(1))));
    assertThat(set.status()).isEqualTo(501);
    assertThat(set.message()).contains("not wired");
  }

  @Test
  void anUpdateQuotaWithoutConfigsIs400() {
    startMaster();

    CallResult r = call(Call.of(Call.Type.UPDATE_QUOTA));

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.message()).contains("quota_configs");
  }
}
