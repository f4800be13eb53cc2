package io.mezzo.master.operator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mezzo.api.legacy.LegacyModel;
import io.mezzo.api.v1.ExecutorId;
import io.mezzo.api.v1.ExecutorInfo;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.MesosJson;
import io.mezzo.api.v1.master.Response;
import io.mezzo.core.resources.Resources;
import io.mezzo.master.MasterState;
import io.mezzo.master.registry.AgentEntry;
import io.mezzo.master.registry.ExecutorEntry;
import io.mezzo.master.registry.TaskEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * The executors the master books (custom executors and task groups' default executors; command
 * executors are the agent's, as in Mesos), as the operator API and the legacy state endpoints show
 * them. Pure functions of the master's state; run them on the master's context.
 */
public final class ExecutorViews {
  private ExecutorViews() {}

  /** GET_EXECUTORS (and GET_STATE's executors): every booked executor with its agent. */
  public static Response.GetExecutors executors(MasterState s) {
    return executors(s, Visibility.everything());
  }

  /** The booked executors {@code seen} lets its caller see. */
  public static Response.GetExecutors executors(MasterState s, Visibility seen) {
    List<Response.GetExecutors.Executor> out = new ArrayList<>();
    for (AgentEntry agent : s.agents().values()) {
      for (ExecutorEntry e : agent.executors().values()) {
        if (!seen.executor(s, e)) {
          continue;
        }
        out.add(new Response.GetExecutors.Executor(e.info(), e.agentId()));
      }
    }
    return new Response.GetExecutors(out);
  }

  /** A task's executor id: its executor's, or none for a command task (as Mesos shows it). */
  public static ExecutorId executorId(TaskEntry t) {
    ExecutorInfo executor = t.info().executor();
    return executor == null ? null : executor.executorId();
  }

  /** What the framework's executors hold, counted in its {@code used_resources}. */
  public static Resources used(MasterState s, FrameworkId framework) {
    Resources used = Resources.empty();
    for (AgentEntry agent : s.agents().values()) {
      for (ExecutorEntry e : agent.executors().values()) {
        if (e.frameworkId().equals(framework)) {
          used = used.plus(e.resources());
        }
      }
    }
    return used;
  }

  /** {@code frameworks[].executors} of state.json, in Mesos's shape. */
  public static ArrayNode legacy(MasterState s, FrameworkId framework) {
    return legacy(s, framework, Visibility.everything());
  }

  /** {@code frameworks[].executors} of state.json, those {@code seen} lets its caller see. */
  public static ArrayNode legacy(MasterState s, FrameworkId framework, Visibility seen) {
    ArrayNode out = LegacyModel.array();
    for (AgentEntry agent : s.agents().values()) {
      for (ExecutorEntry e : agent.executors().values()) {
        if (e.frameworkId().equals(framework) && seen.executor(s, e)) {
          out.add(legacy(e));
        }
      }
    }
    return out;
  }

  static ObjectNode legacy(ExecutorEntry e) {
    ExecutorInfo info = e.info();
    ObjectNode out = LegacyModel.object();
    out.put("executor_id", e.executorId().value());
    out.put("name", info.name() == null ? "" : info.name());
    out.put("framework_id", e.frameworkId().value());
    if (info.command() != null) {
      out.set("command", MesosJson.tree(info.command()));
    }
    out.set("resources", LegacyModel.resources(e.resources()));
    if (info.labels() != null) {
      out.set("labels", LegacyModel.labels(MesosJson.tree(info.labels())));
    }
    out.put("type", info.effectiveType().name());
    if (info.container() != null) {
      out.set("container", MesosJson.tree(info.container()));
    }
    out.put("slave_id", e.agentId().value());
    return out;
  }
}
