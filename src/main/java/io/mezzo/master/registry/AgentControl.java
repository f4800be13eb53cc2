package io.mezzo.master.registry;

import io.mezzo.api.v1.DrainInfo;
import io.mezzo.api.v1.DurationInfo;
import io.mezzo.api.v1.KillPolicy;
import io.mezzo.api.v1.TaskInfo;

/**
 * What an operator asked of an agent, kept across re-registrations and master restarts (Mesos keeps
 * it in its registry too): no offers while {@code deactivated}; a drain in progress or done.
 *
 * @param drainState DRAINING until the agent has no task left, then DRAINED; null when not draining
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
        policy == null || policy.gracePeriod() == null || policy.gracePeriod().nanoseconds() == null
            ? Long.MAX_VALUE
            : policy.gracePeriod().nanoseconds();
    return new KillPolicy(new DurationInfo(Math.min(own, maxGracePeriodNanos)));
  }
}
