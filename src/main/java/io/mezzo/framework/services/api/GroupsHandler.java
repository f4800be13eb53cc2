package io.mezzo.framework.services.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mezzo.framework.services.ServicesApi;
import io.mezzo.framework.services.ServicesException;
import io.mezzo.framework.services.app.AppDefinition;
import io.mezzo.framework.services.app.Group;
import io.mezzo.framework.services.app.PathId;
import io.mezzo.framework.services.deploy.Deployment;
import io.mezzo.framework.services.deploy.DeploymentPlanner;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import java.util.function.UnaryOperator;

/**
 * {@code /v2/groups} and {@code /v2/groups/{id}} (nested ids): show with {@code embed}, create,
 * update (the parts the body gives replace the group's; {@code scaleBy} alone scales every app
 * under it), destroy, and the group's versions.
 */
final class GroupsHandler {
  private final ServicesApi api;
  private final Clock clock;

  GroupsHandler(ServicesApi api, Clock clock) {
    this.api = api;
    this.clock = clock;
  }

  CompletionStage<ApiReply> show(ApiRequest r, String rawId) {
    List<String> embed = r.query().allow("embed").all("embed");
    if (embed.isEmpty()) {
      embed = List.of("group.groups", "group.apps");
    }
    boolean apps = false;
    boolean groups = false;
    List<String> appEmbeds = new ArrayList<>();
    for (String e : embed) {
      switch (e) {
        case "group.groups" -> groups = true;
        case "group.apps" -> apps = true;
        case "group.pods" -> {} // Mezzo runs no pods: "pods" is always empty
        default -> {
          if (!e.startsWith("group.apps.")) {
            throw ApiReply.badRequest(
                "Unknown embed '"
                    + e
                    + "'; known: group.groups, group.apps, group.pods, group.apps.tasks,"
                    + " group.apps.counts, group.apps.deployments, group.apps.lastTaskFailure,"
                    + " group.apps.taskStats, group.apps.readiness");
          }
          appEmbeds.add(e);
        }
      }
    }
    Set<AppEmbed> perApp = AppEmbed.parse(appEmbeds);
    boolean withApps = apps;
    boolean withGroups = groups;
    PathId id = Ids.parse(rawId);
    return api.snapshot()
        .thenApply(
            s -> {
              Group g =
                  s.root()
                      .group(id)
                      .orElseGet(
                          () -> {
                            if (id.isRoot()) {
                              return Group.empty(PathId.ROOT, null);
                            }
                            throw Ids.unknownGroup(id);
                          });
              return ApiReply.ok(
                  MarathonJson.group(g, s, withApps, withGroups, perApp, clock.instant()));
            });
  }

  /**
   * The versions Mezzo knows of the group: its own and those of the apps under it (each app change
   * was a change of the group). Newest first, as Marathon lists them.
   */
  CompletionStage<ApiReply> versions(ApiRequest r, String rawId) {
    r.query().allow();
    PathId id = Ids.parse(rawId);
    return api.snapshot()
        .thenApply(
            s -> {
              Group g = s.root().group(id).orElseThrow(() -> Ids.unknownGroup(id));
              Set<Instant> versions = new TreeSet<>(java.util.Comparator.reverseOrder());
              if (g.version() != null) {
                versions.add(g.version());
              }
              for (PathId app : g.allApps().keySet()) {
                var h = s.history().get(app);
                if (h != null) {
                  versions.addAll(h.keySet());
                }
              }
              ArrayNode out = MarathonJson.array();
              versions.forEach(v -> out.add(MarathonJson.time(v)));
              return ApiReply.ok(out);
            });
  }

  CompletionStage<ApiReply> create(ApiRequest r, String rawId) {
    boolean force = r.query().allow("force").bool("force", false);
    PathId base = Ids.parse(rawId);
    Instant now = clock.instant();
    Group group = AppCodec.parseGroup(r.json(), base, now);
    return api.deploy(
            root -> {
              if (root.group(group.id()).isPresent() && !group.id().isRoot()) {
                throw new ServicesException(
                    409,
                    "Group " + group.id() + " is already created. Use PUT to change this group.");
              }
              if (group.id().isRoot() && !root.allApps().isEmpty()) {
                throw new ServicesException(
                    409, "Group / is already created. Use PUT to change this group.");
              }
              if (root.app(group.id()).isPresent()) {
                throw new ServicesException(
                    409, "An app with the path " + group.id() + " already exists.");
              }
              return root.withGroup(group, now);
            },
            force)
        .thenApply(
            d ->
                AppsHandler.deploymentReply(d, 201, null)
                    .withHeader("Location", "/v2/groups" + group.id()));
  }

