package io.mezzo.framework.services.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mezzo.framework.services.app.AppDefinition.Container;
import io.mezzo.framework.services.app.AppDefinition.Docker;
import io.mezzo.framework.services.app.AppDefinition.Network;
import io.mezzo.framework.services.app.AppDefinition.Parameter;
import io.mezzo.framework.services.app.AppDefinition.PortDefinition;
import io.mezzo.framework.services.app.AppDefinition.PortMapping;
import io.mezzo.framework.services.app.AppDefinition.VolumeDef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The networking part of an app's JSON: {@code container}, {@code networks}, {@code
 * portDefinitions} and {@code requirePorts}, with Marathon's deprecated spellings ({@code ports},
 * {@code container.docker.network}, {@code container.docker.portMappings}) translated to the
 * current ones, and Marathon's defaults (host networking with one port; one port mapping on a
 * bridge). What Mezzo's agents cannot run is refused here, naming the reason: named container
 * networks (CNI), a MESOS container with an image, volumes on a MESOS container, persistent,
 * external and secret volumes, and Docker parameters the agent does not pass on.
 */
final class ContainerJson {
  private ContainerJson() {}

  static final String HOST = "host";
  static final String BRIDGE = "container/bridge";
  static final String CONTAINER = "container";

  /** The Docker parameters the agent's Docker containerizer applies (DockerRunSpec). */
  static final Set<String> DOCKER_PARAMETERS =
      Set.of("env", "e", "label", "l", "user", "u", "workdir", "w", "hostname", "h");

  record Networking(
      Container container,
      List<Network> networks,
      List<PortDefinition> portDefinitions,
      boolean requirePorts) {}

  static Networking read(JsonFields app) {
    Violations v = app.violations();
    app.refuse(
        "ipAddress",
        "ipAddress (a per-task IP address) is not supported: it needs container networks (CNI),"
            + " which Mezzo does not have");
    JsonFields c = app.object("container", "a container");
    String type = null;
    Docker docker = null;
    String dockerNetwork = null;
    List<JsonNode> dockerMappings = null;
    List<VolumeDef> volumes = List.of();
    List<JsonNode> mappingNodes = null;
    if (c != null) {
      type = c.string("type", "DOCKER");
      if (!type.equals("DOCKER") && !type.equals("MESOS")) {
        v.add(c.path("type"), "must be DOCKER or MESOS, got \"" + type + "\"");
        type = "DOCKER";
      }
      c.refuse("linuxInfo", "linuxInfo is not supported: Mezzo has no Linux capability isolation");
      JsonFields d = c.object("docker", "a Docker container");
      if (d != null) {
        if (type.equals("MESOS")) {
          v.add(
              c.path("docker"),
              "a MESOS container with a Docker image is not supported: Mezzo's Mesos"
                  + " containerizer has no image provisioner; use \"type\": \"DOCKER\"");
        }
        String image = d.string("image");
        if (image == null || image.isBlank()) {
          v.add(d.path("image"), "must be set: the Docker image to run");
        }
        boolean privileged = d.bool("privileged", false);
        boolean forcePull = d.bool("forcePullImage", false);
        List<Parameter> params = parameters(d);
        d.refuse(
            "credential",
            "credential is not supported (deprecated in Marathon): agents pull with their own"
                + " Docker login");
        d.refuse("pullConfig", "pullConfig is not supported: Mezzo has no secret store");
        dockerNetwork = d.string("network");
        dockerMappings = d.array("portMappings");
        if (dockerMappings != null && dockerMappings.isEmpty() && !d.has("portMappings")) {
          dockerMappings = null;
        }
        d.finish();
        docker = new Docker(image == null ? "" : image, privileged, forcePull, params);
      } else if (type.equals("DOCKER")) {
        v.add(c.path("docker"), "must be set for a DOCKER container, with at least \"image\"");
      }
      volumes = volumes(c, type);
      mappingNodes = c.has("portMappings") ? c.array("portMappings") : null;
      if (mappingNodes != null && dockerMappings != null) {
        v.add(c.path("portMappings"), "cannot specify both portMappings and docker.portMappings");
      }
      if (mappingNodes == null && dockerMappings != null) {
        mappingNodes = dockerMappings;
      }
      c.finish();
    }
    List<Network> networks = networks(app, dockerNetwork, c);
    boolean bridged = networks.stream().anyMatch(n -> !n.mode().equals(HOST));
    if (bridged && (c == null || !"DOCKER".equals(type))) {
      v.add(
          app.path("networks"),
          "container/bridge networking needs a DOCKER container: Mezzo's Mesos containerizer"
              + " has no CNI bridge");
    }
    List<PortMapping> mappings = List.of();
    if (mappingNodes != null && !mappingNodes.isEmpty() && !bridged) {
      v.add(
          c.path("portMappings"),
          "portMappings are not allowed with host networking; use portDefinitions, or"
              + " \"networks\": [{\"mode\": \"container/bridge\"}]");
    } else if (bridged) {
      mappings =
          mappingNodes == null
              ? List.of(new PortMapping(0, 0, 0, "tcp", "default", Map.of()))
              : portMappings(mappingNodes, c.path("portMappings"), v);
    }
    List<PortDefinition> defs = portDefinitions(app, bridged);
    boolean requirePorts = app.bool("requirePorts", false) && !bridged;
    Container container = c == null ? null : new Container(type, docker, mappings, volumes);
    return new Networking(container, networks, defs, requirePorts);
  }

