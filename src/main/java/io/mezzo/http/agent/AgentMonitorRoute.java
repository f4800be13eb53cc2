package io.mezzo.http.agent;

import io.mezzo.agent.Agent;
import io.mezzo.agent.ContainerStatistics;
import io.mezzo.agent.containerizer.ContainerUsage;
import io.mezzo.api.v1.MesosJson;
import io.mezzo.bootstrap.MezzoNode;
import io.mezzo.http.common.HttpResults;
import io.mezzo.http.common.LegacyResponses;
import io.mezzo.http.security.EndpointAccess;
import io.mezzo.security.acl.Authorizer;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent's {@code GET /monitor/statistics} (also {@code .json} and under {@code /slave(1)/}), as
 * Mesos serves it: one entry per running executor with its {@code ResourceStatistics}, measured
 * when asked by the containerizer and its isolators. Fields nobody measures are left out. Honours
 * {@code ?jsonp=cb} as Mesos does ({@link LegacyResponses#json}).
 */
@ApplicationScoped
public class AgentMonitorRoute {
  public static final List<String> PATHS =
      List.of(
          "/monitor/statistics",
          "/monitor/statistics.json",
          "/slave(1)/monitor/statistics",
          "/slave(1)/monitor/statistics.json");
  private final MezzoNode node;
  private final Vertx vertx;
  private final Authorizer authorizer;

  public AgentMonitorRoute(MezzoNode node, Vertx vertx, Authorizer authorizer) {
    this.node = node;
    this.vertx = vertx;
    this.authorizer = authorizer;
  }

  void register(@Observes Router router) {
    if (!node.role().runsAgent()) {
      return;
    }
    for (String path : PATHS) {
      router.get(path).handler(this::handle);
    }
  }

  private void handle(RoutingContext rc) {
    Agent agent = node.agent(Agent.class).orElse(null);
    if (agent == null) {
      HttpResults.error(rc.response(), 503, "Agent has not started");
      return;
    }
    if (EndpointAccess.refused(rc, authorizer, "/monitor/statistics")) {
      return;
    }
    Context ctx = vertx.getOrCreateContext();
    agent
        .statistics()
        .whenComplete(
            (stats, err) ->
                ctx.runOnContext(
                    v -> {
                      if (err != null) {
                        HttpResults.error(rc.response(), 500, "Cannot measure containers: " + err);
                        return;
                      }
                      LegacyResponses.json(rc, MesosJson.mapper().valueToTree(render(stats)));
                    }));
  }

  /** Mesos's JSON: {@code executor_id, executor_name, framework_id, source, statistics{…}}. */
  static List<Map<String, Object>> render(List<ContainerStatistics> stats) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (ContainerStatistics s : stats) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("executor_id", s.executorId().value());
      e.put("executor_name", "Command Executor (Task: " + s.taskId().value() + ")");
      e.put("framework_id", s.frameworkId().value());
      e.put("source", s.taskId().value());
      e.put("container_id", s.containerId().value());
      e.put("containerizer", s.containerizer());
      e.put("statistics", statistics(s.statistics()));
      out.add(e);
    }
    return out;
  }

  static Map<String, Object> statistics(ContainerUsage u) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("timestamp", u.timestamp());
    put(m, "cpus_limit", u.cpusLimit());
    put(m, "cpus_user_time_secs", u.cpusUserTimeSecs());
    put(m, "cpus_system_time_secs", u.cpusSystemTimeSecs());
    put(m, "cpus_nr_periods", u.cpusNrPeriods());
    put(m, "cpus_nr_throttled", u.cpusNrThrottled());
    put(m, "cpus_throttled_time_secs", u.cpusThrottledTimeSecs());
    put(m, "mem_limit_bytes", u.memLimitBytes());
    put(m, "mem_total_bytes", u.memTotalBytes());
    put(m, "mem_rss_bytes", u.memRssBytes());
    put(m, "mem_cache_bytes", u.memCacheBytes());
    put(m, "disk_limit_bytes", u.diskLimitBytes());
    put(m, "disk_used_bytes", u.diskUsedBytes());
    put(m, "processes", u.processes());
    return m;
  }

  private static void put(Map<String, Object> m, String key, Object value) {
    if (value != null) {
      m.put(key, value);
    }
  }
}
