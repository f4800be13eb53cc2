package io.mezzo.master;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mezzo.api.agent.AgentEvent;
import io.mezzo.api.v1.CommandInfo;
import io.mezzo.api.v1.DiskJson;
import io.mezzo.api.v1.Filters;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.Offer;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.ResourceMapping;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.Value;
import io.mezzo.api.v1.scheduler.Call;
import io.mezzo.core.resources.PersistentVolume;
import io.mezzo.core.resources.Resources;
import io.mezzo.core.resources.Volumes;
import io.mezzo.master.registry.Registry;
import io.mezzo.master.state.InMemoryStateStore;
import io.mezzo.security.Caller;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * CREATE, DESTROY, GROW_VOLUME and SHRINK_VOLUME in ACCEPT and as operator calls, through the whole
 * offer loop of an in-process master.
 */
class VolumeOfferTest {
  private final InMemoryStateStore store = new InMemoryStateStore();
  private MasterHarness h = new MasterHarness(store);

  @AfterEach
  void close() {
    h.close();
  }

  private MasterHarness.Fw framework(String name, String role, String principal) {
    return h.subscribe(
        FrameworkInfo.builder()
            .user("root")
            .name(name)
            .role(role)
            .principal(principal)
            .failoverTimeout(0.0)
            .checkpoint(false)
            .build());
  }

  private static Resource disk(double mb, String principal, PersistentVolume volume) {
    Resource plain = ReservationOfferTest.reserved("disk", mb, "eng", principal);
    return volume == null ? plain : plain.withDisk(DiskJson.of(volume));
  }

  private static final PersistentVolume PG = new PersistentVolume("pg", "alice", "data", false);

  private static CallResult accept(MasterHarness.Fw fw, Offer offer, Call.Operation... ops) {
    return fw.call(
        Call.accept(fw.id, new Call.Accept(List.of(offer.id()), List.of(ops), new Filters(0.0))));
  }

