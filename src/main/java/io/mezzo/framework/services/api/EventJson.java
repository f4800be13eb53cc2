package io.mezzo.framework.services.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.framework.services.ServicesEvent;
import io.mezzo.framework.services.app.Group;
import io.mezzo.framework.services.deploy.Deployment;
import io.mezzo.framework.services.instance.Instance;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Marathon's JSON for the events of {@code /v2/events}: each carries {@code eventType} and {@code
 * timestamp} beside its own fields, named as Marathon names them ({@code slaveId}, {@code
 * taskStatus}, {@code plan}, {@code currentStep}, …).
 */
public final class EventJson {
  /**
   * Every event type Marathon defines, for the {@code event_type} filter: a name outside it is a
   * typo (refused), a name in it that Mezzo never emits simply matches nothing.
   */
  public static final Set<String> MARATHON_TYPES =
      Set.of(
          "api_post_event",
          "status_update_event",
          "framework_message_event",
          "subscribe_event",
          "unsubscribe_event",
          "event_stream_attached",
          "event_stream_detached",
          "add_health_check_event",
          "remove_health_check_event",
          "failed_health_check_event",
          "health_status_changed_event",
          "unhealthy_instance_kill_event",
          "unhealthy_task_kill_event",
          "group_change_success",
          "group_change_failed",
          "deployment_success",
          "deployment_failed",
          "deployment_info",
          "deployment_step_success",
          "deployment_step_failure",
          "app_terminated_event",
          "instance_changed_event",
          "unknown_instance_terminated_event",
          "instance_health_changed_event",
          "scheduler_registered_event",
          "scheduler_reregistered_event",
          "scheduler_disconnected_event",
          "pod_created_event",
          "pod_updated_event",
          "pod_deleted_event");

  private EventJson() {}

  public static ObjectNode of(ServicesEvent e) {
    ObjectNode o = MarathonJson.object();
    if (e instanceof ServicesEvent.StatusUpdate u) {
      TaskStatus s = u.status();
      Instance i = u.instance();
      o.put("slaveId", s.agentId() != null ? s.agentId().value() : agent(i));
      o.put("taskId", s.taskId().value());
      o.put("taskStatus", s.state().name());
      o.put("message", s.message() == null ? "" : s.message());
      o.put("appId", i.appId().toString());
      o.put("host", i.host());
      ArrayNode ips = o.putArray("ipAddresses");
      if (s.containerStatus() != null && s.containerStatus().networkInfos() != null) {
        for (TaskStatus.NetworkInfo n : s.containerStatus().networkInfos()) {
          for (TaskStatus.IpAddress a : n.ipAddresses()) {
            ObjectNode ip = ips.addObject();
            ip.put("ipAddress", a.ipAddress());
            ip.put("protocol", a.protocol() == null ? "IPv4" : a.protocol().name());
          }
        }
      }
      ArrayNode ports = o.putArray("ports");
      i.ports().forEach(ports::add);
      o.put("version", MarathonJson.time(i.appVersion()));
    } else if (e instanceof ServicesEvent.HealthChanged h) {
      o.put("appId", h.instance().appId().toString());
      o.put("instanceId", h.instance().taskId().value());
      o.put("version", MarathonJson.time(h.instance().appVersion()));
      o.put("alive", h.alive());
    } else if (e instanceof ServicesEvent.UnhealthyInstanceKill k) {
      Instance i = k.instance();
      o.put("appId", i.appId().toString());
      o.put("taskId", i.taskId().value());
      o.put("instanceId", i.taskId().value());
      o.put("version", MarathonJson.time(i.appVersion()));
      o.put("reason", k.reason());
      o.put("host", i.host());
      o.put("slaveId", agent(i));
    } else if (e instanceof ServicesEvent.DeploymentInfo d) {
      withStep(o, d.deployment());
    } else if (e instanceof ServicesEvent.DeploymentStepSuccess d) {
      withStep(o, d.deployment());
    } else if (e instanceof ServicesEvent.DeploymentSuccess d) {
      o.put("id", d.deployment().id());
      o.set("plan", plan(d.deployment()));
    } else if (e instanceof ServicesEvent.DeploymentFailed d) {
      o.put("id", d.deployment().id());
      o.set("plan", plan(d.deployment()));
      o.put("reason", d.reason());
    } else if (e instanceof ServicesEvent.GroupChange g) {
      o.put("groupId", g.groupId().toString());
      o.put("version", MarathonJson.time(g.version()));
    } else if (e instanceof ServicesEvent.AppTerminated t) {
      o.put("appId", t.appId().toString());
    }

    o.put("eventType", e.eventType());
    o.put("timestamp", MarathonJson.time(e.timestamp()));
    return o;
  }

  /** {@code event_stream_attached} / {@code event_stream_detached} for a client's address. */
  public static ObjectNode stream(String type, String remoteAddress, java.time.Instant at) {
    ObjectNode o = MarathonJson.object();
    o.put("remoteAddress", remoteAddress);
    o.put("eventType", type);
    o.put("timestamp", MarathonJson.time(at));
    return o;
  }

  private static void withStep(ObjectNode o, Deployment d) {
    o.set("plan", plan(d));
    int index = Math.max(1, d.currentStep()) - 1;
    o.set(
        "currentStep",
        index < d.steps().size()
            ? MarathonJson.step(d.steps().get(index))
            : MarathonJson.step(new Deployment.Step(List.of())));
  }

  /** Marathon's DeploymentPlan: id, version, original and target groups, steps. */
  static ObjectNode plan(Deployment d) {
    ObjectNode o = MarathonJson.object();
    o.put("id", d.id());
    o.put("version", MarathonJson.time(d.version()));
    o.set("original", group(d.original()));
    o.set("target", group(d.target()));
    o.set("steps", MarathonJson.steps(d.steps()));
    return o;
  }

  private static ObjectNode group(Group g) {
    return g == null
        ? MarathonJson.object()
        : MarathonJson.group(g, null, true, true, EnumSet.noneOf(AppEmbed.class), null);
  }

  private static String agent(Instance i) {
    return i.agentId() == null ? null : i.agentId().value();
  }
}
