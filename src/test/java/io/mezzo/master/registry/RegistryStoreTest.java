package io.mezzo.master.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.AgentInfo;
import io.mezzo.api.v1.DrainInfo;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.MesosJson;
import io.mezzo.master.state.InMemoryStateStore;
import io.mezzo.master.state.StateStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RegistryStoreTest {
  private final StateStore shared = new InMemoryStateStore();

  // Found by ClusterSimulationTest (seed 102): a deposed master's write won over its successor's.
  @Test
  void aNewLeadersRecoveryFencesTheDeposedLeaderEvenBeforeTheNewOneWritesAnything() {
    RegistryStore old = new RegistryStore(shared);
    old.recover();
    old.save(Registry.empty());
    RegistryStore successor = new RegistryStore(shared);
    successor.recover();

    assertThrows(StateStore.StaleVersionException.class, () -> old.save(Registry.empty()));
    successor.save(Registry.empty());
  }

  @Test
  void recoveringAFreshStoreClaimsItToo() {
    RegistryStore first = new RegistryStore(shared);
    RegistryStore second = new RegistryStore(shared);
    first.recover();
    second.recover();

    assertThrows(StateStore.StaleVersionException.class, () -> first.save(Registry.empty()));
  }

  @Test
  void recoveryKeepsWhatWasStored() {
    RegistryStore writer = new RegistryStore(shared);
    writer.recover();
    Registry saved = writer.save(Registry.empty().withNextAgentSeq(5));
    assertEquals(saved, new RegistryStore(shared).recover());
  }

  private static Registry.AdmittedAgent agent(String id) {
    return new Registry.AdmittedAgent(
        new AgentInfo("h-" + id, 5051, null, null, new AgentId(id)),
        "http://h-" + id + ":5051",
        Registry.AgentState.ADMITTED,
        null,
        "hash-" + id);
  }

  private static Registry.KnownFramework framework(String id, boolean removed) {
    return new Registry.KnownFramework(
        FrameworkInfo.builder().user("u").name(id).id(new FrameworkId(id)).build(), removed);
  }

  /** Every batch a store was asked to commit. */
  private static final class RecordingStateStore implements StateStore {
    private final StateStore inner;
    final List<List<Op>> batches = new ArrayList<>();

    RecordingStateStore(StateStore inner) {
      this.inner = inner;
    }

    @Override
    public Optional<Versioned> read(String name) {
      return inner.read(name);
    }

    @Override
    public long write(String name, byte[] data, long expectedVersion) {
      return inner.write(name, data, expectedVersion);
    }

    @Override
    public Map<String, Versioned> readAll(String collection) {
      return inner.readAll(collection);
    }

    @Override
    public void commit(String fence, long fenceVersion, List<Op> ops) {
      inner.commit(fence, fenceVersion, ops);
      batches.add(List.copyOf(ops));
    }

    List<String> lastBatch() {
      return batches.get(batches.size() - 1).stream()
          .map(op -> (op instanceof Delete ? "-" : "+") + op.name())
          .toList();
    }
  }

  @Test
  void aChangeWritesOnlyTheEntriesAndMetaItChanged() {
    RecordingStateStore recording = new RecordingStateStore(shared);
    RegistryStore store = new RegistryStore(recording);
    Registry r = store.recover();
    for (int i = 0; i < 100; i++) {
      r = r.withAgent(agent("a" + i));
    }
    r = store.save(r.withFramework(framework("f1", false)));
    assertThat(recording.batches.get(recording.batches.size() - 1)).hasSize(101);

    r = store.save(r.withAgent(agent("a7").withState(Registry.AgentState.UNREACHABLE, 5L)));
    assertThat(recording.lastBatch()).containsExactly("+registry-agents/a7");

    r = store.save(r.withNextAgentSeq(9).withAgent(agent("new")));
    assertThat(recording.lastBatch())
        .containsExactlyInAnyOrder("+registry.meta", "+registry-agents/new");

    store.save(
        r.withFramework(framework("f2", true))
            .withFramework(framework("f1", true))
            .pruneRemoved(1));
    assertThat(recording.lastBatch())
        .containsExactlyInAnyOrder("-registry-frameworks/f1", "+registry-frameworks/f2");
    assertThat(new RegistryStore(shared).recover()).isEqualTo(store.current());
  }

  @Test
  void aRegistryNotMadeFromTheStoredOneIsWrittenAsItsDifference() {
    RecordingStateStore recording = new RecordingStateStore(shared);
    RegistryStore store = new RegistryStore(recording);
    store.recover();
    store.save(store.current().withAgent(agent("a")).withAgent(agent("b")));

    store.save(
        new Registry(0L, 0L, List.of(agent("b"), agent("c")), List.of(), Map.of(), Map.of()));

    // b moved from second to first place, so its stored ordinal is rewritten too.
    assertThat(recording.lastBatch())
        .containsExactlyInAnyOrder(
            "+registry.meta", "+registry-agents/b", "+registry-agents/c", "-registry-agents/a");
    assertThat(new RegistryStore(shared).recover().agents())
        .containsExactly(agent("b"), agent("c"));
  }

  @Test
  void aDeposedLeadersSaveChangesNothing() {
    RegistryStore old = new RegistryStore(shared);
    old.save(old.recover().withAgent(agent("kept")));
    RegistryStore successor = new RegistryStore(shared);
    successor.recover();

    assertThrows(
        StateStore.StaleVersionException.class,
        () ->
            old.save(
                old.current()
                    .withAgent(agent("deposed"))
                    .withAgent(agent("kept").withState(Registry.AgentState.GONE, 1L))
                    .withNextAgentSeq(99)));

    Registry seen = new RegistryStore(shared).recover();
    assertThat(seen.agents()).containsExactly(agent("kept"));
    assertThat(seen.nextAgentSeq()).isZero();
  }

  @Test
  void aRegistryStoredAsOneDocumentIsMigratedOnRecovery() {
    List<Registry.AdmittedAgent> agents = new ArrayList<>();
    for (int i = 0; i < 1_200; i++) { // more than one migration batch
      agents.add(agent("S" + i));
    }
    Registry whole =
        new Registry(
            7L,
            1_200L,
            agents,
            List.of(framework("f-b", false), framework("f-a", true)),
            Map.of("web", 2.0),
            Map.of("S3", new AgentControl(true, DrainInfo.DrainState.DRAINING, 5L, false)));
    shared.write(RegistryStore.LEGACY, MesosJson.write(whole), StateStore.ABSENT);

    Registry recovered = new RegistryStore(shared).recover();

    assertThat(recovered).isEqualTo(whole);
    assertThat(shared.read(RegistryStore.LEGACY)).isEmpty();
    assertThat(shared.readAll(RegistryStore.AGENTS)).hasSize(1_200);
    Registry again = new RegistryStore(shared).recover();
    assertThat(again).isEqualTo(whole);
    assertThat(again.frameworks())
        .extracting(f -> f.info().id().value())
        .containsExactly("f-b", "f-a");
  }

  @Test
  void savingBeforeRecoveringIsAProgrammingError() {
    assertThrows(
        IllegalStateException.class, () -> new RegistryStore(shared).save(Registry.empty()));
  }
}
