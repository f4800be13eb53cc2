package io.mezzo.framework.services.app;

import io.mezzo.framework.services.app.AppDefinition.Constraint;
import io.mezzo.framework.services.app.AppDefinition.HealthCheckDef;
import io.mezzo.framework.services.app.AppDefinition.PortDefinition;
import io.mezzo.framework.services.app.AppDefinition.PortMapping;
import io.mezzo.framework.services.app.AppDefinition.ReadinessCheckDef;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The rules of an app definition that Marathon enforces and a user can trip, checked on the parsed
 * definition (so apps built in code are held to them too): resource ranges, constraint syntax,
 * ports, health and readiness checks, strategies, roles. Problems go into a {@link Violations} at
 * Marathon's JSON paths. Pure.
 */
public final class AppValidator {
  private AppValidator() {}

  static final Set<String> OPERATORS =
      Set.of("UNIQUE", "CLUSTER", "GROUP_BY", "LIKE", "UNLIKE", "MAX_PER", "IS");

  /** Marathon's label for an app that must never run two instances at once. */
  static final String SINGLE_INSTANCE_LABEL = "MARATHON_SINGLE_INSTANCE_APP";

  /** Every problem of {@code app}; empty if it is valid. */
  public static Violations validate(AppDefinition app) {
    Violations v = new Violations();
    validate(app, v);
    return v;
  }

  static void validate(AppDefinition app, Violations v) {
    boolean hasCmd = app.cmd() != null;
    boolean hasArgs = app.args() != null && !app.args().isEmpty();
    if (hasCmd && hasArgs) {
      v.add("/", "AppDefinition must not contain both 'cmd' and 'args'");
    } else if (!hasCmd && !hasArgs && app.container() == null) {
      v.add("/", "AppDefinition must either contain one of 'cmd' or 'args', and/or a 'container'");
    } else if (!hasCmd && !hasArgs && app.container().type().equals("MESOS")) {
      // Marathon would run a MESOS container's image; Mezzo's have none, so nothing would run.
      v.add("/", "a MESOS container has no image to run: give 'cmd' or 'args'");
    }
    resources(app, v);
    for (int i = 0; i < app.constraints().size(); i++) {
      constraint(app.constraints().get(i), Violations.index("/constraints", i), v);
    }
    ports(app, v);
    healthChecks(app, v);
    readinessChecks(app, v);
    strategies(app, v);
    roles(app, v);
  }

  private static void resources(AppDefinition app, Violations v) {
    if (!(app.cpus() >= 0.001) || Double.isInfinite(app.cpus())) {
      v.add("/cpus", "must be at least 0.001, got " + app.cpus());
    }
    if (!(app.mem() >= 0) || Double.isInfinite(app.mem())) {
      v.add("/mem", "must be 0 or more (MB), got " + app.mem());
    }
    if (!(app.disk() >= 0) || Double.isInfinite(app.disk())) {
      v.add("/disk", "must be 0 or more (MB), got " + app.disk());
    }
    if (app.instances() < 0) {
      v.add("/instances", "must be 0 or more, got " + app.instances());
    }
    if (app.gpus() > 0) {
      v.add("/gpus", "GPUs are not supported: Mezzo agents offer no gpus resource (no GPU agents)");
    } else if (app.gpus() < 0) {
      v.add("/gpus", "must be 0 or more, got " + app.gpus());
    }
    if (!(app.backoffSeconds() >= 0) || Double.isInfinite(app.backoffSeconds())) {
      v.add("/backoffSeconds", "must be 0 or more, got " + app.backoffSeconds());
    }
    if (!(app.backoffFactor() >= 1) || Double.isInfinite(app.backoffFactor())) {
      v.add("/backoffFactor", "must be at least 1.0, got " + app.backoffFactor());
    }
    if (!(app.maxLaunchDelaySeconds() >= 0) || Double.isInfinite(app.maxLaunchDelaySeconds())) {
      v.add("/maxLaunchDelaySeconds", "must be 0 or more, got " + app.maxLaunchDelaySeconds());
    }
    if (app.taskKillGracePeriodSeconds() != null && app.taskKillGracePeriodSeconds() < 0) {
      v.add("/taskKillGracePeriodSeconds", "must be 0 or more");
    }
  }

