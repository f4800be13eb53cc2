package io.mezzo.agent.containerizer;

import io.mezzo.agent.state.Paths;
import io.mezzo.agent.user.UserAccount;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.ContainerId;
import io.mezzo.api.v1.ExecutorId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.TaskInfo;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything a containerizer needs to launch (or re-attach to) one container: the task it runs, its
 * framework, and where it lives on disk ({@link Paths.Run}: sandbox and checkpoint dir). For a
 * command task the executor id is the task id. {@code user} is who the command runs as (its sandbox
 * is already theirs), or null for the agent's own user — as Mesos's {@code ContainerConfig.user}.
 */
public record ContainerConfig(
    Paths.Run run, TaskInfo task, FrameworkInfo framework, UserAccount user) {

  /** A container that runs as the agent's own user. */
  public ContainerConfig(Paths.Run run, TaskInfo task, FrameworkInfo framework) {
    this(run, task, framework, null);
  }

  public ContainerId containerId() {
    return run.containerId();
  }

  public ExecutorId executorId() {
    return run.executorId();
  }

  public AgentId agentId() {
    return run.agentId();
  }

  public Path sandbox() {
    return run.sandbox();
  }

  /** The resources the container may use: the task's (command tasks carry no executor overhead). */
  public List<Resource> resources() {
    return task.resources();
  }
}
