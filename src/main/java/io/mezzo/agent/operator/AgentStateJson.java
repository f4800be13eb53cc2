package io.mezzo.agent.operator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mezzo.agent.AgentConfig;
import io.mezzo.agent.AgentSnapshot;
import io.mezzo.agent.ContainerReport;
import io.mezzo.agent.resources.AttributeMapping;
import io.mezzo.api.legacy.LegacyModel;
import io.mezzo.api.v1.ExecutorInfo;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.MesosJson;
import io.mezzo.api.v1.VersionInfo;
import io.mezzo.core.resources.Resources;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent's legacy JSON (MESOS-API.md §6.6): {@code /slave(1)/state} and {@code
 * /slave(1)/monitor/statistics}, in Mesos's shapes ("slave" naming, flat resource models) because
 * the Mesos web UI reads them. Each executor's {@code directory} is the sandbox path {@code /files}
 * serves. Pure functions of a snapshot; any thread.
 */
public final class AgentStateJson {
  private AgentStateJson() {}

  /** {@code slave(1)@ip:port} of the agent's advertised endpoint. */
  public static String pid(AgentConfig c) {
    URI uri = URI.create(c.endpoint());
    String host = uri.getHost() == null ? c.hostname() : uri.getHost();
    return "slave(1)@" + host + ":" + c.port();
  }

  /** {@code /slave(1)/state}. */
  public static ObjectNode state(
      AgentSnapshot s, AgentConfig config, Map<String, String> flags, Instant started) {
    ObjectNode out = LegacyModel.object();
    out.put("version", VersionInfo.MESOS_VERSION);
    out.put("build_user", VersionInfo.current().buildUser());
    out.put("mezzo_version", VersionInfo.MEZZO_VERSION);
    out.put("start_time", LegacyModel.seconds(started));
    out.put("id", s.agentId() == null ? "" : s.agentId().value());
    out.put("pid", pid(config));
    out.put("hostname", config.hostname());
    out.put("port", config.port());
    out.set(
        "resources",
        LegacyModel.resources(s.resources() == null ? Resources.empty() : s.resources()));
    out.set(
        "reserved_resources",
        s.resources() == null ? LegacyModel.object() : LegacyModel.reservedByRole(s.resources()));
    out.set(
        "unreserved_resources",
        LegacyModel.resources(
            s.resources() == null ? Resources.empty() : s.resources().unreserved()));
    out.set(
        "attributes",
        s.attributes() == null
            ? LegacyModel.object()
            : LegacyModel.attributes(AttributeMapping.toWire(s.attributes())));
    if (s.masterId() != null) {
      out.put("master_id", s.masterId());
    }
    ObjectNode flagsNode = out.putObject("flags");
    flags.forEach(flagsNode::put);
    Map<FrameworkId, ObjectNode> frameworks = new LinkedHashMap<>();
    ArrayNode active = out.putArray("frameworks");
    for (AgentSnapshot.FrameworkView f : s.frameworks()) {
      ObjectNode fw = framework(f.info());
      ArrayNode executors = fw.putArray("executors");
      fw.putArray("completed_executors");
      for (AgentSnapshot.ExecutorView e : f.executors()) {
        executors.add(
            executor(
                s,
                f.info().id(),
                e.executorId().value(),
                e.containerId() == null ? null : e.containerId().value(),
                e.directory() == null ? null : e.directory().toString(),
                e.tasks(),
                false,
                e.info()));
      }
      frameworks.put(f.info().id(), fw);
      active.add(fw);
    }
    ArrayNode completedFrameworks = out.putArray("completed_frameworks");
    for (AgentSnapshot.TaskView t : s.completedTasks()) {
      ObjectNode fw = frameworks.get(t.frameworkId());
      if (fw == null) {
        fw = LegacyModel.object();
        fw.put("id", t.frameworkId().value());
        fw.put("name", "");
        fw.putArray("executors");
        fw.putArray("completed_executors");
        frameworks.put(t.frameworkId(), fw);
        completedFrameworks.add(fw);
      }
      ((ArrayNode) fw.get("completed_executors"))
          .add(
              executor(
                  s,
                  t.frameworkId(),
                  t.executorId().value(),
                  t.containerId() == null ? null : t.containerId().value(),
                  t.sandbox() == null ? null : t.sandbox().toString(),
                  List.of(t),
                  true,
                  null));
    }
    return out;
  }

