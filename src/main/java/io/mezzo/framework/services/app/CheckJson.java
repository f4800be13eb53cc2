package io.mezzo.framework.services.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mezzo.framework.services.app.AppDefinition.HealthCheckDef;
import io.mezzo.framework.services.app.AppDefinition.ReadinessCheckDef;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An app's {@code healthChecks} and {@code readinessChecks} in Marathon's JSON, with Marathon's
 * defaults (grace 300 s, interval 60 s, timeout 20 s, 3 failures, delay 15 s; readiness every 30 s
 * with a 10 s timeout, ready on 200). Mesos runs the health checks, so only its kinds are taken:
 * Marathon's own HTTP, HTTPS and TCP checks are refused with a pointer to the MESOS_ forms.
 */
final class CheckJson {
  private CheckJson() {}

  static final Set<String> MESOS_PROTOCOLS =
      Set.of("MESOS_HTTP", "MESOS_HTTPS", "MESOS_TCP", "COMMAND");

  static List<HealthCheckDef> healthChecks(JsonFields app) {
    Violations v = app.violations();
    List<JsonNode> nodes = app.array("healthChecks");
    List<HealthCheckDef> out = new ArrayList<>();
    for (int i = 0; nodes != null && i < nodes.size(); i++) {
      JsonFields h =
          JsonFields.of(
              nodes.get(i), Violations.index(app.path("healthChecks"), i), v, "a health check");
      if (h != null) {
        out.add(healthCheck(h));
      }
    }
    return out;
  }

  private static HealthCheckDef healthCheck(JsonFields h) {
    Violations v = h.violations();
    String protocol = h.string("protocol", "HTTP");
    if (Set.of("HTTP", "HTTPS", "TCP").contains(protocol)) {
      v.add(
          h.path("protocol"),
          protocol
              + " health checks are run by Marathon itself, which Mezzo does not do: use MESOS_"
              + protocol
              + ", which the agent runs next to the task");
    } else if (!MESOS_PROTOCOLS.contains(protocol)) {
      v.add(
          h.path("protocol"),
          "must be MESOS_HTTP, MESOS_HTTPS, MESOS_TCP or COMMAND, got \"" + protocol + "\"");
    }
    String path = h.string("path");
    Integer portIndex = h.integer("portIndex", null, 0, Integer.MAX_VALUE);
    Integer port = h.integer("port", null, 0, 65535);
    String command = null;
    JsonFields c = h.object("command", "a health check command");
    if (c != null) {
      command = c.string("value");
      c.finish();
      if (command == null || command.isBlank()) {
        v.add(c.path("value"), "must be set: the command whose exit code 0 means healthy");
      }
    }
    int grace = h.integer("gracePeriodSeconds", 300, 0, Integer.MAX_VALUE);
    int interval = h.integer("intervalSeconds", 60, 0, Integer.MAX_VALUE);
    int timeout = h.integer("timeoutSeconds", 20, 0, Integer.MAX_VALUE);
    int failures = h.integer("maxConsecutiveFailures", 3, 0, Integer.MAX_VALUE);
    int delay = h.integer("delaySeconds", 15, 0, Integer.MAX_VALUE);
    String ipProtocol = h.string("ipProtocol", "IPv4");
    if (!ipProtocol.equals("IPv4") && !ipProtocol.equals("IPv6")) {
      v.add(h.path("ipProtocol"), "must be IPv4 or IPv6, got \"" + ipProtocol + "\"");
    }
    if (Boolean.TRUE.equals(h.bool("ignoreHttp1xx"))) {
      v.add(
          h.path("ignoreHttp1xx"),
          "ignoreHttp1xx applies to Marathon's own HTTP checks only; a MESOS_HTTP check counts"
              + " 200-399 as healthy");
    }
    h.finish();
    if (protocol.equals("COMMAND")) {
      if (c == null) {
        v.add(h.path("command"), "must be set for a COMMAND health check: {\"value\": \"...\"}");
      }
      for (String f : List.of("path", "port", "portIndex")) {
        if (h.has(f)) {
          v.add(h.path(f), "is not used by a COMMAND health check");
        }
      }
    } else {
      if (c != null) {
        v.add(h.path("command"), "is only for a COMMAND health check");
      }
      if (path != null && protocol.equals("MESOS_TCP")) {
        v.add(h.path("path"), "is not used by a MESOS_TCP health check");
      }
      if (path != null && !path.startsWith("/")) {
        v.add(h.path("path"), "must start with '/'");
      }
      if (port != null && portIndex != null) {
        v.add(h.path("port"), "give either port or portIndex, not both");
      }
    }
    return new HealthCheckDef(
        protocol,
        path,
        portIndex,
        port,
        command,
        grace,
        interval,
        timeout,
        failures,
        delay,
        ipProtocol);
  }

