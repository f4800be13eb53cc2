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

  /**
   * {@code /slave(1)/state} with this build's facts and no known master hostname (tests, callers
   * that know neither).
   */
  public static ObjectNode state(
      AgentSnapshot s, AgentConfig config, Map<String, String> flags, Instant started) {
    return state(s, config, flags, started, VersionInfo.current(), null);
  }

  /**
   * {@code /slave(1)/state}: Mesos 1.11's top-level fields in its order and JSON types, then
   * Mezzo's own ({@code mezzo_version}, {@code port}, {@code master_id}). Optional fields Mesos
   * prints only when known ({@code git_sha}, {@code git_branch}, {@code git_tag}, {@code
   * master_hostname}, {@code log_dir}, {@code external_log_file}) are left out when unknown, as
   * Mesos leaves them out.
   *
   * @param build the build facts, as {@code /version} reports them
   * @param masterHostname the host of the master the agent is registered with, or null
   */
  public static ObjectNode state(
      AgentSnapshot s,
      AgentConfig config,
      Map<String, String> flags,
      Instant started,
      VersionInfo build,
      String masterHostname) {
    ObjectNode out = LegacyModel.object();
    out.put("version", VersionInfo.MESOS_VERSION);
    putIfKnown(out, "git_sha", build.gitSha());
    putIfKnown(out, "git_branch", build.gitBranch());
    putIfKnown(out, "git_tag", build.gitTag());
    out.put("build_date", build.buildDate() == null ? "" : build.buildDate());
    out.put("build_time", build.buildTime() == null ? 0.0 : build.buildTime());
    out.put("build_user", build.buildUser() == null ? "" : build.buildUser());
    out.put("start_time", LegacyModel.seconds(started));
    out.put("id", s.agentId() == null ? "" : s.agentId().value());
    out.put("pid", pid(config));
    out.put("hostname", config.hostname());
    // What the master reports for every Mezzo agent (LegacyStateJson): allocations carry roles.
    out.putArray("capabilities").add("MULTI_ROLE");
    Resources total = s.resources() == null ? Resources.empty() : s.resources();
    Resources allocated = s.used() == null ? Resources.empty() : s.used();
    out.set("resources", LegacyModel.resources(total));
    out.set("reserved_resources", LegacyModel.reservedByRole(total));
    out.set("unreserved_resources", LegacyModel.resources(total.unreserved()));
    out.set("reserved_resources_full", reservedFull(total));
    out.set("unreserved_resources_full", LegacyModel.full(total.unreserved(), null));
    out.set("reserved_resources_allocated", LegacyModel.reservedByRole(allocated));
    out.set("unreserved_resources_allocated", LegacyModel.resources(allocated.unreserved()));
    // Mezzo agents have no resource providers; Mesos prints the (then empty) list regardless.
    out.putArray("resource_providers");
    out.set(
        "attributes",
        s.attributes() == null
            ? LegacyModel.object()
            : LegacyModel.attributes(AttributeMapping.toWire(s.attributes())));
    if (s.masterId() != null) {
      putIfKnown(out, "master_hostname", masterHostname);
    }
    putIfKnown(out, "log_dir", flags.get("log_dir"));
    putIfKnown(out, "external_log_file", flags.get("external_log_file"));
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
    out.put("mezzo_version", VersionInfo.MEZZO_VERSION);
    out.put("port", config.port());
    if (s.masterId() != null) {
      out.put("master_id", s.masterId());
    }
    return out;
  }

  /** {@code {role: [Resource JSON…]}}: the reserved part by role, each resource in full. */
  private static ObjectNode reservedFull(Resources r) {
    ObjectNode out = LegacyModel.object();
    r.asMap().keySet().stream()
        .filter(k -> k.isReserved())
        .map(k -> k.role())
        .distinct()
        .sorted()
        .forEach(role -> out.set(role, LegacyModel.full(r.reservedTo(role), null)));
    return out;
  }

  private static void putIfKnown(ObjectNode out, String field, String value) {
    if (value != null && !value.isEmpty()) {
      out.put(field, value);
    }
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

  /**
   * {@code /slave(1)/containers}: each running executor container with its status and measured use,
   * selected as Mesos selects them: by {@code container_id} alone, by {@code framework_id} alone,
   * or by {@code executor_id} with {@code framework_id}; null selects everything.
   *
   * @throws IllegalArgumentException for any other combination of the three, in Mesos's words
   */
  public static ArrayNode containers(
      List<ContainerReport> reports, String containerId, String frameworkId, String executorId) {
    checkContainerSelection(containerId, frameworkId, executorId);
    ArrayNode out = LegacyModel.array();
    for (ContainerReport r : reports) {
      if ((containerId != null && !containerId.equals(r.containerId().value()))
          || (frameworkId != null && !frameworkId.equals(r.frameworkId().value()))
          || (executorId != null && !executorId.equals(r.executorId().value()))) {
        continue;
      }
      ObjectNode e = out.addObject();
      e.put("framework_id", r.frameworkId().value());
      e.put("executor_id", r.executorId().value());
      e.put("executor_name", r.executorName() == null ? "" : r.executorName());
      e.put("source", r.executorId().value());
      e.put("container_id", r.containerId().value());
      if (r.status() != null) {
        e.set("status", MesosJson.tree(r.status()));
      }
      if (r.usage() != null) {
        e.set("statistics", MesosJson.tree(AgentViews.statistics(r.usage())));
      }
    }
    return out;
  }

  /**
   * Checks a {@code /slave(1)/containers} selection (see {@link #containers}) before any work.
   *
   * @throws IllegalArgumentException for a combination Mesos refuses, in Mesos's words
   */
  public static void checkContainerSelection(
      String containerId, String frameworkId, String executorId) {
    if ((containerId != null && (executorId != null || frameworkId != null))
        || (containerId == null && executorId != null && frameworkId == null)) {
      throw new IllegalArgumentException(
          "Supported query parameters are container_id only, framework_id only,"
              + " or executor_id and framework_id only");
    }
  }
}
