package io.mezzo.master.operator;

import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.TaskId;
import io.mezzo.master.MasterState;
import io.mezzo.master.registry.AgentEntry;
import io.mezzo.master.registry.FrameworkEntry;
import io.mezzo.master.registry.TaskEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which agent holds a sandbox path, so the master can proxy {@code /files/*}, LIST_FILES and
 * READ_FILE to it (the browser only needs to reach the master). Tried in order:
 *
 * <ol>
 *   <li>an explicit agent id (the {@code agent_id} query parameter);
 *   <li>a {@code slaves/<agent_id>/} part of the path (the sandbox's real path, Mesos layout);
 *   <li>a {@code frameworks/<framework_id>/executors/<executor_id>} part (the virtual path {@code
 *       /frameworks/<fid>/executors/<eid>/runs/latest}): the agent of the task with that id, since
 *       a command task's executor id is its task id.
 * </ol>
 *
 * Nothing here decides whether the path is allowed: the agent checks that it lies inside a sandbox.
 * Pure; run on the master's context.
 */
public final class SandboxOwner {
  private SandboxOwner() {}

  /** The agent to ask, where to reach it, and whether it can answer now. */
  public record Owner(AgentId agentId, String endpoint, AgentEntry.State state) {}

  public static Optional<Owner> find(MasterState s, String path, String agentIdHint) {
    if (agentIdHint != null && !agentIdHint.isBlank()) {
      return owner(s, new AgentId(agentIdHint));
    }
    if (path == null) {
      return Optional.empty();
    }
    List<String> parts = new ArrayList<>();
    for (String p : path.split("/")) {
      if (!p.isEmpty()) {
        parts.add(p);
      }
    }
    for (int i = 0; i + 1 < parts.size(); i++) {
      if (parts.get(i).equals("slaves")) {
        Optional<Owner> o = owner(s, new AgentId(parts.get(i + 1)));
        if (o.isPresent()) {
          return o;
        }
      }
    }
    for (int i = 0; i + 3 < parts.size(); i++) {
      if (parts.get(i).equals("frameworks") && parts.get(i + 2).equals("executors")) {
        Optional<AgentId> agent =
            agentOfTask(s, new FrameworkId(parts.get(i + 1)), new TaskId(parts.get(i + 3)));
        if (agent.isPresent()) {
          return owner(s, agent.get());
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<Owner> owner(MasterState s, AgentId id) {
    AgentEntry a = s.agents().get(id);
    return a == null ? Optional.empty() : Optional.of(new Owner(a.id(), a.endpoint(), a.state()));
  }

  private static Optional<AgentId> agentOfTask(MasterState s, FrameworkId fid, TaskId tid) {
    TaskEntry.TaskKey key = new TaskEntry.TaskKey(fid, tid);
    FrameworkEntry fw = s.frameworks().get(fid);
    if (fw == null) {
      fw =
          s.completedFrameworks().stream().filter(f -> f.id().equals(fid)).findFirst().orElse(null);
    }
    if (fw == null) {
      return Optional.empty();
    }
    TaskEntry live = fw.tasks().get(key);
    if (live != null) {
      return Optional.of(live.agentId());
    }
    // The most recent completed run of that id (ids may be reused once a task ended).
    List<TaskEntry> done = new ArrayList<>(fw.completedTasks());
    for (int i = done.size() - 1; i >= 0; i--) {
      if (done.get(i).taskId().equals(tid)) {
        return Optional.of(done.get(i).agentId());
      }
    }
    return Optional.empty();
  }
}
