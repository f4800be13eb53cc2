package io.mezzo.framework.services.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mezzo.api.v1.TaskState;
import io.mezzo.framework.services.ReadinessResult;
import io.mezzo.framework.services.ServicesSnapshot;
import io.mezzo.framework.services.app.AppDefinition;
import io.mezzo.framework.services.app.Group;
import io.mezzo.framework.services.app.PathId;
import io.mezzo.framework.services.deploy.Deployment;
import io.mezzo.framework.services.instance.HealthRecord;
import io.mezzo.framework.services.instance.Instance;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Marathon's JSON for what the services framework holds: apps with their embeds, tasks,
 * deployments, groups. Field names and shapes follow Marathon's REST reference; timestamps are
 * ISO-8601 UTC with milliseconds, as Marathon writes them.
 */
public final class MarathonJson {
  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private MarathonJson() {}

  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  public static ArrayNode array() {
    return JsonNodeFactory.instance.arrayNode();
  }

  public static String stringify(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  /** Marathon's timestamp form, or null. */
  public static String time(Instant t) {
    return t == null ? null : TIME.format(t);
  }

  static ObjectNode strings(Map<String, String> map) {
    ObjectNode o = object();
    new java.util.TreeMap<>(map).forEach(o::put);
    return o;
  }

  /** The app with the embeds asked for, from {@code snapshot} (Marathon's AppInfo). */
  static ObjectNode appInfo(
      AppDefinition app, ServicesSnapshot snapshot, Set<AppEmbed> embeds, Instant now) {
    ObjectNode o = AppCodec.write(app);
    // A deployment plan's groups are written without a snapshot: the app alone, no embeds.
    List<Instance> active =
        snapshot == null
            ? List.of()
            : snapshot.instances().getOrDefault(app.id(), List.of()).stream()
                .filter(Instance::isActive)
                .toList();
    if (embeds.contains(AppEmbed.COUNTS)) {
      Counts c = Counts.of(active);
      o.put("tasksStaged", c.staged());
      o.put("tasksRunning", c.running());
      o.put("tasksHealthy", c.healthy());
      o.put("tasksUnhealthy", c.unhealthy());
    }
    if (embeds.contains(AppEmbed.DEPLOYMENTS)) {
      o.set("deployments", deploymentIds(snapshot, app.id()));
    }
    if (embeds.contains(AppEmbed.READINESS)) {
      ArrayNode results = o.putArray("readinessCheckResults");
      if (snapshot != null) {
        snapshot.readinessOf(app.id()).forEach(r -> results.add(readiness(r)));
      }
    }
    if (embeds.contains(AppEmbed.TASKS)) {
      ArrayNode tasks = o.putArray("tasks");
      active.forEach(i -> tasks.add(task(i, app)));
    }
    if (embeds.contains(AppEmbed.LAST_TASK_FAILURE)) {
      ServicesSnapshot.TaskFailure f = snapshot.lastFailures().get(app.id());
      if (f != null) {
        o.set("lastTaskFailure", taskFailure(app.id(), f));
      }
    }
    if (embeds.contains(AppEmbed.TASK_STATS)) {
      o.set("tasksStats", TaskStats.of(app, active, now));
    }
    return o;
  }

  /** {@code [{"id": …}]} of the deployments that touch the app. */
  static ArrayNode deploymentIds(ServicesSnapshot snapshot, PathId app) {
    ArrayNode a = array();
    for (Deployment d : snapshot.deployments()) {
      if (d.affectedApps().contains(app)) {
        a.addObject().put("id", d.id());
      }
    }
    return a;
  }

  /** Marathon's task JSON for one instance of {@code app} ({@code app} may be null). */
  static ObjectNode task(Instance i, AppDefinition app) {
    ObjectNode o = object();
    o.put("id", i.taskId().value());
    o.put("appId", i.appId().toString());
    o.put("host", i.host());
    o.put("slaveId", i.agentId() == null ? null : i.agentId().value());
    // Launched with no update heard yet: Marathon shows such a task as staging.
    o.put("state", (i.state() == null ? TaskState.TASK_STAGING : i.state()).name());
    o.put("stagedAt", time(i.stagedAt()));
    o.put("startedAt", time(i.startedAt()));
    o.put("version", time(i.appVersion()));
    ArrayNode ports = o.putArray("ports");
    i.ports().forEach(ports::add);
    ArrayNode servicePorts = o.putArray("servicePorts");
    if (app != null) {
      app.portDefinitions().forEach(p -> servicePorts.add(p.port()));
    }
    o.putArray("ipAddresses");
    if (i.healthy() != null) {
      ObjectNode h = o.putArray("healthCheckResults").addObject();
      // A document stored before the history was kept still renders: the flag alone.
      HealthRecord r =
          i.health() != null
              ? i.health()
              : new HealthRecord(i.healthy() ? 0 : 1, null, null, null, null);
      h.put("alive", i.healthy());
      h.put("consecutiveFailures", r.consecutiveFailures());
      h.put("firstSuccess", time(r.firstSuccess()));
      h.put("lastSuccess", time(r.lastSuccess()));
      h.put("lastFailure", time(r.lastFailure()));
      h.put("lastFailureCause", r.lastFailureCause());
      h.put("instanceId", i.taskId().value());
    }
    o.putArray("localVolumes");
    o.put("role", app == null ? null : app.role());
    if (i.message() != null) {
      o.put("message", i.message());
    }
    return o;
  }

  static ObjectNode taskFailure(PathId appId, ServicesSnapshot.TaskFailure f) {
    ObjectNode o = object();
    o.put("appId", appId.toString());
    o.put("host", f.host());
    o.put("message", f.message());
    o.put("state", f.state());
    o.put("taskId", f.taskId());
    o.put("timestamp", time(f.timestamp()));
    o.put("version", time(f.version()));
    return o;
  }

  /** {@code {"version": …, "deploymentId": …}} (Marathon's DeploymentResult). */
  static ObjectNode deploymentResult(Deployment d) {
    ObjectNode o = object();
    o.put("version", time(d.version()));
    o.put("deploymentId", d.id());
    return o;
  }

  /** A deployment as {@code /v2/deployments} lists it, without readiness results. */
  static ObjectNode deployment(Deployment d) {
    return deployment(d, null);
  }

  /**
   * A deployment as {@code /v2/deployments} lists it: each current action with the readiness
   * results of its app's instances (from {@code snapshot}, if given).
   */
  static ObjectNode deployment(Deployment d, ServicesSnapshot snapshot) {
    ObjectNode o = object();
    o.put("id", d.id());
    o.put("version", time(d.version()));
    ArrayNode affected = o.putArray("affectedApps");
    d.affectedApps().forEach(a -> affected.add(a.toString()));
    o.putArray("affectedPods");
    o.set("steps", steps(d.steps()));
    ArrayNode current = o.putArray("currentActions");
    if (d.currentStep() >= 1 && d.currentStep() <= d.steps().size()) {
      for (Deployment.Action a : d.steps().get(d.currentStep() - 1).actions()) {
        ObjectNode c = action(a);
        ArrayNode results = c.putArray("readinessCheckResults");
        if (snapshot != null && a.action() != Deployment.ActionType.StopApplication) {
          snapshot.readinessOf(a.app()).forEach(r -> results.add(readiness(r)));
        }
        current.add(c);
      }
    }
    o.put("currentStep", d.currentStep());
    o.put("totalSteps", d.steps().size());
    return o;
  }

  /** Marathon's ReadinessCheckResult: {@code lastResponse} only with preserveLastResponse. */
  static ObjectNode readiness(ReadinessResult r) {
    ObjectNode o = object();
    o.put("name", r.name());
    o.put("taskId", r.taskId());
    o.put("ready", r.ready());
    if (r.lastResponse() != null) {
      ObjectNode last = o.putObject("lastResponse");
      last.put("status", r.lastResponse().status());
      last.put("contentType", r.lastResponse().contentType());
      last.put("body", r.lastResponse().body());
    }
    return o;
  }

  static ArrayNode steps(List<Deployment.Step> steps) {
    ArrayNode a = array();
    for (Deployment.Step s : steps) {
      a.add(step(s));
    }
    return a;
  }

  static ObjectNode step(Deployment.Step s) {
    ObjectNode o = object();
    ArrayNode actions = o.putArray("actions");
    s.actions().forEach(x -> actions.add(action(x)));
    return o;
  }

  private static ObjectNode action(Deployment.Action a) {
    ObjectNode o = object();
    o.put("action", a.action().name());
    o.put("app", a.app().toString());
    return o;
  }

  /**
   * A group as {@code /v2/groups} shows it: apps (with {@code appEmbeds}) only if {@code withApps},
   * subgroups only if {@code withGroups}.
   */
  static ObjectNode group(
      Group g,
      ServicesSnapshot snapshot,
      boolean withApps,
      boolean withGroups,
      Set<AppEmbed> appEmbeds,
      Instant now) {
    ObjectNode o = object();
    o.put("id", g.id().toString());
    if (withApps) {
      ArrayNode apps = o.putArray("apps");
      g.apps().values().forEach(a -> apps.add(appInfo(a, snapshot, appEmbeds, now)));
    }
    if (withGroups) {
      ArrayNode groups = o.putArray("groups");
      g.groups()
          .values()
          .forEach(c -> groups.add(group(c, snapshot, withApps, true, appEmbeds, now)));
    }
    o.putArray("pods");
    ArrayNode deps = o.putArray("dependencies");
    g.dependencies().forEach(d -> deps.add(d.toString()));
    o.put("version", time(g.version()));
    o.put("enforceRole", false);
    return o;
  }

  /** Task counts as Marathon embeds them ({@code tasksStaged}, …): of active instances only. */
  record Counts(int staged, int running, int healthy, int unhealthy) {
    static Counts of(List<Instance> active) {
      int staged = 0, running = 0, healthy = 0, unhealthy = 0;
      for (Instance i : active) {
        if (i.isRunning()) {
          running++;
        } else {
          staged++;
        }
        if (Boolean.TRUE.equals(i.healthy())) {
          healthy++;
        } else if (Boolean.FALSE.equals(i.healthy())) {
          unhealthy++;
        }
      }
      return new Counts(staged, running, healthy, unhealthy);
    }
  }
}
