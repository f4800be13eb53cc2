package io.mezzo.framework.services.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mezzo.framework.services.app.AppDefinition.HealthCheckDef;
import io.mezzo.framework.services.app.AppDefinition.KillSelection;
import io.mezzo.framework.services.app.AppDefinition.UnreachableStrategy;
import io.mezzo.framework.services.app.AppDefinition.UpgradeStrategy;
import io.mezzo.framework.services.app.AppDefinition.VersionInfo;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Marathon's app JSON ↔ {@link AppDefinition}: {@link #parse} applies Marathon's defaults and
 * translates the deprecated fields ({@code uris}, {@code ports}, {@code docker.network}, {@code
 * docker.portMappings}); {@link #write} gives Marathon's GET form with every default spelled out;
 * {@link #patch} is Marathon's partial update (PATCH, and PUT without {@code partialUpdate=false}):
 * the top-level fields given replace the app's, the others stay.
 *
 * <p>Every problem is collected and thrown at once as a 422 {@code Object is not valid} with
 * Marathon's JSON paths. Unknown fields and Marathon fields Mezzo cannot run are refused at their
 * path with the reason; nothing is accepted and then dropped, except the read-only status fields of
 * Marathon's GET output ({@code tasksRunning}, {@code deployments} …), so that a fetched app can be
 * posted back. Pure and thread-safe.
 */
public final class AppJson {
  private AppJson() {}

  /** Marathon's default role for apps that name none (the framework's role). */
  public static final String DEFAULT_ROLE = "marathon";

  /** Fields of Marathon's GET output that describe state, not the definition. */
  static final List<String> READ_ONLY =
      List.of(
          "tasksStaged",
          "tasksRunning",
          "tasksHealthy",
          "tasksUnhealthy",
          "deployments",
          "tasks",
          "lastTaskFailure",
          "readinessCheckResults",
          "tasksStats",
          "taskStats");

  /**
   * Parses one app; a relative {@code id} is resolved against {@code base} (the root for {@code
   * POST /v2/apps}, the group for an app inside a group definition).
   *
   * @throws io.mezzo.framework.services.ServicesException 422 with every problem found
   */
  public static AppDefinition parse(JsonNode json, PathId base) {
    Violations v = new Violations();
    AppDefinition app = readApp(json, base, null, v);
    v.throwIfAny();
    return app;
  }

  /**
   * Parses an app whose id is given by the URL ({@code PUT /v2/apps/{id}}); an {@code id} in the
   * body must be the same app or be left out.
   */
  public static AppDefinition parse(JsonNode json, PathId base, PathId urlId) {
    Violations v = new Violations();
    AppDefinition app = readApp(json, base, urlId, v);
    v.throwIfAny();
    return app;
  }

  /**
   * As {@link #parse(JsonNode, PathId)} but recording problems in {@code v} under {@code path} (for
   * apps inside a group definition); null if the app could not be read at all.
   */
  static AppDefinition readInGroup(JsonNode json, PathId base, String path, Violations v) {
    Violations own = new Violations();
    AppDefinition app = readApp(json, base, null, own);
    v.addAll(path, own);
    return app;
  }

  private static AppDefinition readApp(JsonNode json, PathId base, PathId urlId, Violations v) {
    JsonFields f = JsonFields.of(json, "", v, "an app");
    if (f == null) {
      return null;
    }
    PathId id = id(f, base, urlId);
    String cmd = f.string("cmd");
    if (cmd != null && cmd.isEmpty()) {
      v.add(f.path("cmd"), "must not be an empty string");
    }
    List<String> args = f.has("args") ? f.strings("args") : null;
    String user = f.string("user");
    Map<String, String> env = env(f);
    int instances = f.integer("instances", 1, 0, Integer.MAX_VALUE);
    double cpus = f.number("cpus", 1);
    double mem = f.number("mem", 128);
    double disk = f.number("disk", 0);
    int gpus = f.integer("gpus", 0, 0, Integer.MAX_VALUE);
    List<AppDefinition.Constraint> constraints = SchedulingJson.constraints(f);
    List<AppDefinition.FetchUri> fetch = FetchJson.read(f);
    ContainerJson.Networking net = ContainerJson.read(f);
    List<HealthCheckDef> healthChecks = CheckJson.healthChecks(f);
    boolean hasPorts =
        !net.portDefinitions().isEmpty()
            || (net.container() != null && !net.container().portMappings().isEmpty());
    healthChecks = healthChecks.stream().map(h -> defaultPortIndex(h, hasPorts)).toList();
    List<AppDefinition.ReadinessCheckDef> readiness = CheckJson.readinessChecks(f);
    List<PathId> dependencies = SchedulingJson.dependencies(f, id);
    UpgradeStrategy upgrade = SchedulingJson.upgradeStrategy(f);
    UnreachableStrategy unreachable = SchedulingJson.unreachableStrategy(f);
    KillSelection kill = SchedulingJson.killSelection(f);
    Integer grace = f.integer("taskKillGracePeriodSeconds", null, 0, Integer.MAX_VALUE);
    double backoff = f.number("backoffSeconds", 1);
    double factor = f.number("backoffFactor", 1.15);
    double maxDelay = f.number("maxLaunchDelaySeconds", 300);
    Map<String, String> labels = f.stringMap("labels");
    List<String> accepted =
        f.has("acceptedResourceRoles") ? f.strings("acceptedResourceRoles") : null;
    if (accepted != null && accepted.isEmpty()) {
      v.add(f.path("acceptedResourceRoles"), "must not be empty: leave it out to accept any role");
    }
    String role = f.string("role", DEFAULT_ROLE);
    Instant version = f.instant("version");
    VersionInfo versionInfo = versionInfo(f);
    refusals(f);
    f.ignore(READ_ONLY.toArray(String[]::new));
    f.finish();
    AppDefinition app =
        new AppDefinition(
            id,
            cmd,
            args,
            user,
            env,
            instances,
            cpus,
            mem,
            disk,
            gpus,
            constraints,
            fetch,
            net.container(),
            net.networks(),
            net.portDefinitions(),
            net.requirePorts(),
            healthChecks,
            readiness,
            dependencies,
            upgrade,
            unreachable,
            kill,
            grace == null ? null : (long) grace,
            backoff,
            factor,
            maxDelay,
            labels,
            accepted == null ? List.of() : accepted,
            role,
            version,
            versionInfo);
    AppValidator.validate(app, v);
    return app;
  }

  private static PathId id(JsonFields f, PathId base, PathId urlId) {
    String raw = f.string("id");
    if (raw == null) {
      if (urlId == null) {
        f.violations().add(f.path("id"), "must be set: the app's path, such as /prod/web");
        return base.child("invalid-id");
      }
      return urlId;
    }
    try {
      PathId id = base.resolve(raw);
      if (id.isRoot()) {
        f.violations().add(f.path("id"), "must not be the root group '/'");
        return base.child("invalid-id");
      }
      if (urlId != null && !id.equals(urlId)) {
        f.violations()
            .add(f.path("id"), "must be " + urlId + " as in the URL, or be left out; got " + id);
        return urlId;
      }
      return id;
    } catch (IllegalArgumentException e) {
      f.violations().add(f.path("id"), e.getMessage());
      return urlId != null ? urlId : base.child("invalid-id");
    }
  }

  private static Map<String, String> env(JsonFields f) {
    JsonNode n = f.raw("env");
    Map<String, String> out = new TreeMap<>();
    if (n == null) {
      return out;
    }
    if (!n.isObject()) {
      f.violations().add(f.path("env"), "must be an object of names to strings");
      return out;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String p = Violations.at(f.path("env"), e.getKey());
      if (e.getKey().isEmpty() || e.getKey().contains("=") || e.getKey().contains("\0")) {
        f.violations().add(p, "is not a valid environment variable name");
      } else if (e.getValue().isObject() && e.getValue().has("secret")) {
        f.violations().add(p, "secret references are not supported: Mezzo has no secret store");
      } else if (!e.getValue().isTextual()) {
        f.violations().add(p, "must be a string, got " + JsonFields.kind(e.getValue()));
      } else {
        out.put(e.getKey(), e.getValue().asText());
      }
    }
    return out;
  }

  private static HealthCheckDef defaultPortIndex(HealthCheckDef h, boolean hasPorts) {
    // Marathon's normalization: a network check without port or portIndex checks the first port.
    if (!hasPorts || h.protocol().equals("COMMAND") || h.port() != null || h.portIndex() != null) {
      return h;
    }
    return new HealthCheckDef(
        h.protocol(),
        h.path(),
        0,
        null,
        h.command(),
        h.gracePeriodSeconds(),
        h.intervalSeconds(),
        h.timeoutSeconds(),
        h.maxConsecutiveFailures(),
        h.delaySeconds(),
        h.ipProtocol());
  }

  private static VersionInfo versionInfo(JsonFields f) {
    JsonFields vi = f.object("versionInfo", "version info");
    if (vi == null) {
      return null;
    }
    Instant scaling = vi.instant("lastScalingAt");
    Instant config = vi.instant("lastConfigChangeAt");
    vi.finish();
    return new VersionInfo(scaling, config);
  }

  /** Marathon fields that Mezzo cannot run: refused with the reason rather than dropped. */
  private static void refusals(JsonFields f) {
    String executor = f.string("executor");
    if (executor != null && !executor.isEmpty() && !executor.equals("//cmd")) {
      f.violations()
          .add(
              f.path("executor"),
              "custom executors are not supported for apps: every app runs under the command"
                  + " executor (leave executor out, \"\" or \"//cmd\")");
    }
    JsonNode secrets = f.raw("secrets");
    if (secrets != null && !(secrets.isObject() && secrets.isEmpty())) {
      f.violations().add(f.path("secrets"), "secrets are not supported: Mezzo has no secret store");
    }
    f.refuse(
        "residency",
        "residency (local persistent volumes) is not supported: Mezzo makes no reservations for"
            + " them");
    if (Boolean.TRUE.equals(f.bool("tty"))) {
      f.violations().add(f.path("tty"), "tty is not supported: containers get no terminal");
    }
    f.refuse(
        "check",
        "app checks are not supported yet; use healthChecks (MESOS_HTTP, MESOS_TCP or COMMAND)");
    f.refuse(
        "executorResources",
        "executorResources is not supported: the command executor's share is not configurable");
    f.refuse(
        "resourceLimits",
        "resourceLimits is not supported: containers are limited to their resources (no"
            + " burstable limits)");
  }

  /**
   * Marathon's GET form of an app: every field, defaults spelled out; {@code cmd}, {@code args},
   * {@code user}, {@code container} and {@code taskKillGracePeriodSeconds} only when set.
   */
  public static ObjectNode write(AppDefinition app) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("id", app.id().toString());
    if (app.cmd() != null) {
      o.put("cmd", app.cmd());
    }
    if (app.args() != null) {
      ArrayNode a = o.putArray("args");
      app.args().forEach(a::add);
    }
    if (app.user() != null) {
      o.put("user", app.user());
    }
    o.set("env", stringMap(app.env()));
    o.put("instances", app.instances());
    o.put("cpus", app.cpus());
    o.put("mem", app.mem());
    o.put("disk", app.disk());
    o.put("gpus", app.gpus());
    o.put("executor", "");
    ArrayNode cs = o.putArray("constraints");
    for (AppDefinition.Constraint c : app.constraints()) {
      ArrayNode a = cs.addArray().add(c.field()).add(c.operator());
      if (c.value() != null) {
        a.add(c.value());
      }
    }
    FetchJson.write(app, o);
    ContainerJson.write(app, o);
    CheckJson.write(app, o);
    ArrayNode deps = o.putArray("dependencies");
    app.dependencies().forEach(d -> deps.add(d.toString()));
    o.putObject("upgradeStrategy")
        .put("minimumHealthCapacity", app.upgradeStrategy().minimumHealthCapacity())
        .put("maximumOverCapacity", app.upgradeStrategy().maximumOverCapacity());
    if (app.unreachableStrategy().disabled()) {
      o.put("unreachableStrategy", "disabled");
    } else {
      o.putObject("unreachableStrategy")
          .put("inactiveAfterSeconds", app.unreachableStrategy().inactiveAfterSeconds())
          .put("expungeAfterSeconds", app.unreachableStrategy().expungeAfterSeconds());
    }
    o.put("killSelection", app.killSelection().name());
    if (app.taskKillGracePeriodSeconds() != null) {
      o.put("taskKillGracePeriodSeconds", app.taskKillGracePeriodSeconds());
    }
    o.put("backoffSeconds", app.backoffSeconds());
    o.put("backoffFactor", app.backoffFactor());
    o.put("maxLaunchDelaySeconds", app.maxLaunchDelaySeconds());
    o.set("labels", stringMap(app.labels()));
    if (!app.acceptedResourceRoles().isEmpty()) {
      ArrayNode a = o.putArray("acceptedResourceRoles");
      app.acceptedResourceRoles().forEach(a::add);
    }
    o.put("role", app.role());
    if (app.version() != null) {
      o.put("version", app.version().toString());
    }
    if (app.versionInfo() != null) {
      ObjectNode vi = o.putObject("versionInfo");
      if (app.versionInfo().lastScalingAt() != null) {
        vi.put("lastScalingAt", app.versionInfo().lastScalingAt().toString());
      }
      if (app.versionInfo().lastConfigChangeAt() != null) {
        vi.put("lastConfigChangeAt", app.versionInfo().lastConfigChangeAt().toString());
      }
    }
    return o;
  }

  /**
   * Marathon's partial update: each top-level field of {@code json} replaces the app's, the others
   * keep their value. The id stays the app's (an {@code id} in the body must name the same app);
   * {@code version} and {@code versionInfo} are not taken from the body (a body of only {@code
   * version} is a rollback: see {@link #rollbackVersion}). Changing the networking without giving
   * {@code portDefinitions} or {@code container} lets them take the new network's defaults.
   */
  public static AppDefinition patch(AppDefinition existing, JsonNode json) {
    Violations v = new Violations();
    if (json == null || !json.isObject()) {
      v.add("/", "must be a JSON object (an app update)");
      throw v.toException();
    }
    if (json.has("version") && json.size() > (json.has("id") ? 2 : 1)) {
      v.add("/version", "The 'version' field may only be combined with the 'id' field");
      throw v.toException();
    }
    ObjectNode merged = write(existing);
    merged.remove(List.of("version", "versionInfo"));
    if (json.has("ports") || json.has("portDefinitions")) {
      merged.remove("portDefinitions");
    }
    if (json.has("uris") || json.has("fetch")) {
      merged.remove("fetch");
    }
    if (json.has("networks") && !json.has("portDefinitions") && !json.has("ports")) {
      merged.remove("portDefinitions");
    }
    if (json.has("networks") && !json.has("container") && merged.has("container")) {
      ((ObjectNode) merged.get("container")).remove("portMappings");
    }
    if (json.has("cmd") && !json.has("args")) {
      merged.remove("args");
    }
    if (json.has("args") && !json.has("cmd")) {
      merged.remove("cmd");
    }
    json.fields()
        .forEachRemaining(
            e -> {
              if (!e.getKey().equals("id") && !e.getKey().equals("version")) {
                merged.set(e.getKey(), e.getValue());
              }
            });
    AppDefinition app = readApp(merged, PathId.ROOT, null, v);
    if (json.has("id") && json.get("id").isTextual()) {
      try {
        if (!existing.id().parent().resolve(json.get("id").asText()).equals(existing.id())) {
          v.add("/id", "must be " + existing.id() + " (the app being updated) or be left out");
        }
      } catch (IllegalArgumentException e) {
        v.add("/id", e.getMessage());
      }
    }
    v.throwIfAny();
    return app.withVersion(existing.version(), existing.versionInfo());
  }

  /**
   * The version asked for by a body of only {@code version} (and perhaps {@code id}): Marathon's
   * rollback of an app to one of its earlier versions.
   */
  public static Optional<Instant> rollbackVersion(JsonNode json) {
    if (json == null || !json.isObject() || !json.has("version")) {
      return Optional.empty();
    }
    if (json.size() > (json.has("id") ? 2 : 1)) {
      return Optional.empty();
    }
    Violations v = new Violations();
    JsonFields f = new JsonFields(json, "", v, "an app update");
    Instant at = f.instant("version");
    v.throwIfAny();
    return Optional.ofNullable(at);
  }

  static ObjectNode stringMap(Map<String, String> m) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    new TreeMap<>(m).forEach(o::put);
    return o;
  }
}
