package io.mezzo.master.operator;

import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.ExecutorId;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.master.MasterState;
import io.mezzo.master.registry.AgentEntry;
import io.mezzo.master.registry.FrameworkEntry;
import io.mezzo.master.registry.TaskEntry;
import io.mezzo.security.Caller;
import io.mezzo.security.acl.Action;
import io.mezzo.security.acl.Authorizer;
import io.mezzo.security.acl.Decision;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

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
 * The path's {@code frameworks/<fid>/executors/<eid>} part also names whose sandbox it is: the user
 * that executor runs as, which {@link #access} decides {@code access_sandboxes} on for the caller
 * before anything is proxied (the agent sees only the master's own credential, never the caller).
 * Whether the path lies inside a sandbox at all is the agent's to check. Pure; run on the master's
 * context.
 */
public final class SandboxOwner {
  private SandboxOwner() {}

  /**
   * The agent to ask, where to reach it, whether it can answer now, and whose sandbox it is.
   *
   * @param user the user the sandbox's executor runs as (its command's, else its framework's; empty
   *     when neither names one); null when the path names no framework and executor this master
   *     knows
   */
  public record Owner(AgentId agentId, String endpoint, AgentEntry.State state, String user) {
    /** An owner whose sandbox's user is not known. */
    public Owner(AgentId agentId, String endpoint, AgentEntry.State state) {
      this(agentId, endpoint, state, null);
    }

    Owner withUser(String user) {
      return new Owner(agentId, endpoint, state, user);
    }
  }

  /**
   * Whether {@code caller} may read the owner's sandbox: {@code access_sandboxes} on its user. A
   * sandbox whose user is unknown is decided for every user at once, which only an {@code ANY} or
   * {@code NONE} entry answers (else the ACLs' {@code permissive} default), so naming a path the
   * master cannot attribute opens nothing a caller could not read anyway.
   */
  public static Decision access(Authorizer authorizer, Caller caller, Owner owner, String path) {
    if (owner.user() != null) {
      return authorizer.decide(caller, Action.ACCESS_SANDBOXES, owner.user());
    }
    Decision d = authorizer.decide(caller, Action.ACCESS_SANDBOXES, null);
    return d.allowed()
        ? d
        : Decision.refused(
            d.reason()
                + " (the master knows no framework and executor for '"
                + path
                + "', so it asks for every user)");
  }

  public static Optional<Owner> find(MasterState s, String path, String agentIdHint) {
    String user = path == null ? null : user(fid -> framework(s, fid), path);
    return agent(s, path, agentIdHint).map(o -> o.withUser(user));
  }

  private static List<String> parts(String path) {
    List<String> parts = new ArrayList<>();
    for (String p : path.split("/")) {
      if (!p.isEmpty()) {
        parts.add(p);
      }
    }
    return parts;
  }

  /**
   * The user of the first {@code frameworks/<fid>/executors/<eid>} in {@code path} whose framework
   * {@code frameworks} knows (live or completed; null when unknown), or null when there is none.
   */
  static String user(Function<FrameworkId, FrameworkEntry> frameworks, String path) {
    List<String> parts = parts(path);
    for (int i = 0; i + 3 < parts.size(); i++) {
      if (parts.get(i).equals("frameworks") && parts.get(i + 2).equals("executors")) {
        FrameworkEntry fw = frameworks.apply(new FrameworkId(parts.get(i + 1)));
        if (fw != null) {
          String own = executorUser(fw, new ExecutorId(parts.get(i + 3)));
          String user = own == null || own.isEmpty() ? fw.info().user() : own;
          return user == null ? "" : user;
        }
      }
    }
    return null;
  }

  /**
   * The user an executor's own command names: a custom executor's command, or for a command task
   * (whose executor id is its task id) the task's command; null when it names none.
   */
  private static String executorUser(FrameworkEntry fw, ExecutorId eid) {
    List<TaskEntry> all = new ArrayList<>(fw.tasks().values());
    all.addAll(fw.completedTasks());
    for (TaskEntry t : all) {
      TaskInfo info = t.info();
      if (info.executor() != null && eid.equals(info.executor().executorId())) {
        return info.executor().command() == null ? null : info.executor().command().user();
      }
      if (info.executor() == null && info.taskId().value().equals(eid.value())) {
        return info.command() == null ? null : info.command().user();
      }
    }
    return null;
  }

  private static FrameworkEntry framework(MasterState s, FrameworkId fid) {
    FrameworkEntry fw = s.frameworks().get(fid);
    return fw != null
        ? fw
        : s.completedFrameworks().stream().filter(f -> f.id().equals(fid)).findFirst().orElse(null);
  }

  private static Optional<Owner> agent(MasterState s, String path, String agentIdHint) {
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