  static void constraint(Constraint c, String path, Violations v) {
    if (c.field() == null || c.field().isEmpty()) {
      v.add(path, "missing field for constraint declaration");
      return;
    }
    String op = c.operator();
    String value = c.value();
    if (!OPERATORS.contains(op)) {
      v.add(
          path,
          "operator must be one of UNIQUE, CLUSTER, GROUP_BY, LIKE, UNLIKE, MAX_PER or IS, got \""
              + op
              + "\"");
      return;
    }
    switch (op) {
      case "UNIQUE" -> {
        if (value != null) {
          v.add(path, "UNIQUE does not accept a value");
        }
      }
      case "GROUP_BY" -> {
        if (value != null && !positiveInt(value)) {
          v.add(path, "GROUP_BY takes no value or a positive whole number, got \"" + value + "\"");
        }
      }
      case "MAX_PER" -> {
        if (value == null || !positiveInt(value)) {
          v.add(path, "MAX_PER requires a positive whole number value");
        }
      }
      case "LIKE", "UNLIKE" -> {
        if (value == null || value.isEmpty()) {
          v.add(path, op + " requires a non-empty regular expression value");
        } else {
          try {
            Pattern.compile(value);
          } catch (PatternSyntaxException e) {
            v.add(path, "'" + value + "' is not a valid regular expression: " + e.getDescription());
          }
        }
      }
      case "IS" -> {
        if (value == null || !value.matches("^[a-zA-Z0-9_/.-]+$")) {
          v.add(path, "IS requires a Mesos text or number value (letters, digits, _ / . -)");
        }
      }
      default -> {
        // CLUSTER takes a value or none: without one, all instances follow the first.
      }
    }
  }

