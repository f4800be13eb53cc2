package io.mezzo.master.registry;

import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.MesosJson;
import io.mezzo.master.maintenance.Maintenance;
import io.mezzo.master.state.StateStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The store operations that turn one stored {@link Registry} into another. Pure. */
final class RegistryDiff {
  private RegistryDiff() {}

  /** What {@code next} changed since its {@link Registry#origin()}: O(changes). */
  static List<StateStore.Op> delta(Registry next) {
    List<StateStore.Op> ops = new ArrayList<>();
    if (next.changedMeta()) {
      ops.add(meta(next));
    }
    for (String id : next.changedAgents()) {
      ops.add(agent(next, id));
    }
    for (String id : next.changedFrameworks()) {
      ops.add(framework(next, id));
    }
    return ops;
  }

  /**
   * Every difference between {@code from} and {@code to}, compared entry by entry: O(n), for a
   * registry not made from the stored one. The meta document comes first, always.
   */
  static List<StateStore.Op> full(Registry from, Registry to) {
    List<StateStore.Op> ops = new ArrayList<>();
    ops.add(meta(to));
    for (Registry.AdmittedAgent a : to.agents()) {
      String id = a.info().id().value();
      Registry.AdmittedAgent before = from.agent(a.info().id()).orElse(null);
      if (!a.equals(before) || from.agentOrdinal(id) != to.agentOrdinal(id)) {
        ops.add(agent(to, id));
      }
    }
    for (Registry.AdmittedAgent a : from.agents()) {
      if (to.agent(a.info().id()).isEmpty()) {
        ops.add(new StateStore.Delete(RegistryStore.agentDocument(a.info().id().value())));
      }
    }
    for (Registry.KnownFramework f : to.frameworks()) {
      String id = f.info().id().value();
      Registry.KnownFramework before = from.framework(f.info().id()).orElse(null);
      if (!Objects.equals(f, before) || from.frameworkOrdinal(id) != to.frameworkOrdinal(id)) {
        ops.add(framework(to, id));
      }
    }
    for (Registry.KnownFramework f : from.frameworks()) {
      if (to.framework(f.info().id()).isEmpty()) {
        ops.add(new StateStore.Delete(RegistryStore.frameworkDocument(f.info().id().value())));
      }
    }
    return ops;
  }

  private static StateStore.Op meta(Registry r) {
    RegistryDocument d =
        new RegistryDocument(
            r.nextFrameworkSeq(),
            r.nextAgentSeq(),
            List.of(),
            List.of(),
            r.weights(),
            r.agentControls(),
            r.quotas(),
            r.maintenance().equals(Maintenance.NONE) ? null : r.maintenance());
    return new StateStore.Put(RegistryStore.META, MesosJson.write(d));
  }

  private static StateStore.Op agent(Registry r, String id) {
    String name = RegistryStore.agentDocument(id);
    long ordinal = r.agentOrdinal(id);
    if (ordinal < 0) {
      return new StateStore.Delete(name);
    }
    Registry.AdmittedAgent a = r.agent(new AgentId(id)).orElseThrow();
    return new StateStore.Put(name, MesosJson.write(new RegistryStore.StoredAgent(ordinal, a)));
  }

  private static StateStore.Op framework(Registry r, String id) {
    String name = RegistryStore.frameworkDocument(id);
    long ordinal = r.frameworkOrdinal(id);
    if (ordinal < 0) {
      return new StateStore.Delete(name);
    }
    Registry.KnownFramework f = r.framework(new FrameworkId(id)).orElseThrow();
    return new StateStore.Put(name, MesosJson.write(new RegistryStore.StoredFramework(ordinal, f)));
  }
}
