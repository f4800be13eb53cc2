package io.mezzo.framework.services.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mezzo.framework.services.ServicesApi;
import io.mezzo.framework.services.ServicesException;
import io.mezzo.framework.services.ServicesSnapshot;
import io.mezzo.framework.services.app.AppDefinition;
import io.mezzo.framework.services.app.PathId;
import io.mezzo.framework.services.instance.Instance;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

/**
 * Tasks: {@code GET /v2/tasks} (with {@code status}), {@code POST /v2/tasks/delete}, and an app's
 * {@code /v2/apps/{id}/tasks} (list, kill all or those on a {@code host}, kill one). Killing with
 * {@code scale} lowers the apps' instance counts (a deployment, answered as one); without, the
 * killed tasks are answered and the framework replaces them.
 */
final class TasksHandler {
  private final ServicesApi api;

  TasksHandler(ServicesApi api) {
    this.api = api;
  }

  CompletionStage<ApiReply> all(ApiRequest r) {
    Query q = r.query().allow("status", "status[]");
    Set<String> statuses = new LinkedHashSet<>();
    statuses.addAll(q.all("status"));
    statuses.addAll(q.all("status[]"));
    for (String s : statuses) {
      if (!s.equalsIgnoreCase("running") && !s.equalsIgnoreCase("staging")) {
        throw ApiReply.badRequest("Unknown task status '" + s + "'; expecting running or staging");
      }
    }
    Predicate<Instance> wanted =
        i ->
            statuses.isEmpty()
                || statuses.stream().anyMatch(s -> s.equalsIgnoreCase("running") == i.isRunning());
    return api.snapshot()
        .thenApply(s -> tasks(r, s, active(s, null).stream().filter(wanted).toList()));
  }

  CompletionStage<ApiReply> ofApp(ApiRequest r, String rawId) {
    r.query().allow();
    PathId id = Ids.parse(rawId);
    return api.snapshot()
        .thenApply(
            s -> {
              Ids.app(s, id);
              return tasks(r, s, active(s, id));
            });
  }

  CompletionStage<ApiReply> killOfApp(ApiRequest r, String rawId) {
    Query q = r.query().allow("host", "scale", "wipe", "force");
    Flags f = Flags.of(q);
    String host = q.one("host");
    PathId id = Ids.parse(rawId);
    return api.snapshot()
        .thenCompose(
            s -> {
              Ids.app(s, id);
              List<Instance> victims =
                  active(s, id).stream()
                      .filter(i -> host == null || host.equals(i.host()))
                      .toList();
              return kill(s, victims, f, false);
            });
  }

  CompletionStage<ApiReply> killOne(ApiRequest r, String rawId, String taskId) {
    Flags f = Flags.of(r.query().allow("scale", "wipe", "force"));
    PathId id = Ids.parse(rawId);
    return api.snapshot()
        .thenCompose(
            s -> {
              Ids.app(s, id);
              Instance victim =
                  s.instances().getOrDefault(id, List.of()).stream()
                      .filter(i -> i.taskId().value().equals(taskId))
                      .findFirst()
                      .orElseThrow(
                          () -> new ServicesException(404, "Task '" + taskId + "' does not exist"));
              return kill(s, List.of(victim), f, true);
            });
  }

  /** {@code POST /v2/tasks/delete} with {@code {"ids": […]}}; unknown ids are refused (400). */
  CompletionStage<ApiReply> delete(ApiRequest r) {
    Flags f = Flags.of(r.query().allow("scale", "wipe", "force"));
    JsonNode body = r.json();
    JsonNode ids = body.path("ids");
    if (!ids.isArray()) {
      throw ApiReply.invalidJson("/ids", "error.expected.jsarray (the task ids to kill)");
    }
    List<String> wanted = new ArrayList<>();
    ids.forEach(i -> wanted.add(i.asText()));
    return api.snapshot()
        .thenCompose(
            s -> {
              Map<String, Instance> known = new TreeMap<>();
              s.instances().values().forEach(l -> l.forEach(i -> known.put(i.taskId().value(), i)));
              List<String> unknown = wanted.stream().filter(t -> !known.containsKey(t)).toList();
              if (!unknown.isEmpty()) {
                throw ApiReply.badRequest("Invalid task id " + String.join(", ", unknown));
              }
              return kill(s, wanted.stream().map(known::get).toList(), f, false);
            });
  }

  private CompletionStage<ApiReply> kill(
      ServicesSnapshot s, List<Instance> victims, Flags f, boolean single) {
    List<String> ids = victims.stream().map(i -> i.taskId().value()).toList();
    return api.killTasks(ids, f.scale(), f.wipe(), f.force())
        .thenApply(
            d -> {
              if (f.scale()) {
                return AppsHandler.deploymentReply(d, 200, null);
              }
              ObjectNode out = MarathonJson.object();
              if (single) {
                out.set("task", MarathonJson.task(victims.get(0), app(s, victims.get(0))));
              } else {
                ArrayNode tasks = out.putArray("tasks");
                victims.forEach(i -> tasks.add(MarathonJson.task(i, app(s, i))));
              }
              return ApiReply.ok(out);
            });
  }

  /**
   * {@code {"tasks": […]}}, or for a client that asks for text/plain Marathon's tab-separated form:
   * one line per app and service port, {@code <app safe id> <service port> <host:port>…}.
   */
  private static ApiReply tasks(ApiRequest r, ServicesSnapshot s, List<Instance> list) {
    if (r.wantsText()) {
      StringBuilder out = new StringBuilder();
      Map<PathId, List<Instance>> byApp = new TreeMap<>();
      list.forEach(i -> byApp.computeIfAbsent(i.appId(), k -> new ArrayList<>()).add(i));
      byApp.forEach(
          (appId, instances) -> {
            AppDefinition app = s.root().app(appId).orElse(null);
            int ports = instances.stream().mapToInt(i -> i.ports().size()).max().orElse(0);
            for (int p = 0; p < ports; p++) {
              int servicePort =
                  app != null && p < app.portDefinitions().size()
                      ? app.portDefinitions().get(p).port()
                      : 0;
              out.append(appId.safeName()).append('\t').append(servicePort);
              for (Instance i : instances) {
                if (p < i.ports().size()) {
                  out.append('\t').append(i.host()).append(':').append(i.ports().get(p));
                }
              }
              out.append('\n');
            }
          });
      return ApiReply.text(200, out.toString());
    }
    ObjectNode out = MarathonJson.object();
    ArrayNode tasks = out.putArray("tasks");
    list.forEach(i -> tasks.add(MarathonJson.task(i, app(s, i))));
    return ApiReply.ok(out);
  }

  private static List<Instance> active(ServicesSnapshot s, PathId app) {
    List<Instance> out = new ArrayList<>();
    s.instances()
        .forEach(
            (id, list) -> {
              if (app == null || id.equals(app)) {
                list.stream().filter(Instance::isActive).forEach(out::add);
              }
            });
    return out;
  }

  private static AppDefinition app(ServicesSnapshot s, Instance i) {
    return s.root().app(i.appId()).orElse(null);
  }

  private record Flags(boolean scale, boolean wipe, boolean force) {
    static Flags of(Query q) {
      Flags f = new Flags(q.bool("scale", false), q.bool("wipe", false), q.bool("force", false));
      if (f.scale && f.wipe) {
        throw ApiReply.badRequest("You cannot use scale and wipe at the same time.");
      }
      return f;
    }
  }
}
