package io.mezzo.master.registry;

import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.AgentInfo;
import io.mezzo.api.v1.DrainInfo;
import io.mezzo.api.v1.DurationInfo;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.KillPolicy;
import io.mezzo.api.v1.TaskInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the master must not forget across a restart or failover: admitted agents (and which are
 * unreachable or gone), frameworks, id counters, role weights and operators' agent controls.
 * Written whole through {@link RegistryStore} before the master announces any change it records
 * (decide → persist → announce). Tasks are not here: agents checkpoint them and report them when
 * they re-register, as in Mesos.
 */
public record Registry(
    Long nextFrameworkSeq,
    Long nextAgentSeq,
    List<AdmittedAgent> agents,
    List<KnownFramework> frameworks,
    Map<String, Double> weights,
    Map<String, AgentControl> agentControls) {

  public Registry {
    nextFrameworkSeq = nextFrameworkSeq == null ? 0L : nextFrameworkSeq;
    nextAgentSeq = nextAgentSeq == null ? 0L : nextAgentSeq;
    agents = agents == null ? List.of() : List.copyOf(agents);
    frameworks = frameworks == null ? List.of() : List.copyOf(frameworks);
    weights = weights == null ? Map.of() : Map.copyOf(weights);
    agentControls = agentControls == null ? Map.of() : Map.copyOf(agentControls);
  }

  public static Registry empty() {
    return new Registry(0L, 0L, List.of(), List.of(), Map.of(), Map.of());
  }

  /**
   * An agent the master has admitted.
   *
   * @param secretHash the SHA-256 (hex) of the link secret handed to the agent; only its holder may
   *     re-register with this id or call for it. Null for an agent admitted before Mezzo had link
   *     secrets: its next re-registration gets one.
   */
  public record AdmittedAgent(
      AgentInfo info,
      String endpoint,
      AgentState state,
      Long unreachableSinceMillis,
      String secretHash) {
    public AdmittedAgent(
        AgentInfo info, String endpoint, AgentState state, Long unreachableSinceMillis) {
      this(info, endpoint, state, unreachableSinceMillis, null);
    }

    /** The same agent in another state, keeping its secret. */
    public AdmittedAgent withState(AgentState newState, Long sinceMillis) {
      return new AdmittedAgent(info, endpoint, newState, sinceMillis, secretHash);
    }
  }

  /** Durable agent states: a gone agent may never come back with its id. */
  public enum AgentState {
    ADMITTED,
    UNREACHABLE,
    GONE
  }

  /**
   * What an operator asked of an agent, kept across re-registrations and master restarts (Mesos
   * keeps it in its registry too): no offers while {@code deactivated}; a drain in progress or
   * done.
   *
   * @param drainState DRAINING until the agent has no task left, then DRAINED; null when not
   *     draining
   * @param maxGracePeriodNanos the longest kill grace period of the drain; null for the tasks' own
   * @param markGone mark the agent gone once it is drained
   */
  public record AgentControl(
      Boolean deactivated,
      DrainInfo.DrainState drainState,
      Long maxGracePeriodNanos,
      Boolean markGone) {
    public static final AgentControl NONE = new AgentControl(false, null, null, false);

    public boolean stopsOffers() {
      return Boolean.TRUE.equals(deactivated);
    }

    public boolean draining() {
      return drainState == DrainInfo.DrainState.DRAINING;
    }

    /**
     * The kill policy a drain sends for {@code task}: the task's own grace period, capped at the
     * drain's {@code max_grace_period} when one was given (DRAIN_AGENT and a draining agent's
     * re-registration send the same).
     */
    public KillPolicy drainKillPolicy(TaskInfo task) {
      KillPolicy policy = task.killPolicy();
      if (maxGracePeriodNanos == null) {
        return policy;
      }
      long own =
          policy == null
                  || policy.gracePeriod() == null
                  || policy.gracePeriod().nanoseconds() == null
              ? Long.MAX_VALUE
              : policy.gracePeriod().nanoseconds();
      return new KillPolicy(new DurationInfo(Math.min(own, maxGracePeriodNanos)));
    }
  }

  /** A framework the master has given an id to. */
  public record KnownFramework(FrameworkInfo info, Boolean removed) {}

  public Optional<AdmittedAgent> agent(AgentId id) {
    return agents.stream().filter(a -> a.info().id().equals(id)).findFirst();
  }

  /** The operator's controls of an agent; {@link AgentControl#NONE} when there are none. */
  public AgentControl agentControl(AgentId id) {
    return agentControls.getOrDefault(id.value(), AgentControl.NONE);
  }

  public Optional<KnownFramework> framework(FrameworkId id) {
    return frameworks.stream().filter(f -> f.info().id().equals(id)).findFirst();
  }

  public Registry withAgent(AdmittedAgent agent) {
    Map<AgentId, AdmittedAgent> byId = new LinkedHashMap<>();
    agents.forEach(a -> byId.put(a.info().id(), a));
    byId.put(agent.info().id(), agent);
    return new Registry(
        nextFrameworkSeq,
        nextAgentSeq,
        new ArrayList<>(byId.values()),
        frameworks,
        weights,
        agentControls);
  }

  public Registry withFramework(KnownFramework framework) {
    Map<FrameworkId, KnownFramework> byId = new LinkedHashMap<>();
    frameworks.forEach(f -> byId.put(f.info().id(), f));
    byId.put(framework.info().id(), framework);
    return new Registry(
        nextFrameworkSeq,
        nextAgentSeq,
        agents,
        new ArrayList<>(byId.values()),
        weights,
        agentControls);
  }

  /**
   * Keeps at most {@code max} removed frameworks (the oldest go first), so a long-lived cluster's
   * registry does not grow without bound; a forgotten id can then subscribe again as new.
   */
  public Registry pruneRemoved(int max) {
    long removed = frameworks.stream().filter(f -> Boolean.TRUE.equals(f.removed())).count();
    if (removed <= max) {
      return this;
    }
    List<KnownFramework> kept = new ArrayList<>();
    long toDrop = removed - max;
    for (KnownFramework f : frameworks) {
      if (toDrop > 0 && Boolean.TRUE.equals(f.removed())) {
        toDrop--;
        continue;
      }
      kept.add(f);
    }
    return new Registry(nextFrameworkSeq, nextAgentSeq, agents, kept, weights, agentControls);
  }

  public Registry withNextFrameworkSeq(long next) {
    return new Registry(next, nextAgentSeq, agents, frameworks, weights, agentControls);
  }

  public Registry withNextAgentSeq(long next) {
    return new Registry(nextFrameworkSeq, next, agents, frameworks, weights, agentControls);
  }

  /** With the agent's controls replaced; {@link AgentControl#NONE} removes them. */
  public Registry withAgentControl(AgentId id, AgentControl control) {
    Map<String, AgentControl> next = new LinkedHashMap<>(agentControls);
    if (control.equals(AgentControl.NONE)) {
      next.remove(id.value());
    } else {
      next.put(id.value(), control);
    }
    return new Registry(nextFrameworkSeq, nextAgentSeq, agents, frameworks, weights, next);
  }

  public Registry withWeights(Map<String, Double> newWeights) {
    return new Registry(
        nextFrameworkSeq, nextAgentSeq, agents, frameworks, newWeights, agentControls);
  }
}
