package io.mezzo.master.registry;

import io.mezzo.api.v1.MesosJson;
import io.mezzo.master.state.DocumentKey;
import io.mezzo.master.state.StateStore;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads and writes the {@link Registry} through a {@link StateStore}, one document per agent and
 * per framework plus a small meta document (counters, weights, agent controls, quotas), so a change
 * writes only what it changed. Every write is one {@link StateStore#commit} batch fenced by the
 * document {@value #FENCE}, whose version this store claims on {@link #recover}: a deposed master's
 * batch then fails whole instead of overwriting its successor's registry. Owned by the master's
 * context; not thread-safe.
 *
 * <pre>
 *   registry.fence              claimed by each new leader; checked by every batch
 *   registry.meta               {next_framework_seq, next_agent_seq, weights, agent_controls,
 *                                quotas, maintenance}
 *   registry-agents/&lt;id&gt;        {ordinal, agent}      one per admitted agent
 *   registry-frameworks/&lt;id&gt;    {ordinal, framework}  one per known framework
 *   registry                    the single document of earlier versions; migrated, then deleted
 * </pre>
 */
public final class RegistryStore {
  static final String LEGACY = "registry";
  static final String FENCE = "registry.fence";
  static final String META = "registry.meta";
  static final String AGENTS = "registry-agents";
  static final String FRAMEWORKS = "registry-frameworks";

  /** Documents per batch when migrating, well inside one ZooKeeper transaction. */
  static final int MIGRATION_BATCH = 500;

  private final StateStore store;
  private long fenceVersion = StateStore.ABSENT;
  private boolean claimed;
  private Registry current = Registry.empty();

  public RegistryStore(StateStore store) {
    this.store = store;
  }

  /** An agent's document: its entry and its place in the admission order. */
  record StoredAgent(Long ordinal, Registry.AdmittedAgent agent) {}

  /** A framework's document. */
  record StoredFramework(Long ordinal, Registry.KnownFramework framework) {}

  /**
   * Claims the registry (a write of the fence, as Mesos's registrar writes the registry back on
   * recovery), then loads it; a registry still stored as one document is rewritten in the split
   * layout first. Without the claim a deposed master that has not yet heard of its deposition could
   * still write.
   *
   * @throws StateStore.StaleVersionException if another master claimed it between our read of the
   *     fence and our claim
   */
  public Registry recover() {
    long seen = store.read(FENCE).map(StateStore.Versioned::version).orElse(StateStore.ABSENT);
    fenceVersion = store.write(FENCE, "{}".getBytes(), seen);
    claimed = true;
    var legacy = store.read(LEGACY);
    if (legacy.isPresent()) {
      Registry whole = MesosJson.read(legacy.get().data(), Registry.class);
      migrate(whole);
      current = whole.settled();
    } else {
      current = load();
    }
    return current;
  }

  /**
   * Makes {@code next} durable, writing only what differs from the registry stored last; only then
   * may the caller act on it.
   *
   * @throws StateStore.StaleVersionException if another master claimed the registry meanwhile
   * @throws IllegalStateException before {@link #recover}
   */
  public Registry save(Registry next) {
    if (!claimed) {
      throw new IllegalStateException("the registry must be recovered before it is saved");
    }
    List<StateStore.Op> ops =
        next.origin() == current ? RegistryDiff.delta(next) : RegistryDiff.full(current, next);
    store.commit(FENCE, fenceVersion, ops);
    current = next.settled();
    return current;
  }

  public Registry current() {
    return current;
  }

  private Registry load() {
    RegistryDocument meta =
        store
            .read(META)
            .map(v -> MesosJson.read(v.data(), RegistryDocument.class))
            .orElse(
                new RegistryDocument(
                    0L, 0L, List.of(), List.of(), Map.of(), Map.of(), Map.of(), null));
    Map<Long, Registry.AdmittedAgent> agents = new TreeMap<>();
    store
        .readAll(AGENTS)
        .values()
        .forEach(
            v -> {
              StoredAgent a = MesosJson.read(v.data(), StoredAgent.class);
              agents.put(a.ordinal(), a.agent());
            });
    Map<Long, Registry.KnownFramework> frameworks = new TreeMap<>();
    store
        .readAll(FRAMEWORKS)
        .values()
        .forEach(
            v -> {
              StoredFramework f = MesosJson.read(v.data(), StoredFramework.class);
              frameworks.put(f.ordinal(), f.framework());
            });
    return Registry.loaded(meta, agents, frameworks);
  }

  /**
   * Writes every entry of the legacy document, then (last, with the meta document) deletes it. A
   * crash in between leaves the legacy document, which the next recovery migrates again; puts are
   * idempotent, so that converges.
   */
  private void migrate(Registry whole) {
    List<StateStore.Op> ops = RegistryDiff.full(Registry.empty(), whole);
    StateStore.Op meta = ops.remove(0);
    for (int from = 0; from < ops.size(); from += MIGRATION_BATCH) {
      store.commit(
          FENCE, fenceVersion, ops.subList(from, Math.min(ops.size(), from + MIGRATION_BATCH)));
    }
    store.commit(FENCE, fenceVersion, List.of(meta, new StateStore.Delete(LEGACY)));
  }

  static String agentDocument(String id) {
    return AGENTS + "/" + DocumentKey.escape(id);
  }

  static String frameworkDocument(String id) {
    return FRAMEWORKS + "/" + DocumentKey.escape(id);
  }
}