  private static ObjectNode framework(FrameworkInfo info) {
    ObjectNode fw = LegacyModel.object();
    fw.put("id", info.id().value());
    fw.put("name", info.name() == null ? "" : info.name());
    fw.put("user", info.user() == null ? "" : info.user());
    fw.put("failover_timeout", info.failoverTimeout());
    fw.put("checkpoint", info.checkpoint());
    fw.put("hostname", info.hostname() == null ? "" : info.hostname());
    ArrayNode roles = fw.putArray("roles");
    info.effectiveRoles().forEach(roles::add);
    fw.put("role", info.effectiveRoles().isEmpty() ? "*" : info.effectiveRoles().get(0));
    ArrayNode caps = fw.putArray("capabilities");
    info.capabilities()
        .forEach(
            c -> {
              if (c != null && c.type() != null) {
                caps.add(c.type().name());
              }
            });
    return fw;
  }

  private static ObjectNode executor(
      AgentSnapshot s,
      FrameworkId fid,
      String executorId,
      String containerId,
      String directory,
      List<AgentSnapshot.TaskView> tasks,
      boolean completed,
      ExecutorInfo info) {
    ObjectNode e = LegacyModel.object();
    e.put("id", executorId);
    if (info == null) {
      e.put("name", "Command Executor (Task: " + executorId + ")");
      e.put("source", executorId);
    } else {
      e.put("name", info.name() == null ? "" : info.name());
      e.put("source", info.source() == null ? executorId : info.source());
    }
    e.put("framework_id", fid.value());
    e.put(
        "type",
        info == null
            ? "COMMAND"
            : info.effectiveType() == ExecutorInfo.Type.DEFAULT ? "DEFAULT" : "CUSTOM");
    if (containerId != null) {
      e.put("container", containerId);
    }
    if (directory != null) {
      e.put("directory", directory);
    }
    Resources sum = info == null ? Resources.empty() : LegacyModel.toCore(info.resources());
    for (AgentSnapshot.TaskView t : tasks) {
      sum = sum.plus(LegacyModel.toCore(t.resources()));
    }
    e.set("resources", LegacyModel.resources(sum));
    ArrayNode live = e.putArray("tasks");
    e.putArray("queued_tasks");
    ArrayNode done = e.putArray("completed_tasks");
    for (AgentSnapshot.TaskView t : tasks) {
      (completed ? done : live).add(task(s, t));
    }
    return e;
  }

  private static ObjectNode task(AgentSnapshot s, AgentSnapshot.TaskView t) {
    ObjectNode out = LegacyModel.object();
    out.put("id", t.taskId().value());
    out.put("name", t.name() == null ? "" : t.name());
    out.put("framework_id", t.frameworkId().value());
    out.put("executor_id", t.executorId().value());
    out.put("slave_id", s.agentId() == null ? "" : s.agentId().value());
    out.put("state", t.state().name());
    out.set("resources", LegacyModel.resources(t.resources()));
    ArrayNode statuses = out.putArray("statuses");
    if (t.latest() != null) {
      statuses.add(LegacyModel.status(t.latest()));
    }
    return out;
  }

  /** {@code /slave(1)/monitor/statistics}: one entry per running container. */
  public static ArrayNode statistics(List<ContainerReport> reports) {
    ArrayNode out = LegacyModel.array();
    for (ContainerReport r : reports) {
      ObjectNode e = out.addObject();
      e.put("executor_id", r.executorId().value());
      e.put("executor_name", r.executorName() == null ? "" : r.executorName());
      e.put("framework_id", r.frameworkId().value());
      e.put("source", r.executorId().value());
      e.put("container_id", r.containerId().value());
      e.set("statistics", MesosJson.tree(AgentViews.statistics(r.usage())));
    }
    return out;
  }
}
