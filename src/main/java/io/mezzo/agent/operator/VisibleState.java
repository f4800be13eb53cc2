package io.mezzo.agent.operator;

import io.mezzo.agent.AgentSnapshot;
import io.mezzo.agent.ContainerReport;
import io.mezzo.api.v1.ExecutorId;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.security.Caller;
import io.mezzo.security.acl.Action;
import io.mezzo.security.acl.Authorizer;
import io.mezzo.security.acl.ViewFilter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of an agent's state one caller may see, as a Mesos agent filters GET_STATE,
 * GET_FRAMEWORKS, GET_EXECUTORS, GET_TASKS and {@code /state}: a framework by {@code
 * view_frameworks}, then each of its executors by {@code view_executors}, then each of their tasks
 * by {@code view_tasks}. What a hidden framework or executor holds is hidden with it, so a refused
 * caller cannot learn a task's id through its executor. Totals (resources, what is used) stay, as
 * Mesos shows them whatever the caller.
 *
 * <p>Containers (GET_CONTAINERS, {@code /containers}) are filtered by {@code view_containers} on
 * the user their executor runs as, its own command's or else its framework's.
 *
 * <p>Pure: filtering returns a new snapshot and changes nothing.
 */
public final class VisibleState {
  private VisibleState() {}

  public static AgentSnapshot of(AgentSnapshot s, ViewFilter view) {
    Map<FrameworkId, String> users = new HashMap<>();
    s.completedFrameworks().forEach(f -> users.put(f.id(), f.user()));
    List<AgentSnapshot.FrameworkView> frameworks = new ArrayList<>();
    for (AgentSnapshot.FrameworkView f : s.frameworks()) {
      String user = f.info().user();
      users.put(f.info().id(), user);
      if (!view.framework(user)) {
        continue;
      }
      List<AgentSnapshot.ExecutorView> executors = new ArrayList<>();
      for (AgentSnapshot.ExecutorView e : f.executors()) {
        if (!view.executor(e.user(), user)) {
          continue;
        }
        List<AgentSnapshot.TaskView> tasks =
            view.tasks(e.tasks(), AgentSnapshot.TaskView::user, t -> user);
        executors.add(
            new AgentSnapshot.ExecutorView(
                e.executorId(),
                e.containerId(),
                e.containerizer(),
                e.directory(),
                tasks,
                e.info()));
      }
      frameworks.add(new AgentSnapshot.FrameworkView(f.info(), executors));
    }
    List<AgentSnapshot.TaskView> completed = new ArrayList<>();
    for (AgentSnapshot.TaskView t : s.completedTasks()) {
      String user = users.get(t.frameworkId());
      if (view.framework(user) && view.task(t.user(), user)) {
        completed.add(t);
      }
    }
    List<FrameworkInfo> completedFrameworks =
        view.frameworks(s.completedFrameworks(), FrameworkInfo::user);
    return new AgentSnapshot(
        s.state(),
        s.agentId(),
        s.masterId(),
        s.hostname(),
        s.endpoint(),
        s.resources(),
        s.used(),
        s.attributes(),
        frameworks,
        completed,
        completedFrameworks,
        s.gc());
  }

  /**
   * The containers {@code caller} may see: {@code view_containers} on each one's executor user,
   * looked up in {@code s}; a container of an executor the snapshot does not hold is decided on the
   * empty user, which only an {@code ANY} or {@code NONE} entry matches.
   */
  public static List<ContainerReport> containers(
      List<ContainerReport> reports, AgentSnapshot s, Authorizer authorizer, Caller caller) {
    record Key(FrameworkId framework, ExecutorId executor) {}
    Map<Key, String> users = new HashMap<>();
    for (AgentSnapshot.FrameworkView f : s.frameworks()) {
      for (AgentSnapshot.ExecutorView e : f.executors()) {
        String own = e.user();
        users.put(
            new Key(f.info().id(), e.executorId()),
            own == null || own.isEmpty() ? f.info().user() : own);
      }
    }
    Map<String, Boolean> seen = new HashMap<>();
    List<ContainerReport> out = new ArrayList<>();
    for (ContainerReport r : reports) {
      String user = users.getOrDefault(new Key(r.frameworkId(), r.executorId()), "");
      String key = user == null ? "" : user;
      if (seen.computeIfAbsent(
          key, u -> authorizer.decide(caller, Action.VIEW_CONTAINERS, u).allowed())) {
        out.add(r);
      }
    }
    return out;
  }
}
