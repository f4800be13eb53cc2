package io.mezzo.master.registry;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.AgentInfo;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.Resource;
import io.mezzo.master.maintenance.Maintenance;
import io.mezzo.master.quota.QuotaConfig;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.pcollections.HashTreePMap;
import org.pcollections.HashTreePSet;
import org.pcollections.PMap;
import org.pcollections.PSet;
import org.pcollections.TreePMap;

/**
 * What the master must not forget across a restart or failover: admitted agents (and which are
 * unreachable or gone), frameworks, id counters, role weights and quotas, and operators' agent
 * controls. Written through {@link RegistryStore} before the master announces any change it records
 * (decide → persist → announce). Tasks are not here: agents checkpoint them and report them when
 * they re-register, as in Mesos.
 *
 * <p>Immutable, and cheap to change: agents and frameworks are persistent maps keyed by id ({@link
 * OrderedEntries}), so a look-up or a {@code with…} is O(log n) at 50,000 agents. A registry made
 * by {@code with…} from another remembers that origin and which agents, frameworks and whether the
 * small "meta" part (counters, weights, controls) it changed, so {@link RegistryStore} writes only
 * those. Its JSON (the {@link RegistryDocument}) is the single document Mezzo stored before the
 * registry was split, still read to migrate it.
 */
public final class Registry {
  private static final Registry EMPTY =
      new Registry(0L, 0L, List.of(), List.of(), Map.of(), Map.of());
  private final long nextFrameworkSeq;
  private final long nextAgentSeq;
  private final OrderedEntries<AdmittedAgent> agents;
  private final OrderedEntries<KnownFramework> frameworks;

  /** The removed frameworks' ids by ordinal, oldest first, for {@link #pruneRemoved}. */
  private final TreePMap<Long, String> removed;

  private final PMap<String, Double> weights;
  private final PMap<String, AgentControl> agentControls;

  /** The roles' quotas by role; a role not here has none. */
  private final PMap<String, QuotaConfig> quotas;

  private final Maintenance maintenance;
  private final Registry origin;
  private final PSet<String> changedAgents;
  private final PSet<String> changedFrameworks;
  private final boolean changedMeta;

  /** {@link #agents()} and {@link #frameworks()}, made on first use: immutable, so cacheable. */
  private List<AdmittedAgent> agentList;

  private List<KnownFramework> frameworkList;

  public Registry(
      Long nextFrameworkSeq,
      Long nextAgentSeq,
      List<AdmittedAgent> agents,
      List<KnownFramework> frameworks,
      Map<String, Double> weights,
      Map<String, AgentControl> agentControls) {
    this(
        new RegistryDocument(
            nextFrameworkSeq, nextAgentSeq, null, null, weights, agentControls, null, null),
        OrderedEntries.of(agents, Registry::agentKey),
        OrderedEntries.of(frameworks, Registry::frameworkKey));
  }

  private Registry(
      RegistryDocument meta, OrderedEntries<AdmittedAgent> a, OrderedEntries<KnownFramework> f) {
    this(
        null,
        meta.nextFrameworkSeq() == null ? 0L : meta.nextFrameworkSeq(),
        meta.nextAgentSeq() == null ? 0L : meta.nextAgentSeq(),
        a,
        f,
        removedOf(f),
        HashTreePMap.from(meta.weights() == null ? Map.of() : meta.weights()),
        HashTreePMap.from(meta.agentControls() == null ? Map.of() : meta.agentControls()),
        HashTreePMap.from(meta.quotas() == null ? Map.of() : meta.quotas()),
        meta.maintenance() == null ? Maintenance.NONE : meta.maintenance(),
        HashTreePSet.empty(),
        HashTreePSet.empty(),
        false);
  }