  private static List<Parameter> parameters(JsonFields d) {
    List<JsonNode> nodes = d.array("parameters");
    List<Parameter> out = new ArrayList<>();
    if (nodes == null) {
      return out;
    }
    for (int i = 0; i < nodes.size(); i++) {
      JsonFields p =
          JsonFields.of(
              nodes.get(i),
              Violations.index(d.path("parameters"), i),
              d.violations(),
              "a parameter");
      if (p == null) {
        continue;
      }
      String key = p.string("key");
      String value = p.string("value", "");
      p.finish();
      if (key == null || key.isEmpty()) {
        d.violations().add(p.path("key"), "must be set");
      } else if (!DOCKER_PARAMETERS.contains(key)) {
        d.violations()
            .add(
                p.path("key"),
                "Docker parameter '"
                    + key
                    + "' is not supported: Mezzo's agents pass on env, label, user, workdir and"
                    + " hostname");
      }
      out.add(new Parameter(key == null ? "" : key, value));
    }
    return out;
  }

  private static List<VolumeDef> volumes(JsonFields c, String type) {
    Violations v = c.violations();
    List<JsonNode> nodes = c.array("volumes");
    List<VolumeDef> out = new ArrayList<>();
    if (nodes == null || nodes.isEmpty()) {
      return out;
    }
    if (type.equals("MESOS")) {
      v.add(
          c.path("volumes"),
          "volumes need a DOCKER container: Mezzo's Mesos containerizer has no mount isolation");
      return out;
    }
    for (int i = 0; i < nodes.size(); i++) {
      JsonFields f =
          JsonFields.of(nodes.get(i), Violations.index(c.path("volumes"), i), v, "a volume");
      if (f == null) {
        continue;
      }
      f.refuse(
          "persistent",
          "persistent volumes are not supported: Mezzo makes no disk reservations for them");
      f.refuse("external", "external volumes are not supported: Mezzo has no volume driver");
      f.refuse("secret", "secret volumes are not supported: Mezzo has no secret store");
      String containerPath = f.string("containerPath");
      String hostPath = f.string("hostPath");
      String mode = f.string("mode");
      f.finish();
      if (containerPath == null || containerPath.isEmpty()) {
        v.add(f.path("containerPath"), "must be set");
      }
      if ((hostPath == null || hostPath.isEmpty()) && !v.has(f.path())) {
        v.add(f.path("hostPath"), "must be set: Mezzo mounts host paths into containers");
      }
      if (mode == null || (!mode.equals("RO") && !mode.equals("RW"))) {
        v.add(f.path("mode"), "must be RO or RW");
      }
      out.add(new VolumeDef(containerPath, hostPath, mode));
    }
    return out;
  }

