package io.mezzo.master.registry;

import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.ExecutorId;
import io.mezzo.api.v1.ExecutorInfo;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.core.resources.Resources;
import java.util.Objects;

/**
 * An executor the master knows to run on an agent for a framework: a custom executor launched with
 * a task's {@code TaskInfo.executor}, or the default executor of a task group. Its resources count
 * as used on the agent from its first launch until the agent reports it exited (or the agent or
 * framework goes). Command tasks' built-in executors have no entry, as in Mesos: their id is the
 * task's. Immutable; the agent's entry holds it.
 *
 * @param info the executor as the framework sent it, with {@code framework_id} filled in
 */
public record ExecutorEntry(
    FrameworkId frameworkId, AgentId agentId, ExecutorInfo info, Resources resources) {

  public ExecutorEntry {
    Objects.requireNonNull(frameworkId);
    Objects.requireNonNull(agentId);
    Objects.requireNonNull(info.executorId(), "an executor is booked with its id");
    Objects.requireNonNull(resources);
  }

  public ExecutorId executorId() {
    return info.executorId();
  }

  public Key key() {
    return new Key(frameworkId, info.executorId());
  }

  /** An executor id is unique per framework on one agent. */
  public record Key(FrameworkId frameworkId, ExecutorId executorId) {}
}