  static List<ReadinessCheckDef> readinessChecks(JsonFields app) {
    Violations v = app.violations();
    List<JsonNode> nodes = app.array("readinessChecks");
    List<ReadinessCheckDef> out = new ArrayList<>();
    for (int i = 0; nodes != null && i < nodes.size(); i++) {
      JsonFields r =
          JsonFields.of(
              nodes.get(i),
              Violations.index(app.path("readinessChecks"), i),
              v,
              "a readiness check");
      if (r == null) {
        continue;
      }
      String name = r.string("name", "readinessCheck");
      String protocol = r.string("protocol", "HTTP");
      if (!protocol.equals("HTTP") && !protocol.equals("HTTPS")) {
        v.add(r.path("protocol"), "must be HTTP or HTTPS, got \"" + protocol + "\"");
      }
      String path = r.string("path", "/");
      String portName = r.string("portName", "http-api");
      int interval = r.integer("intervalSeconds", 30, 0, Integer.MAX_VALUE);
      int timeout = r.integer("timeoutSeconds", 10, 1, Integer.MAX_VALUE);
      List<Integer> codes = new ArrayList<>();
      List<JsonNode> codeNodes = r.array("httpStatusCodesForReady");
      for (int k = 0; codeNodes != null && k < codeNodes.size(); k++) {
        JsonNode n = codeNodes.get(k);
        if (n.canConvertToExactIntegral() && n.asInt() >= 100 && n.asInt() <= 999) {
          codes.add(n.asInt());
        } else {
          v.add(
              Violations.index(r.path("httpStatusCodesForReady"), k),
              "must be an HTTP status code (100-999)");
        }
      }
      if (codes.isEmpty()) {
        codes.add(200);
      }
      boolean preserve = r.bool("preserveLastResponse", false);
      r.finish();
      out.add(
          new ReadinessCheckDef(
              name, protocol, path, portName, interval, timeout, codes, preserve));
    }
    return out;
  }

  static void write(AppDefinition app, ObjectNode out) {
    ArrayNode hcs = out.putArray("healthChecks");
    for (HealthCheckDef h : app.healthChecks()) {
      ObjectNode o = hcs.addObject();
      o.put("protocol", h.protocol());
      if (h.command() != null) {
        o.putObject("command").put("value", h.command());
      }
      if (h.path() != null) {
        o.put("path", h.path());
      }
      if (h.portIndex() != null) {
        o.put("portIndex", h.portIndex());
      }
      if (h.port() != null) {
        o.put("port", h.port());
      }
      o.put("gracePeriodSeconds", h.gracePeriodSeconds())
          .put("intervalSeconds", h.intervalSeconds())
          .put("timeoutSeconds", h.timeoutSeconds())
          .put("maxConsecutiveFailures", h.maxConsecutiveFailures())
          .put("delaySeconds", h.delaySeconds());
      if (!h.protocol().equals("COMMAND")) {
        o.put("ipProtocol", h.ipProtocol());
      }
    }
    ArrayNode rcs = out.putArray("readinessChecks");
    for (ReadinessCheckDef r : app.readinessChecks()) {
      ObjectNode o =
          rcs.addObject()
              .put("name", r.name())
              .put("protocol", r.protocol())
              .put("path", r.path())
              .put("portName", r.portName())
              .put("intervalSeconds", r.intervalSeconds())
              .put("timeoutSeconds", r.timeoutSeconds());
      ArrayNode codes = o.putArray("httpStatusCodesForReady");
      r.httpStatusCodesForReady().forEach(codes::add);
      o.put("preserveLastResponse", r.preserveLastResponse());
    }
  }
}