  private static TaskInfo task(String id, Offer offer, List<Resource> resources) {
    return new TaskInfo(
        id,
        new TaskId(id),
        offer.agentId(),
        resources,
        null,
        CommandInfo.shell("true"),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  private static Resources offered(Offer offer) {
    return ResourceMapping.toCore(offer.resources());
  }

  private static Resources volumesOf(Offer offer) {
    return Volumes.of(offered(offer));
  }

  private CallResult operator(io.mezzo.api.v1.master.Call call) {
    CallResult r = MasterHarness.get(h.master.operatorCall(call, Caller.NODE));
    h.settle();
    return r;
  }

  @Test
  void aVolumeIsCreatedUsedByATaskAndOfferedBackToItsRoleWithItsData() {
    MasterHarness.Fw eng = framework("eng-fw", "eng", "alice");
    MasterHarness.Ag agent = h.registerAgent("cpus:2;mem:512;disk:1024");
    Offer first = eng.lastOffer();
    Resource volume = disk(256, "alice", PG);
    accept(
        eng,
        first,
        Call.Operation.reserve(List.of(disk(256, "alice", null))),
        Call.Operation.create(List.of(volume)));

    // The agent checkpoints the volume (it is what it creates the directory from), so does the
    // registry, and the next offer to eng holds the volume whole, with its DiskInfo.
    List<AgentEvent> checkpoints = agent.channel.ofType(AgentEvent.Type.CHECKPOINT_RESOURCES);
    Resources checkpointed =
        ResourceMapping.toCore(
            checkpoints.get(checkpoints.size() - 1).checkpointResources().resources());
    assertThat(checkpointed).isEqualTo(ResourceMapping.toCore(List.of(volume)));
    Registry.AdmittedAgent admitted =
        MasterHarness.get(h.master.inspect(s -> s.registry().current().agent(agent.id).get()));
    assertThat(ResourceMapping.toCore(admitted.checkpointedResources())).isEqualTo(checkpointed);
    h.allocate();
    Offer withVolume = eng.lastOffer();
    assertThat(volumesOf(withVolume)).isEqualTo(ResourceMapping.toCore(List.of(volume)));
    JsonNode diskInfo =
        withVolume.resources().stream()
            .filter(r -> r.disk() != null)
            .findFirst()
            .orElseThrow()
            .disk();
    assertThat(diskInfo.path("persistence").path("id").asText()).isEqualTo("pg");
    assertThat(diskInfo.path("volume").path("container_path").asText()).isEqualTo("data");
    // 1024 total: 256 became the volume, the rest stays unreserved disk.
    assertThat(offered(withVolume).unreserved())
        .isEqualTo(Resources.parse("cpus:2;mem:512;disk:768"));

    // A task that asks for part of the volume fails; one that uses it whole runs.
    accept(
        eng,
        withVolume,
        Call.Operation.launch(List.of(task("half", withVolume, List.of(disk(128, "alice", PG))))));
    assertThat(eng.lastUpdate().state()).isEqualTo(TaskState.TASK_ERROR);
    assertThat(eng.lastUpdate().message()).contains("used whole");
    h.allocate();
    Offer again = eng.lastOffer();
    accept(eng, again, Call.Operation.launch(List.of(task("t1", again, List.of(volume)))));
    assertThat(agent.launched()).extracting(t -> t.taskId().value()).containsExactly("t1");

    // While t1 runs the volume is not offered, and an operator cannot destroy it: 409.
    h.allocate();
    assertThat(volumesOf(eng.lastOffer()).isEmpty()).isTrue();
    CallResult inUse =
        operator(io.mezzo.api.v1.master.Call.destroyVolumes(agent.id, List.of(volume)));
    assertThat(inUse.status()).as(inUse.toString()).isEqualTo(409);

    // t1 ends: the volume comes back to eng, and only to eng.
    agent.update(eng, "t1", TaskState.TASK_FINISHED);
    h.settle();
    accept(eng, eng.lastOffer());
    h.allocate();
    assertThat(volumesOf(eng.lastOffer())).isEqualTo(ResourceMapping.toCore(List.of(volume)));
  }

  @Test
  void destroyGivesTheDiskBackAndGrowShrinkResizeTheVolume() {
    MasterHarness.Fw eng = framework("eng-fw", "eng", "alice");
    MasterHarness.Ag agent = h.registerAgent("cpus:2;mem:512;disk:1024");
    accept(
        eng,
        eng.lastOffer(),
        Call.Operation.reserve(List.of(disk(512, "alice", null))),
        Call.Operation.create(List.of(disk(256, "alice", PG))));
    h.allocate();
    Offer offer = eng.lastOffer();
    // Grow by 200 of the 256 reserved disk left: the volume is 456, 56 reserved stay plain.
    Call.Operation grow =
        new Call.Operation(
            Call.Operation.Type.GROW_VOLUME,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            new Call.Operation.GrowVolume(disk(256, "alice", PG), disk(200, "alice", null)),
            null);
    accept(eng, offer, grow);
    h.allocate();
    offer = eng.lastOffer();
    assertThat(volumesOf(offer)).isEqualTo(ResourceMapping.toCore(List.of(disk(456, "alice", PG))));
    Call.Operation shrink =
        new Call.Operation(
            Call.Operation.Type.SHRINK_VOLUME,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            new Call.Operation.ShrinkVolume(disk(456, "alice", PG), new Value.Scalar(400.0)));
    accept(eng, offer, shrink);
    h.allocate();
    offer = eng.lastOffer();
    assertThat(volumesOf(offer)).isEqualTo(ResourceMapping.toCore(List.of(disk(56, "alice", PG))));
    accept(eng, offer, Call.Operation.destroy(List.of(disk(56, "alice", PG))));
    h.allocate();
    offer = eng.lastOffer();
    assertThat(volumesOf(offer).isEmpty()).isTrue();
    assertThat(offered(offer).reservedTo("eng"))
        .isEqualTo(ResourceMapping.toCore(List.of(disk(512, "alice", null))));
    List<AgentEvent> checkpoints = agent.channel.ofType(AgentEvent.Type.CHECKPOINT_RESOURCES);
    assertThat(
            Volumes.of(
                    ResourceMapping.toCore(
                        checkpoints.get(checkpoints.size() - 1).checkpointResources().resources()))
                .isEmpty())
        .isTrue();
  }

  @Test
  void invalidVolumeOperationsAreDroppedAndChangeNothing() {
    MasterHarness.Fw eng = framework("eng-fw", "eng", "alice");
    MasterHarness.Ag agent = h.registerAgent("cpus:2;mem:512;disk:1024");
    accept(eng, eng.lastOffer(), Call.Operation.reserve(List.of(disk(256, "alice", null))));
    h.allocate();
    Offer offer = eng.lastOffer();
    int checkpoints = agent.channel.ofType(AgentEvent.Type.CHECKPOINT_RESOURCES).size();
    List<Call.Operation> bad =
        List.of(
            // More than reserved; another creator principal; destroying what does not exist.
            Call.Operation.create(List.of(disk(512, "alice", PG))),
            Call.Operation.create(
                List.of(disk(64, "alice", new PersistentVolume("x", "mallory", "d", false)))),
            Call.Operation.destroy(List.of(disk(64, "alice", PG))),
            // Plain disk is no volume.
            Call.Operation.create(List.of(disk(64, "alice", null))));
    for (Call.Operation op : bad) {
      accept(eng, offer, op);
      h.allocate();
      offer = eng.lastOffer();
      assertThat(volumesOf(offer).isEmpty()).as(op.toString()).isTrue();
    }
    assertThat(agent.channel.ofType(AgentEvent.Type.CHECKPOINT_RESOURCES)).hasSize(checkpoints);
    // Unreserving the disk under a volume is refused while the volume exists.
    accept(eng, offer, Call.Operation.create(List.of(disk(256, "alice", PG))));
    h.allocate();
    offer = eng.lastOffer();
    accept(eng, offer, Call.Operation.unreserve(List.of(disk(256, "alice", PG))));
    h.allocate();
    assertThat(volumesOf(eng.lastOffer()).size()).isEqualTo(1);
  }

  @Test
  void operatorsCreateAndDestroyVolumesOnUnallocatedDisk() {
    MasterHarness.Ag agent = h.registerAgent("cpus:2;mem:512;disk:1024");
    Resource plain = disk(300, "ops", null);
    Resource volume = disk(300, "ops", new PersistentVolume("logs", "ops", "logs", false));
    assertThat(
            operator(io.mezzo.api.v1.master.Call.reserveResources(agent.id, List.of(plain)))
                .status())
        .isEqualTo(202);
    CallResult created =
        operator(io.mezzo.api.v1.master.Call.createVolumes(agent.id, List.of(volume)));
    assertThat(created.status()).as(created.toString()).isEqualTo(202);
    CallResult twice =
        operator(io.mezzo.api.v1.master.Call.createVolumes(agent.id, List.of(volume)));
    assertThat(twice.status()).isEqualTo(400);
    assertThat(twice.message()).contains("already used");
    MasterHarness.Fw eng = framework("eng-fw", "eng", "alice");
    assertThat(volumesOf(eng.lastOffer())).isEqualTo(ResourceMapping.toCore(List.of(volume)));
    // The offer holding it is rescinded to make room for the destroy.
    CallResult destroyed =
        operator(io.mezzo.api.v1.master.Call.destroyVolumes(agent.id, List.of(volume)));
    assertThat(destroyed.status()).as(destroyed.toString()).isEqualTo(202);
    h.allocate();
    assertThat(volumesOf(eng.lastOffer()).isEmpty()).isTrue();
    CallResult unknown =
        operator(io.mezzo.api.v1.master.Call.destroyVolumes(agent.id, List.of(volume)));
    assertThat(unknown.status()).isEqualTo(400);
  }
}