  private static List<Network> networks(JsonFields app, String dockerNetwork, JsonFields c) {
    Violations v = app.violations();
    List<JsonNode> nodes = app.array("networks");
    if (nodes == null) {
      return List.of(new Network(HOST, null, Map.of()));
    }
    if (!nodes.isEmpty() && dockerNetwork != null) {
      v.add(app.path("networks"), "must not specify both container.docker.network and networks");
    }
    if (nodes.isEmpty()) {
      if (dockerNetwork == null || dockerNetwork.equals("HOST")) {
        return List.of(new Network(HOST, null, Map.of()));
      }
      if (dockerNetwork.equals("BRIDGE")) {
        return List.of(new Network(BRIDGE, null, Map.of()));
      }
      v.add(
          Violations.at(c.path("docker"), "network"),
          "Docker network "
              + dockerNetwork
              + " is not supported: use HOST or BRIDGE (Mezzo has no CNI user networks)");
      return List.of(new Network(HOST, null, Map.of()));
    }
    List<Network> out = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      JsonFields n =
          JsonFields.of(nodes.get(i), Violations.index(app.path("networks"), i), v, "a network");
      if (n == null) {
        continue;
      }
      String mode = n.string("mode", CONTAINER);
      String name = n.string("name");
      Map<String, String> labels = n.stringMap("labels");
      n.finish();
      switch (mode) {
        case HOST, BRIDGE -> {
          if (name != null) {
            v.add(n.path("name"), "a " + mode + " network has no name");
          }
        }
        case CONTAINER ->
            v.add(
                n.path("mode"),
                "named container networks (CNI) are not supported: use host, or container/bridge"
                    + " with a DOCKER container");
        default ->
            v.add(
                n.path("mode"),
                "must be host, container/bridge or container, got \"" + mode + "\"");
      }
      out.add(new Network(mode, name, labels));
    }
    if (out.size() > 1) {
      v.add(app.path("networks"), "at most one network: a task joins the host's or a bridge");
    }
    return out;
  }

  private static List<PortMapping> portMappings(List<JsonNode> nodes, String path, Violations v) {
    List<PortMapping> out = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      JsonFields m = JsonFields.of(nodes.get(i), Violations.index(path, i), v, "a port mapping");
      if (m == null) {
        continue;
      }
      int containerPort = m.integer("containerPort", 0, 0, 65535);
      int hostPort = m.integer("hostPort", 0, 0, 65535);
      int servicePort = m.integer("servicePort", 0, 0, 65535);
      String protocol = protocol(m);
      String name = name(m);
      Map<String, String> labels = m.stringMap("labels");
      List<String> networkNames = m.strings("networkNames");
      if (networkNames != null && !networkNames.isEmpty()) {
        v.add(m.path("networkNames"), "named container networks (CNI) are not supported");
      }
      m.finish();
      out.add(new PortMapping(containerPort, hostPort, servicePort, protocol, name, labels));
    }
    return out;
  }

  private static List<PortDefinition> portDefinitions(JsonFields app, boolean bridged) {
    Violations v = app.violations();
    boolean hasDefs = app.has("portDefinitions");
    List<JsonNode> nodes = app.array("portDefinitions");
    List<Long> ports = null;
    if (app.has("ports")) {
      List<JsonNode> p = app.array("ports");
      ports = new ArrayList<>();
      for (int i = 0; p != null && i < p.size(); i++) {
        JsonNode n = p.get(i);
        if (n.canConvertToExactIntegral() && n.asLong() >= 0 && n.asLong() <= 65535) {
          ports.add(n.asLong());
        } else {
          v.add(Violations.index(app.path("ports"), i), "must be a port number (0-65535)");
        }
      }
    }
    List<PortDefinition> out = new ArrayList<>();
    for (int i = 0; nodes != null && i < nodes.size(); i++) {
      JsonFields d =
          JsonFields.of(
              nodes.get(i),
              Violations.index(app.path("portDefinitions"), i),
              v,
              "a port definition");
      if (d == null) {
        continue;
      }
      int port = d.integer("port", 0, 0, 65535);
      String protocol = protocol(d);
      String name = name(d);
      Map<String, String> labels = d.stringMap("labels");
      d.finish();
      out.add(new PortDefinition(port, protocol, name, labels));
    }
    if (ports != null) {
      List<Long> defined = out.stream().map(d -> (long) d.port()).toList();
      if (hasDefs && !defined.equals(ports)) {
        v.add(app.path("ports"), "cannot specify both ports and portDefinitions");
      } else if (!hasDefs) {
        ports.forEach(p -> out.add(new PortDefinition((int) (long) p, "tcp", null, Map.of())));
      }
    }
    boolean given = hasDefs || ports != null;
    if (bridged) {
      if (!out.isEmpty()) {
        v.add(
            app.path(hasDefs ? "portDefinitions" : "ports"),
            "portDefinitions are only allowed with host networking; use container.portMappings");
      }
      return List.of();
    }
    return given ? out : List.of(new PortDefinition(0, "tcp", "default", Map.of()));
  }

  private static String protocol(JsonFields f) {
    String p = f.string("protocol", "tcp");
    if (!Set.of("tcp", "udp", "udp,tcp", "tcp,udp").contains(p)) {
      f.violations().add(f.path("protocol"), "must be tcp, udp or udp,tcp, got \"" + p + "\"");
      return "tcp";
    }
    return p;
  }

  private static String name(JsonFields f) {
    String name = f.string("name");
    if (name != null && !name.matches("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")) {
      f.violations()
          .add(
              f.path("name"),
              "must be lowercase letters, digits and '-', starting and ending with a letter or"
                  + " digit, got \""
                  + name
                  + "\"");
    }
    return name;
  }

  static void write(AppDefinition app, ObjectNode out) {
    if (app.container() != null) {
      Container c = app.container();
      ObjectNode co = out.putObject("container");
      co.put("type", c.type());
      if (c.docker() != null) {
        ObjectNode d = co.putObject("docker");
        d.put("image", c.docker().image());
        d.put("forcePullImage", c.docker().forcePullImage());
        d.put("privileged", c.docker().privileged());
        ArrayNode ps = d.putArray("parameters");
        c.docker()
            .parameters()
            .forEach(p -> ps.addObject().put("key", p.key()).put("value", p.value()));
      }
      ArrayNode vols = co.putArray("volumes");
      for (VolumeDef vd : c.volumes()) {
        vols.addObject()
            .put("containerPath", vd.containerPath())
            .put("hostPath", vd.hostPath())
            .put("mode", vd.mode());
      }
      if (!app.networks().stream().allMatch(n -> n.mode().equals(HOST))) {
        ArrayNode pm = co.putArray("portMappings");
        for (PortMapping m : c.portMappings()) {
          ObjectNode mo = pm.addObject().put("containerPort", m.containerPort());
          if (m.hostPort() != null) {
            mo.put("hostPort", m.hostPort());
          }
          mo.put("servicePort", m.servicePort()).put("protocol", m.protocol());
          if (m.name() != null) {
            mo.put("name", m.name());
          }
          mo.set("labels", AppJson.stringMap(m.labels()));
        }
      }
    }
    ArrayNode nets = out.putArray("networks");
    for (Network n : app.networks()) {
      ObjectNode no = nets.addObject().put("mode", n.mode());
      if (n.name() != null) {
        no.put("name", n.name());
      }
      if (!n.labels().isEmpty()) {
        no.set("labels", AppJson.stringMap(n.labels()));
      }
    }
    ArrayNode defs = out.putArray("portDefinitions");
    for (PortDefinition d : app.portDefinitions()) {
      ObjectNode o = defs.addObject().put("port", d.port()).put("protocol", d.protocol());
      if (d.name() != null) {
        o.put("name", d.name());
      }
      if (!d.labels().isEmpty()) {
        o.set("labels", AppJson.stringMap(d.labels()));
      }
    }
    out.put("requirePorts", app.requirePorts());
  }
}