  private Registry(
      Registry from,
      long nextFrameworkSeq,
      long nextAgentSeq,
      OrderedEntries<AdmittedAgent> agents,
      OrderedEntries<KnownFramework> frameworks,
      TreePMap<Long, String> removed,
      PMap<String, Double> weights,
      PMap<String, AgentControl> agentControls,
      PMap<String, QuotaConfig> quotas,
      Maintenance maintenance,
      PSet<String> changedAgents,
      PSet<String> changedFrameworks,
      boolean changedMeta) {
    this.maintenance = maintenance;
    this.nextFrameworkSeq = nextFrameworkSeq;
    this.nextAgentSeq = nextAgentSeq;
    this.agents = agents;
    this.frameworks = frameworks;
    this.removed = removed;
    this.weights = weights;
    this.agentControls = agentControls;
    this.quotas = quotas;
    this.origin = from == null ? null : from.origin == null ? from : from.origin;
    this.changedAgents = changedAgents;
    this.changedFrameworks = changedFrameworks;
    this.changedMeta = changedMeta;
  }

  public static Registry empty() {
    return EMPTY;
  }

  /**
   * A registry as {@link RegistryStore} stored it: entries at their stored ordinals, so the order
   * survives a restart.
   */
  static Registry loaded(
      RegistryDocument meta,
      Map<Long, AdmittedAgent> agentsByOrdinal,
      Map<Long, KnownFramework> frameworksByOrdinal) {
    return new Registry(
        meta,
        OrderedEntries.fromOrdinals(agentsByOrdinal, Registry::agentKey),
        OrderedEntries.fromOrdinals(frameworksByOrdinal, Registry::frameworkKey));
  }

  private static String agentKey(AdmittedAgent a) {
    return a.info().id().value();
  }

  private static String frameworkKey(KnownFramework f) {
    return f.info().id().value();
  }

