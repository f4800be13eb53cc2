package io.mezzo.framework.services.api;

import io.mezzo.framework.services.ServicesApi;
import io.mezzo.framework.services.ServicesException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Marathon's REST API over the services framework, without HTTP: a request (method, path after
 * {@code /v2}, query, body) → a reply. It picks the handler by path and method (an app id may hold
 * slashes, so {@code /apps/a/b/tasks} is the tasks of {@code /a/b}), answers 404 for a path it does
 * not serve and 405 (with {@code Allow}) for a method a path does not take, and turns every refusal
 * ({@link ServicesException}, thrown or completing the stage) into Marathon's error body. Anything
 * else fails the stage: a bug, which the HTTP edge answers 500 with an error id.
 */
public final class V2Api {
  private static final Pattern APP_TASK = Pattern.compile("^(.+)/tasks/([^/]+)$");
  private static final Pattern APP_VERSION = Pattern.compile("^(.+)/versions/([^/]+)$");
  private static final Pattern QUEUE_DELAY = Pattern.compile("^/queue(/.+)/delay$");

  private final AppsHandler apps;
  private final TasksHandler tasks;
  private final DeploymentsHandler deployments;
  private final GroupsHandler groups;
  private final QueueHandler queue;
  private final InfoHandler info;

  public V2Api(ServicesApi api, Clock clock, LocalEvents events, Supplier<ServerInfo> server) {
    this.apps = new AppsHandler(api, clock, events);
    this.tasks = new TasksHandler(api);
    this.deployments = new DeploymentsHandler(api);
    this.groups = new GroupsHandler(api, clock);
    this.queue = new QueueHandler(api, clock);
    this.info = new InfoHandler(api, server);
  }

  /** Answers {@code r}; never throws for a refusal (those are replies). */
  public CompletionStage<ApiReply> handle(ApiRequest r) {
    CompletionStage<ApiReply> reply;
    try {
      reply = dispatch(r);
    } catch (ServicesException e) {
      return CompletableFuture.completedFuture(ApiReply.of(e));
    }
    return reply.handle(
        (ok, err) -> {
          if (err == null) {
            return ok;
          }
          Throwable cause = err;
          while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
          }
          if (cause instanceof ServicesException e) {
            return ApiReply.of(e);
          }
          throw new CompletionException(cause);
        });
  }

  private CompletionStage<ApiReply> dispatch(ApiRequest r) {
    String p = r.path().length() > 1 && r.path().endsWith("/") ? chop(r.path(), "/") : r.path();
    Map<String, Supplier<CompletionStage<ApiReply>>> m = new LinkedHashMap<>();
    Matcher x;
    if (p.equals("/apps")) {
      m.put("GET", () -> apps.list(r));
      m.put("POST", () -> apps.create(r));
      m.put("PUT", () -> apps.replaceMany(r, false));
      m.put("PATCH", () -> apps.replaceMany(r, true));
    } else if (p.startsWith("/apps/")) {
      String rest = p.substring("/apps".length());
      if (rest.endsWith("/restart")) {
        m.put("POST", () -> apps.restart(r, chop(rest, "/restart")));
      } else if (rest.endsWith("/tasks")) {
        m.put("GET", () -> tasks.ofApp(r, chop(rest, "/tasks")));
        m.put("DELETE", () -> tasks.killOfApp(r, chop(rest, "/tasks")));
      } else if ((x = APP_TASK.matcher(rest)).matches()) {
        String app = x.group(1);
        String task = x.group(2);
        m.put("DELETE", () -> tasks.killOne(r, app, task));
      } else if (rest.endsWith("/versions")) {
        m.put("GET", () -> apps.versions(r, chop(rest, "/versions")));
      } else if ((x = APP_VERSION.matcher(rest)).matches()) {
        String app = x.group(1);
        String version = x.group(2);
        m.put("GET", () -> apps.version(r, app, version));
      } else {
        m.put("GET", () -> apps.show(r, rest));
        m.put("PUT", () -> apps.replace(r, rest, false));
        m.put("PATCH", () -> apps.replace(r, rest, true));
        m.put("DELETE", () -> apps.delete(r, rest));
      }
    } else if (p.equals("/tasks")) {
      m.put("GET", () -> tasks.all(r));
    } else if (p.equals("/tasks/delete")) {
      m.put("POST", () -> tasks.delete(r));
    } else if (p.equals("/deployments")) {
      m.put("GET", () -> deployments.list(r));
    } else if (p.startsWith("/deployments/") && p.indexOf('/', 13) < 0) {
      String id = p.substring("/deployments/".length());
      m.put("GET", () -> deployments.show(r, id));
      m.put("DELETE", () -> deployments.cancel(r, id));
    } else if (p.equals("/groups") || p.startsWith("/groups/")) {
      String id = p.substring("/groups".length());
      if (id.endsWith("/versions") || id.equals("/versions")) {
        m.put("GET", () -> groups.versions(r, chop(id, "/versions")));
      } else {
        m.put("GET", () -> groups.show(r, id));
        m.put("POST", () -> groups.create(r, id));
        m.put("PUT", () -> groups.update(r, id));
        m.put("DELETE", () -> groups.delete(r, id));
      }
    } else if (p.equals("/queue")) {
      m.put("GET", () -> queue.list(r));
    } else if ((x = QUEUE_DELAY.matcher(p)).matches()) {
      String app = x.group(1);
      m.put("DELETE", () -> queue.resetDelay(r, app));
    } else if (p.equals("/info")) {
      m.put("GET", () -> info.info(r));
    } else if (p.equals("/leader")) {
      m.put("GET", () -> CompletableFuture.completedFuture(info.leader(r)));
      m.put("DELETE", () -> CompletableFuture.completedFuture(info.abdicate(r)));
    } else {
      return CompletableFuture.completedFuture(
          ApiReply.error(404, "No such endpoint: /v2" + r.path() + " (see docs/marathon-api.md)"));
    }
    Supplier<CompletionStage<ApiReply>> h = m.get(r.method());
    if (h == null) {
      String allow = String.join(", ", m.keySet());
      return CompletableFuture.completedFuture(
          ApiReply.error(
                  405,
                  "Method "
                      + r.method()
                      + " is not allowed on /v2"
                      + r.path()
                      + "; allowed: "
                      + allow)
              .withHeader("Allow", allow));
    }
    return h.get();
  }

  private static String chop(String s, String suffix) {
    return s.substring(0, s.length() - suffix.length());
  }
}