  private static boolean positiveInt(String s) {
    try {
      return Integer.parseInt(s) > 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** The number of ports an instance gets: port mappings on a bridge, else port definitions. */
  static int portCount(AppDefinition app) {
    return app.container() != null && !app.container().portMappings().isEmpty()
        ? app.container().portMappings().size()
        : app.portDefinitions().size();
  }

  private static void ports(AppDefinition app, Violations v) {
    Set<String> names = new HashSet<>();
    Set<Integer> numbers = new HashSet<>();
    List<PortDefinition> defs = app.portDefinitions();
    for (int i = 0; i < defs.size(); i++) {
      String p = Violations.index("/portDefinitions", i);
      PortDefinition d = defs.get(i);
      if (d.name() != null && !names.add(d.name())) {
        v.add(p + "/name", "Port names must be unique: '" + d.name() + "' is used twice");
      }
      if (d.port() != 0 && !numbers.add(d.port())) {
        v.add(p + "/port", "Ports must be unique: " + d.port() + " is used twice");
      }
      if (app.requirePorts() && d.port() == 0) {
        v.add(
            p + "/port",
            "requirePorts needs a fixed port in every port definition: 0 means any port");
      }
    }
    if (app.container() == null) {
      return;
    }
    if (app.container().type().equals("DOCKER")
        && (app.container().docker() == null || app.container().docker().image().isBlank())) {
      v.add("/container/docker/image", "must be set: a DOCKER container needs an image");
    }
    names.clear();
    numbers.clear();
    List<PortMapping> mappings = app.container().portMappings();
    for (int i = 0; i < mappings.size(); i++) {
      String p = Violations.index("/container/portMappings", i);
      PortMapping m = mappings.get(i);
      if (m.name() != null && !names.add(m.name())) {
        v.add(p + "/name", "Port names must be unique: '" + m.name() + "' is used twice");
      }
      if (m.hostPort() != null && m.hostPort() != 0 && !numbers.add(m.hostPort())) {
        v.add(p + "/hostPort", "Host ports must be unique: " + m.hostPort() + " is used twice");
      }
    }
  }

  private static void healthChecks(AppDefinition app, Violations v) {
    List<HealthCheckDef> checks = app.healthChecks();
    if (checks.size() > 1) {
      v.add(
          "/healthChecks",
          "at most one health check: Mesos runs one health check per task (got "
              + checks.size()
              + ")");
    }
    int ports = portCount(app);
    boolean docker = app.container() != null && app.container().type().equals("DOCKER");
    for (int i = 0; i < checks.size(); i++) {
      HealthCheckDef h = checks.get(i);
      String p = Violations.index("/healthChecks", i);
      if (h.protocol().equals("COMMAND") || !h.protocol().startsWith("MESOS_")) {
        continue;
      }
      if (h.portIndex() != null && (h.portIndex() < 0 || h.portIndex() >= ports)) {
        v.add(
            p + "/portIndex",
            "Health check port indices must address an element of the ports array or container"
                + " port mappings: "
                + h.portIndex()
                + " is out of range, the app has "
                + ports
                + " port(s)");
      }
      if (h.portIndex() == null && (h.port() == null || h.port() == 0)) {
        v.add(p, "needs a portIndex or a port: the app has no ports to check");
      }
      if (h.ipProtocol().equals("IPv6") && !docker) {
        v.add(
            p + "/ipProtocol",
            "IPv6 can only be used for container type DOCKER and Mesos http/https/tcp health"
                + " checks");
      }
    }
  }

  private static void readinessChecks(AppDefinition app, Violations v) {
    List<ReadinessCheckDef> checks = app.readinessChecks();
    if (checks.size() > 1) {
      v.add("/readinessChecks", "at most one readiness check, got " + checks.size());
    }
    List<String> portNames = new ArrayList<>();
    if (app.container() != null && !app.container().portMappings().isEmpty()) {
      app.container().portMappings().forEach(m -> portNames.add(m.name()));
    } else {
      app.portDefinitions().forEach(d -> portNames.add(d.name()));
    }
    for (int i = 0; i < checks.size(); i++) {
      ReadinessCheckDef r = checks.get(i);
      String p = Violations.index("/readinessChecks", i);
      if (!portNames.contains(r.portName())) {
        v.add(p + "/portName", "No port definition reference for portName " + r.portName());
      }
      if (r.timeoutSeconds() >= r.intervalSeconds()) {
        v.add(
            p + "/timeoutSeconds",
            "must be less than intervalSeconds ("
                + r.intervalSeconds()
                + "), got "
                + r.timeoutSeconds());
      }
    }
  }

  private static void strategies(AppDefinition app, Violations v) {
    AppDefinition.UpgradeStrategy u = app.upgradeStrategy();
    if (!(u.minimumHealthCapacity() >= 0 && u.minimumHealthCapacity() <= 1)) {
      v.add(
          "/upgradeStrategy/minimumHealthCapacity",
          "must be between 0.0 and 1.0, got " + u.minimumHealthCapacity());
    }
    if (!(u.maximumOverCapacity() >= 0 && u.maximumOverCapacity() <= 1)) {
      v.add(
          "/upgradeStrategy/maximumOverCapacity",
          "must be between 0.0 and 1.0, got " + u.maximumOverCapacity());
    }
    if ("true".equals(app.labels().get(SINGLE_INSTANCE_LABEL))) {
      if (app.instances() > 1) {
        v.add("/instances", "Single instance app may only have one instance");
      }
      if (u.minimumHealthCapacity() != 0 || u.maximumOverCapacity() != 0) {
        v.add(
            "/upgradeStrategy",
            "a single instance app needs minimumHealthCapacity 0 and maximumOverCapacity 0");
      }
    }
    AppDefinition.UnreachableStrategy s = app.unreachableStrategy();
    if (!s.disabled()) {
      if (s.inactiveAfterSeconds() < 0) {
        v.add("/unreachableStrategy/inactiveAfterSeconds", "must be 0 or more");
      }
      if (s.inactiveAfterSeconds() > s.expungeAfterSeconds()) {
        v.add(
            "/unreachableStrategy/inactiveAfterSeconds",
            "inactiveAfterSeconds ("
                + s.inactiveAfterSeconds()
                + ") must be less or equal to expungeAfterSeconds, which is "
                + s.expungeAfterSeconds());
      }
    }
  }

  private static void roles(AppDefinition app, Violations v) {
    String role = app.role();
    if (role == null
        || role.isEmpty()
        || role.equals(".")
        || role.equals("..")
        || role.startsWith("-")
        || role.startsWith("/")
        || role.endsWith("/")
        || role.contains("//")
        || !role.chars().allMatch(ch -> ch > 0x20 && ch < 0x7f && ch != '\\')) {
      v.add("/role", "'" + role + "' is not a valid Mesos role name");
    }
    List<String> accepted = app.acceptedResourceRoles();
    if (new HashSet<>(accepted).size() != accepted.size()) {
      v.add("/acceptedResourceRoles", "must not list a role twice");
    }
    for (int i = 0; i < accepted.size(); i++) {
      String r = accepted.get(i);
      if (!r.equals("*") && !r.equals(role)) {
        v.add(
            Violations.index("/acceptedResourceRoles", i),
            "acceptedResourceRoles can only contain * and " + role + ", got '" + r + "'");
      }
    }
  }
}