  private static TreePMap<Long, String> removedOf(OrderedEntries<KnownFramework> frameworks) {
    TreePMap<Long, String> r = TreePMap.empty();
    for (Map.Entry<Long, KnownFramework> e : frameworks.byOrdinal().entrySet()) {
      if (Boolean.TRUE.equals(e.getValue().removed())) {
        r = r.plus(e.getKey(), frameworkKey(e.getValue()));
      }
    }
    return r;
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static Registry of(RegistryDocument d) {
    return new Registry(
        d,
        OrderedEntries.of(d.agents(), Registry::agentKey),
        OrderedEntries.of(d.frameworks(), Registry::frameworkKey));
  }

  @JsonValue
  RegistryDocument document() {
    Maintenance m = maintenance.equals(Maintenance.NONE) ? null : maintenance;
    return new RegistryDocument(
        nextFrameworkSeq, nextAgentSeq, agents(), frameworks(), weights, agentControls, quotas, m);
  }

  /**
   * An agent the master has admitted.
   *
   * @param secretHash the SHA-256 (hex) of the link secret handed to the agent; only its holder may
   *     re-register with this id or call for it. Null for an agent admitted before Mezzo had link
   *     secrets: its next re-registration gets one.
   * @param checkpointedResources the agent's dynamically reserved resources (refined format), the
   *     master's view that wins when the agent re-registers; null when never recorded (an agent
   *     admitted before Mezzo had dynamic reservations), so the agent's own checkpoint is taken
   */
  public record AdmittedAgent(
      AgentInfo info,
      String endpoint,
      AgentState state,
      Long unreachableSinceMillis,
      String secretHash,
      List<Resource> checkpointedResources) {
    public AdmittedAgent(
        AgentInfo info, String endpoint, AgentState state, Long unreachableSinceMillis) {
      this(info, endpoint, state, unreachableSinceMillis, null, null);
    }

    public AdmittedAgent(
        AgentInfo info,
        String endpoint,
        AgentState state,
        Long unreachableSinceMillis,
        String secretHash) {
      this(info, endpoint, state, unreachableSinceMillis, secretHash, null);
    }

    /** The same agent in another state, keeping its secret and its reservations. */
    public AdmittedAgent withState(AgentState newState, Long sinceMillis) {
      return new AdmittedAgent(
          info, endpoint, newState, sinceMillis, secretHash, checkpointedResources);
    }

    /** The same agent with other dynamically reserved resources. */
    public AdmittedAgent withCheckpointedResources(List<Resource> resources) {
      return new AdmittedAgent(
          info, endpoint, state, unreachableSinceMillis, secretHash, List.copyOf(resources));
    }
  }

  /** Durable agent states: a gone agent may never come back with its id. */
  public enum AgentState {
    ADMITTED,
    UNREACHABLE,
    GONE
  }

  /** A framework the master has given an id to. */
  public record KnownFramework(FrameworkInfo info, Boolean removed) {}

  public Long nextFrameworkSeq() {
    return nextFrameworkSeq;
  }

  public Long nextAgentSeq() {
    return nextAgentSeq;
  }

  /**
   * The admitted agents in the order they were first admitted; O(n) the first time it is asked of a
   * registry (views only: look-ups go through {@link #agent}).
   */
  public List<AdmittedAgent> agents() {
    if (agentList == null) {
      agentList = agents.asList();
    }
    return agentList;
  }

  /** The known frameworks in the order they were first known; O(n) on first use. */
  public List<KnownFramework> frameworks() {
    if (frameworkList == null) {
      frameworkList = frameworks.asList();
    }
    return frameworkList;
  }

  /** How many agents are admitted (in any state); O(1). */
  public int agentCount() {
    return agents.size();
  }

  /** How many frameworks are known; O(1). */
  public int frameworkCount() {
    return frameworks.size();
  }

  public Map<String, Double> weights() {
    return weights;
  }

  public Map<String, AgentControl> agentControls() {
    return agentControls;
  }

  /** The roles' quotas by role (Mesos 1.9+ configs); empty when no role has one. */
  public Map<String, QuotaConfig> quotas() {
    return quotas;
  }

  /** The maintenance schedule, modes and inverse offers; {@link Maintenance#NONE} when unset. */
  public Maintenance maintenance() {
    return maintenance;
  }

  /** The admitted agent, empty for an unknown id or none (a call that names no agent). */
  public Optional<AdmittedAgent> agent(AgentId id) {
    return id == null ? Optional.empty() : Optional.ofNullable(agents.get(id.value()));
  }

  /** The operator's controls of an agent; {@link AgentControl#NONE} when there are none. */
  public AgentControl agentControl(AgentId id) {
    return id == null
        ? AgentControl.NONE
        : agentControls.getOrDefault(id.value(), AgentControl.NONE);
  }

  /** The known framework, empty for an unknown id or none. */
  public Optional<KnownFramework> framework(FrameworkId id) {
    return id == null ? Optional.empty() : Optional.ofNullable(frameworks.get(id.value()));
  }

  public Registry withAgent(AdmittedAgent agent) {
    String id = agent.info().id().value();
    return entries(
        agents.with(id, agent), frameworks, removed, changedAgents.plus(id), changedFrameworks);
  }

  public Registry withFramework(KnownFramework framework) {
    String id = framework.info().id().value();
    OrderedEntries<KnownFramework> next = frameworks.with(id, framework);
    long ordinal = next.ordinal(id);
    TreePMap<Long, String> r =
        Boolean.TRUE.equals(framework.removed())
            ? removed.plus(ordinal, id)
            : removed.minus(ordinal);
    return entries(agents, next, r, changedAgents, changedFrameworks.plus(id));
  }

  /**
   * Keeps at most {@code max} removed frameworks (the oldest go first), so a long-lived cluster's
   * registry does not grow without bound; a forgotten id can then subscribe again as new.
   */
  public Registry pruneRemoved(int max) {
    OrderedEntries<KnownFramework> kept = frameworks;
    TreePMap<Long, String> left = removed;
    PSet<String> changed = changedFrameworks;
    while (left.size() > max) {
      Map.Entry<Long, String> oldest = left.firstEntry();
      kept = kept.without(oldest.getValue());
      changed = changed.plus(oldest.getValue());
      left = left.minus(oldest.getKey());
    }
    if (left == removed) {
      return this;
    }
    return entries(agents, kept, left, changedAgents, changed);
  }

  private Registry entries(
      OrderedEntries<AdmittedAgent> a,
      OrderedEntries<KnownFramework> f,
      TreePMap<Long, String> r,
      PSet<String> ca,
      PSet<String> cf) {
    return new Registry(
        this,
        nextFrameworkSeq,
        nextAgentSeq,
        a,
        f,
        r,
        weights,
        agentControls,
        quotas,
        maintenance,
        ca,
        cf,
        changedMeta);
  }

  public Registry withNextFrameworkSeq(long next) {
    return meta(next, nextAgentSeq, weights, agentControls, quotas, maintenance);
  }

  public Registry withNextAgentSeq(long next) {
    return meta(nextFrameworkSeq, next, weights, agentControls, quotas, maintenance);
  }

  /** With the agent's controls replaced; {@link AgentControl#NONE} removes them. */
  public Registry withAgentControl(AgentId id, AgentControl control) {
    PMap<String, AgentControl> next =
        control.equals(AgentControl.NONE)
            ? agentControls.minus(id.value())
            : agentControls.plus(id.value(), control);
    return meta(nextFrameworkSeq, nextAgentSeq, weights, next, quotas, maintenance);
  }

  public Registry withWeights(Map<String, Double> newWeights) {
    PMap<String, Double> w = HashTreePMap.from(newWeights);
    return meta(nextFrameworkSeq, nextAgentSeq, w, agentControls, quotas, maintenance);
  }

  /** With every role's quota replaced by {@code byRole} (a role not in it has none). */
  public Registry withQuotas(Map<String, QuotaConfig> byRole) {
    PMap<String, QuotaConfig> q = HashTreePMap.from(byRole);
    return meta(nextFrameworkSeq, nextAgentSeq, weights, agentControls, q, maintenance);
  }

  public Registry withMaintenance(Maintenance next) {
    return meta(nextFrameworkSeq, nextAgentSeq, weights, agentControls, quotas, next);
  }

  private Registry meta(
      long frameworkSeq,
      long agentSeq,
      PMap<String, Double> w,
      PMap<String, AgentControl> controls,
      PMap<String, QuotaConfig> q,
      Maintenance m) {
    return new Registry(
        this,
        frameworkSeq,
        agentSeq,
        agents,
        frameworks,
        removed,
        w,
        controls,
        q,
        m,
        changedAgents,
        changedFrameworks,
        true);
  }

  /** The registry this one was made from by {@code with…} calls, or null if it was made whole. */
  Registry origin() {
    return origin;
  }

  /** Ids of agents added or replaced since {@link #origin()}. */
  Set<String> changedAgents() {
    return changedAgents;
  }

  /** Ids of frameworks added, replaced or pruned since {@link #origin()}. */
  Set<String> changedFrameworks() {
    return changedFrameworks;
  }

  /** Whether counters, weights or controls changed since {@link #origin()}. */
  boolean changedMeta() {
    return changedMeta;
  }

  /** The same registry with no origin and no changes: what was just stored. */
  Registry settled() {
    if (origin == null && !changedMeta && changedAgents.isEmpty() && changedFrameworks.isEmpty()) {
      return this;
    }
    return new Registry(
        null,
        nextFrameworkSeq,
        nextAgentSeq,
        agents,
        frameworks,
        removed,
        weights,
        agentControls,
        quotas,
        maintenance,
        HashTreePSet.empty(),
        HashTreePSet.empty(),
        false);
  }

  /** The agent's place in the admission order (-1 if unknown), stored with its entry. */
  long agentOrdinal(String id) {
    return agents.ordinal(id);
  }

  long frameworkOrdinal(String id) {
    return frameworks.ordinal(id);
  }

  /** Same content (origin and changes are bookkeeping, not content). */
  @Override
  public boolean equals(Object o) {
    return o instanceof Registry r
        && nextFrameworkSeq == r.nextFrameworkSeq
        && nextAgentSeq == r.nextAgentSeq
        && agents().equals(r.agents())
        && frameworks().equals(r.frameworks())
        && weights.equals(r.weights)
        && agentControls.equals(r.agentControls)
        && quotas.equals(r.quotas)
        && maintenance.equals(r.maintenance);
  }

  @Override
  public int hashCode() {
    return Objects.hash(nextFrameworkSeq, nextAgentSeq, agents.size(), frameworks.size(), weights);
  }

  @Override
  public String toString() {
    return "Registry[" + agents.size() + " agent(s), " + frameworks.size() + " framework(s)]";
  }
}
