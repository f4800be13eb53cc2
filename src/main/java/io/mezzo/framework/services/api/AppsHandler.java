package io.mezzo.framework.services.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mezzo.framework.services.ServicesApi;
import io.mezzo.framework.services.ServicesException;
import io.mezzo.framework.services.app.AppDefinition;
import io.mezzo.framework.services.app.AppJson;
import io.mezzo.framework.services.app.Group;
import io.mezzo.framework.services.app.PathId;
import io.mezzo.framework.services.deploy.Deployment;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code /v2/apps} and {@code /v2/apps/{id}}: list (with {@code cmd}, {@code id}, {@code label}
 * selectors and embeds), create, show, replace or patch (one or many), destroy, restart. Every
 * change is a function of the current root group handed to {@link ServicesApi#deploy}, so the
 * checks ("already exists", "does not exist") see the same state the change applies to.
 */
final class AppsHandler {
  private final ServicesApi api;
  private final Clock clock;
  private final LocalEvents events;

  AppsHandler(ServicesApi api, Clock clock, LocalEvents events) {
    this.api = api;
    this.clock = clock;
    this.events = events;
  }

  CompletionStage<ApiReply> list(ApiRequest r) {
    Query q = r.query().allow("cmd", "id", "label", "embed");
    Set<AppEmbed> embeds = AppEmbed.parse(q.all("embed"));
    // Marathon always adds these two to the list, whatever was asked.
    embeds.add(AppEmbed.COUNTS);
    embeds.add(AppEmbed.DEPLOYMENTS);
    String cmd = q.one("cmd");
    String id = q.one("id");
    String label = q.one("label");
    LabelSelector selector = label == null ? LabelSelector.ALL : LabelSelector.parse(label);
    return api.snapshot()
        .thenApply(
            s -> {
              ObjectNode out = MarathonJson.object();
              ArrayNode apps = out.putArray("apps");
              for (AppDefinition a : s.root().allApps().values()) {
                if (contains(a.cmd(), cmd) && contains(a.id().toString(), id) && selector.test(a)) {
                  apps.add(MarathonJson.appInfo(a, s, embeds, clock.instant()));
                }
              }
              return ApiReply.ok(out);
            });
  }

  CompletionStage<ApiReply> show(ApiRequest r, String rawId) {
    Query q = r.query().allow("embed");
    Set<AppEmbed> embeds = AppEmbed.parse(q.all("embed"));
    // Marathon embeds these for a single app whatever was asked (deprecated, kept for clients).
    embeds.addAll(
        EnumSet.of(
            AppEmbed.COUNTS, AppEmbed.TASKS, AppEmbed.LAST_TASK_FAILURE, AppEmbed.DEPLOYMENTS));
    if (rawId.endsWith("*")) {
      PathId groupId = Ids.parse(rawId.substring(0, rawId.length() - 1));
      return api.snapshot()
          .thenApply(
              s -> {
                Group g = s.root().group(groupId).orElseThrow(() -> Ids.unknownGroup(groupId));
                ObjectNode out = MarathonJson.object();
                ArrayNode apps = out.putArray("*");
                g.allApps()
                    .values()
                    .forEach(a -> apps.add(MarathonJson.appInfo(a, s, embeds, clock.instant())));
                return ApiReply.ok(out);
              });
    }
    PathId id = Ids.parse(rawId);
    return api.snapshot()
        .thenApply(
            s -> {
              AppDefinition app = Ids.app(s, id);
              ObjectNode out = MarathonJson.object();
              out.set("app", MarathonJson.appInfo(app, s, embeds, clock.instant()));
              return ApiReply.ok(out);
            });
  }

  CompletionStage<ApiReply> create(ApiRequest r) {
    boolean force = r.query().allow("force").bool("force", false);
    AppDefinition app = AppCodec.parse(r.json(), PathId.ROOT);
    Instant now = clock.instant();
    return api.deploy(
            root -> {
              if (root.app(app.id()).isPresent()) {
                throw new ServicesException(
                    409, "An app with id [" + app.id() + "] already exists.");
              }
              if (root.group(app.id()).isPresent()) {
                throw new ServicesException(
                    409, "A group with id [" + app.id() + "] already exists.");
              }
              return root.withApp(app, now);
            },
            force)
        .thenApply(
            d -> {
              Deployment dep =
                  d.orElseThrow(() -> new IllegalStateException("create changed nothing"));
              AppDefinition created = dep.target().app(app.id()).orElse(app);
              ObjectNode body = AppCodec.write(created);
              body.put("tasksStaged", 0);
              body.put("tasksRunning", 0);
              body.put("tasksHealthy", 0);
              body.put("tasksUnhealthy", 0);
              body.putArray("deployments").addObject().put("id", dep.id());
              posted(r, created);
              return ApiReply.json(201, body)
                  .withHeader("Location", "/v2/apps" + created.id())
                  .withHeader(ApiReply.DEPLOYMENT_HEADER, dep.id());
            });
  }

  /**
   * PUT /v2/apps/{id}: create-or-update. With {@code partialUpdate} (Marathon's default) the body's
   * fields are laid over the existing app; without, the body is the whole new definition.
   */
  CompletionStage<ApiReply> replace(ApiRequest r, String rawId, boolean patchOnly) {
    Query q = patchOnly ? r.query().allow("force") : r.query().allow("force", "partialUpdate");
    boolean force = q.bool("force", false);
    boolean partial = patchOnly || q.bool("partialUpdate", true);
    PathId id = Ids.parse(rawId);
    JsonNode body = r.json();
    Ids.requireSameId(body, id, "");
    Instant now = clock.instant();
    Optional<Instant> rollback = AppJson.rollbackVersion(body);
    if (rollback.isPresent()) {
      return rollBack(r, id, rollback.get(), force, now);
    }
    AtomicBoolean existed = new AtomicBoolean();
    return api.deploy(
            root -> {
              Optional<AppDefinition> existing = root.app(id);
              existed.set(existing.isPresent());
              if (existing.isEmpty() && patchOnly) {
                throw Ids.unknownApp(id);
              }
              return root.withApp(updated(existing, body, id, partial), now);
            },
            force)
        .thenCompose(d -> result(r, d, id, existed.get() ? 200 : 201));
  }

  /** PUT and PATCH /v2/apps: many apps at once, each created (PUT only) or updated. */
  CompletionStage<ApiReply> replaceMany(ApiRequest r, boolean patchOnly) {
    Query q = patchOnly ? r.query().allow("force") : r.query().allow("force", "partialUpdate");
    boolean force = q.bool("force", false);
    boolean partial = patchOnly || q.bool("partialUpdate", true);
    JsonNode body = r.json();
    if (!body.isArray()) {
      throw ApiReply.invalidJson("", "error.expected.jsarray (a list of app definitions)");
    }
    List<PathId> ids = new ArrayList<>();
    for (int i = 0; i < body.size(); i++) {
      JsonNode id = body.get(i).path("id");
      if (!id.isTextual()) {
        throw Ids.invalid("(" + i + ")/id", "is required: every app of a bulk update names its id");
      }
      ids.add(Ids.parse(id.asText()));
    }
    Instant now = clock.instant();
    return api.deploy(
            root -> {
              Group g = root;
              for (int i = 0; i < ids.size(); i++) {
                Optional<AppDefinition> existing = g.app(ids.get(i));
                if (existing.isEmpty() && patchOnly) {
                  throw Ids.unknownApp(ids.get(i));
                }
                try {
                  g = g.withApp(updated(existing, body.get(i), ids.get(i), partial), now);
                } catch (ServicesException e) {
                  throw Ids.prefixed(e, "(" + i + ")");
                }
              }
              return g;
            },
            force)
        .thenApply(d -> deploymentReply(d, 200, null));
  }

  CompletionStage<ApiReply> delete(ApiRequest r, String rawId) {
    // Marathon's default for destroying an app is force=true: its deployments are cancelled.
    boolean force = r.query().allow("force").bool("force", true);
    PathId id = Ids.parse(rawId);
    Instant now = clock.instant();
    return api.deploy(
            root -> {
              if (root.app(id).isEmpty()) {
                throw Ids.unknownApp(id);
              }
              return root.without(id, now);
            },
            force)
        .thenApply(d -> deploymentReply(d, 200, null));
  }

  CompletionStage<ApiReply> restart(ApiRequest r, String rawId) {
    boolean force = r.query().allow("force").bool("force", false);
    PathId id = Ids.parse(rawId);
    return api.restart(id, force).thenApply(d -> deploymentReply(Optional.of(d), 200, null));
  }

  CompletionStage<ApiReply> versions(ApiRequest r, String rawId) {
    r.query().allow();
    PathId id = Ids.parse(rawId);
    return api.snapshot()
        .thenApply(
            s -> {
              AppDefinition app = Ids.app(s, id);
              ObjectNode out = MarathonJson.object();
              ArrayNode versions = out.putArray("versions");
              var history = s.history().get(id);
              if (history == null || history.isEmpty()) {
                versions.add(MarathonJson.time(app.version()));
              } else {
                history.descendingKeySet().forEach(v -> versions.add(MarathonJson.time(v)));
              }
              return ApiReply.ok(out);
            });
  }

  CompletionStage<ApiReply> version(ApiRequest r, String rawId, String rawVersion) {
    r.query().allow();
    PathId id = Ids.parse(rawId);
    Instant v = Ids.timestamp(rawVersion);
    return api.snapshot()
        .thenApply(
            s -> {
              Ids.app(s, id);
              var history = s.history().get(id);
              AppDefinition at = history == null ? null : history.get(v);
              if (at == null) {
                AppDefinition current = s.root().app(id).orElseThrow();
                if (!v.equals(current.version())) {
                  throw new ServicesException(
                      404, "App '" + id + "' does not exist in version " + MarathonJson.time(v));
                }
                at = current;
              }
              return ApiReply.ok(AppCodec.write(at));
            });
  }

  /** A body of only {@code version}: the app goes back to that stored definition. */
  private CompletionStage<ApiReply> rollBack(
      ApiRequest r, PathId id, Instant version, boolean force, Instant now) {
    return api.snapshot()
        .thenCompose(
            s -> {
              Ids.app(s, id);
              var history = s.history().get(id);
              AppDefinition old = history == null ? null : history.get(version);
              if (old == null) {
                throw new ServicesException(
                    404,
                    "App '" + id + "' does not exist in version " + MarathonJson.time(version));
              }
              return api.deploy(root -> root.withApp(old, now), force);
            })
        .thenCompose(d -> result(r, d, id, 200));
  }

  private AppDefinition updated(
      Optional<AppDefinition> existing, JsonNode body, PathId id, boolean partial) {
    if (existing.isPresent() && partial) {
      return AppCodec.patch(existing.get(), body);
    }
    return AppCodec.parseAt(body, id);
  }

  private CompletionStage<ApiReply> result(
      ApiRequest r, Optional<Deployment> d, PathId id, int status) {
    return api.snapshot()
        .thenApply(
            s -> {
              AppDefinition now =
                  d.flatMap(x -> x.target().app(id)).orElse(s.root().app(id).orElse(null));
              if (now != null && d.isPresent()) {
                posted(r, now);
              }
              ApiReply reply = deploymentReply(d, status, now);
              return status == 201 ? reply.withHeader("Location", "/v2/apps" + id) : reply;
            });
  }

  /**
   * Marathon's answer to a change: {@code {version, deploymentId}} and the deployment header. A
   * change that changed nothing started no deployment: its id is null and there is no header.
   */
  static ApiReply deploymentReply(Optional<Deployment> d, int status, AppDefinition app) {
    if (d.isPresent()) {
      return ApiReply.json(status, MarathonJson.deploymentResult(d.get()))
          .withHeader(ApiReply.DEPLOYMENT_HEADER, d.get().id());
    }
    ObjectNode o = MarathonJson.object();
    o.put("version", app == null ? null : MarathonJson.time(app.version()));
    o.putNull("deploymentId");
    return ApiReply.json(status, o);
  }

  private void posted(ApiRequest r, AppDefinition app) {
    ObjectNode e = MarathonJson.object();
    e.put("clientIp", r.remoteAddress());
    e.put("uri", "/v2" + r.path());
    e.set("appDefinition", AppCodec.write(app));
    e.put("eventType", "api_post_event");
    e.put("timestamp", MarathonJson.time(clock.instant()));
    events.publish(e);
  }

  private static boolean contains(String value, String filter) {
    return filter == null
        || (value != null
            && value.toLowerCase(Locale.ROOT).contains(filter.toLowerCase(Locale.ROOT)));
  }
}
