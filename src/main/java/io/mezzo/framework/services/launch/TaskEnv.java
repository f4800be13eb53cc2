package io.mezzo.framework.services.launch;

import io.mezzo.framework.services.app.AppDefinition;
import io.mezzo.framework.services.app.AppDefinition.PortMapping;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The environment Marathon gives a task, so apps written for Marathon find their ports and
 * identity: {@code PORT0…n} (host ports, by port index), {@code PORT_<requested>} and {@code
 * PORT_<NAME>}, {@code PORT} (the first), {@code PORTS} (all, comma-separated), {@code HOST},
 * {@code MARATHON_APP_ID}, {@code MARATHON_APP_VERSION}, {@code MARATHON_APP_DOCKER_IMAGE}, {@code
 * MARATHON_APP_RESOURCE_CPUS/MEM/DISK/GPUS}, {@code MARATHON_APP_LABELS} and {@code
 * MARATHON_APP_LABEL_<KEY>}. The app's own {@code env} comes last and wins, as in Marathon. {@code
 * MESOS_TASK_ID} and {@code MESOS_SANDBOX} are the agent's to set. Pure.
 */
public final class TaskEnv {
  private TaskEnv() {}

  /**
   * @param hostPorts the host ports placed for the instance, by port index
   * @param hostname the agent's host name
   */
  public static Map<String, String> of(
      AppDefinition app, List<Integer> hostPorts, String hostname) {
    Map<String, String> env = new LinkedHashMap<>();
    env.putAll(ports(requested(app), names(app), hostPorts));
    env.put("HOST", hostname);
    env.put("MARATHON_APP_ID", app.id().toString());
    if (app.version() != null) {
      env.put("MARATHON_APP_VERSION", app.version().toString());
    }
    if (app.container() != null && app.container().docker() != null) {
      env.put("MARATHON_APP_DOCKER_IMAGE", app.container().docker().image());
    }
    env.put("MARATHON_APP_RESOURCE_CPUS", Double.toString(app.cpus()));
    env.put("MARATHON_APP_RESOURCE_MEM", Double.toString(app.mem()));
    env.put("MARATHON_APP_RESOURCE_DISK", Double.toString(app.disk()));
    env.put("MARATHON_APP_RESOURCE_GPUS", Integer.toString(app.gpus()));
    Map<String, String> labels = new TreeMap<>();
    app.labels().forEach((k, v) -> labels.put(escape(k), v));
    env.put("MARATHON_APP_LABELS", String.join(" ", labels.keySet()));
    labels.forEach((k, v) -> env.put("MARATHON_APP_LABEL_" + k, v));
    env.putAll(new TreeMap<>(app.env()));
    return env;
  }

  /** Ports asked for by index: container ports on a bridge, else port definitions' ports. */
  static List<Integer> requested(AppDefinition app) {
    if (app.container() != null && !app.container().portMappings().isEmpty()) {
      return app.container().portMappings().stream().map(PortMapping::containerPort).toList();
    }
    return app.portDefinitions().stream().map(AppDefinition.PortDefinition::port).toList();
  }

  private static List<String> names(AppDefinition app) {
    List<String> out = new ArrayList<>();
    if (app.container() != null && !app.container().portMappings().isEmpty()) {
      app.container().portMappings().forEach(m -> out.add(m.name()));
    } else {
      app.portDefinitions().forEach(d -> out.add(d.name()));
    }
    return out;
  }

  /**
   * A host port of 0 means a bridge/container port mapping that asked for no host port: Marathon
   * then gives the container port in {@code PORTn} (the app listens there inside its network
   * namespace), so scripts that read {@code $PORT0} still find a usable port rather than 0. An
   * index with neither a host nor a container port gets no variable at all.
   */
  static Map<String, String> ports(
      List<Integer> requested, List<String> names, List<Integer> hostPorts) {
    Map<String, String> env = new LinkedHashMap<>();
    List<Integer> effective = new ArrayList<>();
    for (int i = 0; i < hostPorts.size(); i++) {
      int asked = i < requested.size() ? requested.get(i) : 0;
      int host = hostPorts.get(i);
      effective.add(host != 0 ? host : asked);
    }
    for (int i = 0; i < effective.size(); i++) {
      if (effective.get(i) != 0) {
        env.put("PORT" + i, effective.get(i).toString());
      }
    }
    for (int i = 0; i < effective.size(); i++) {
      int asked = i < requested.size() ? requested.get(i) : 0;
      int port = effective.get(i);
      if (port != 0) {
        env.put("PORT_" + (asked != 0 ? asked : port), Integer.toString(port));
      }
    }
    for (int i = 0; i < effective.size() && i < names.size(); i++) {
      if (names.get(i) != null && effective.get(i) != 0) {
        env.put("PORT_" + names.get(i).toUpperCase(Locale.ROOT), effective.get(i).toString());
      }
    }
    List<Integer> known = effective.stream().filter(p -> p != 0).toList();
    if (!known.isEmpty()) {
      env.put("PORT", known.get(0).toString());
      env.put("PORTS", known.stream().map(String::valueOf).collect(Collectors.joining(",")));
    }
    return env;
  }

  /** A label key as part of a variable name: runs of other characters become '_', upper case. */
  static String escape(String key) {
    return key.replaceAll("[^a-zA-Z0-9_]+", "_").toUpperCase(Locale.ROOT);
  }
}