  CompletionStage<ApiReply> update(ApiRequest r, String rawId) {
    Query q = r.query().allow("force", "dryRun");
    boolean force = q.bool("force", false);
    boolean dryRun = q.bool("dryRun", false);
    PathId base = Ids.parse(rawId);
    JsonNode body = r.json();
    if (!body.isObject()) {
      throw ApiReply.invalidJson("", "error.expected.jsobject");
    }
    if (body.has("version")) {
      throw Ids.invalid(
          "/version",
          "rolling a group back to a version is not supported; PUT the app versions you want"
              + " (GET /v2/apps/{id}/versions/{version})");
    }
    Instant now = clock.instant();
    if (body.has("scaleBy")) {
      JsonNode by = body.get("scaleBy");
      if (!by.isNumber() || by.asDouble() < 0) {
        throw Ids.invalid("/scaleBy", "must be a number of at least 0");
      }
      return apply(root -> scaled(root, base, by.asDouble(), now), force, dryRun, now);
    }
    Group parsed = AppCodec.parseGroup(body, base, now);
    return apply(
        root -> {
          Group current = root.group(parsed.id()).orElse(Group.empty(parsed.id(), now));
          Group next =
              new Group(
                  parsed.id(),
                  body.has("apps") ? parsed.apps() : current.apps(),
                  body.has("groups") ? parsed.groups() : current.groups(),
                  body.has("dependencies") ? parsed.dependencies() : current.dependencies(),
                  now);
          if (root.app(parsed.id()).isPresent()) {
            throw new ServicesException(
                409, "An app with the path " + parsed.id() + " already exists.");
          }
          return root.withGroup(next, now);
        },
        force,
        dryRun,
        now);
  }

  /**
   * Deploys {@code change}, or with {@code dryRun} only answers the steps the deployment would take
   * ({@code {"steps": […]}}), planned from the current root as the framework would.
   */
  private CompletionStage<ApiReply> apply(
      UnaryOperator<Group> change, boolean force, boolean dryRun, Instant now) {
    if (!dryRun) {
      return api.deploy(change, force).thenApply(d -> AppsHandler.deploymentReply(d, 200, null));
    }
    return api.snapshot()
        .thenApply(
            s -> {
              Optional<Deployment> plan =
                  new DeploymentPlanner().plan(s.root(), change.apply(s.root()), "dry-run", now);
              ObjectNode out = MarathonJson.object();
              out.set("steps", MarathonJson.steps(plan.map(Deployment::steps).orElse(List.of())));
              return ApiReply.ok(out);
            });
  }

  CompletionStage<ApiReply> delete(ApiRequest r, String rawId) {
    boolean force = r.query().allow("force").bool("force", false);
    PathId id = Ids.parse(rawId);
    Instant now = clock.instant();
    return api.deploy(
            root -> {
              if (id.isRoot()) {
                return Group.empty(PathId.ROOT, now);
              }
              if (root.group(id).isEmpty()) {
                throw Ids.unknownGroup(id);
              }
              return root.without(id, now);
            },
            force)
        .thenApply(d -> AppsHandler.deploymentReply(d, 200, null));
  }

  /** Every app under {@code groupId} with its instances times {@code factor}, rounded up. */
  private static Group scaled(Group root, PathId groupId, double factor, Instant now) {
    Group g = root.group(groupId).orElseThrow(() -> Ids.unknownGroup(groupId));
    Group out = root;
    for (Map.Entry<PathId, AppDefinition> e : g.allApps().entrySet()) {
      int n = (int) Math.ceil(e.getValue().instances() * factor);
      out = out.withApp(e.getValue().withInstances(n), now);
    }
    return out;
  }
}
