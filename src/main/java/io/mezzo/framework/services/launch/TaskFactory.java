package io.mezzo.framework.services.launch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mezzo.api.v1.CommandInfo;
import io.mezzo.api.v1.ContainerInfo;
import io.mezzo.api.v1.ContainerInfo.DockerInfo;
import io.mezzo.api.v1.DurationInfo;
import io.mezzo.api.v1.HealthCheck;
import io.mezzo.api.v1.KillPolicy;
import io.mezzo.api.v1.Label;
import io.mezzo.api.v1.Labels;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.framework.services.app.AppDefinition;
import io.mezzo.framework.services.app.AppDefinition.PortMapping;
import io.mezzo.framework.services.placement.Placement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns an app and a placement into the Mesos task that runs one instance: resources as placed, the
 * command ({@code cmd} under {@code /bin/sh -c}; {@code args} as argv without a shell), the user,
 * Marathon's environment ({@link TaskEnv}), {@code fetch} as command URIs, the container (DOCKER
 * with host or bridge networking and port mappings to the placed host ports, volumes; or a plain
 * MESOS container), labels, the health check ({@link TaskHealthChecks}), the kill grace period and
 * discovery info naming the ports. Pure: the same inputs give the same task.
 */
public final class TaskFactory {
  private TaskFactory() {}

  public static TaskInfo build(AppDefinition app, Placement placement, TaskId taskId) {
    int wanted = TaskEnv.requested(app).size();
    if (placement.hostPorts().size() != wanted) {
      throw new IllegalArgumentException(
          "app "
              + app.id()
              + " has "
              + wanted
              + " port(s) but the placement has "
              + placement.hostPorts().size());
    }
    Map<String, String> env = TaskEnv.of(app, placement.hostPorts(), placement.offer().hostname());
    HealthCheck health =
        app.healthChecks().isEmpty()
            ? null
            : TaskHealthChecks.of(app, app.healthChecks().get(0), placement.hostPorts());
    KillPolicy kill =
        app.taskKillGracePeriodSeconds() == null
            ? null
            : new KillPolicy(DurationInfo.of(Duration.ofSeconds(app.taskKillGracePeriodSeconds())));
    return new TaskInfo(
        name(app),
        taskId,
        placement.offer().agentId(),
        placement.resources(),
        null,
        command(app, env),
        container(app, placement.hostPorts()),
        health,
        null,
        kill,
        null,
        labels(app),
        discovery(app, placement.hostPorts()),
        null,
        null);
  }

  /** Marathon's task name: the app id's segments in reverse, dot-separated ({@code web.prod}). */
  static String name(AppDefinition app) {
    List<String> s = new ArrayList<>(app.id().segments());
    java.util.Collections.reverse(s);
    return String.join(".", s);
  }

  static boolean bridged(AppDefinition app) {
    return app.networks().stream().anyMatch(n -> !n.mode().equals("host"));
  }

  private static CommandInfo command(AppDefinition app, Map<String, String> env) {
    List<CommandInfo.Uri> uris = new ArrayList<>();
    for (AppDefinition.FetchUri f : app.fetch()) {
      uris.add(
          new CommandInfo.Uri(f.uri(), f.executable(), f.extract(), f.cache(), f.outputFile()));
    }
    List<CommandInfo.Environment.Variable> vars = new ArrayList<>();
    env.forEach(
        (k, v) ->
            vars.add(
                new CommandInfo.Environment.Variable(
                    k, CommandInfo.Environment.Variable.Type.VALUE, v)));
    CommandInfo.Environment environment = new CommandInfo.Environment(vars);
    boolean docker = app.container() != null && app.container().type().equals("DOCKER");
    if (app.cmd() != null) {
      return new CommandInfo(uris, environment, true, app.cmd(), null, app.user());
    }
    List<String> args = app.args() == null ? List.of() : app.args();
    if (docker) {
      // The image's entrypoint runs with args as its arguments, as with `docker run image args…`.
      return new CommandInfo(uris, environment, false, null, args, app.user());
    }
    return new CommandInfo(uris, environment, false, args.get(0), args, app.user());
  }

  private static ContainerInfo container(AppDefinition app, List<Integer> hostPorts) {
    AppDefinition.Container c = app.container();
    if (c == null) {
      return null;
    }
    if (c.type().equals("MESOS")) {
      return new ContainerInfo(ContainerInfo.Type.MESOS, null, null, null, null, null);
    }
    boolean bridge = bridged(app);
    List<DockerInfo.PortMapping> mappings = new ArrayList<>();
    if (bridge) {
      for (int i = 0; i < c.portMappings().size(); i++) {
        PortMapping m = c.portMappings().get(i);
        int host = hostPorts.get(i);
        int containerPort = m.containerPort() != 0 ? m.containerPort() : host;
        for (String protocol : m.protocol().split(",")) {
          mappings.add(new DockerInfo.PortMapping(host, containerPort, protocol));
        }
      }
    }
    List<DockerInfo.Parameter> params =
        c.docker().parameters().stream()
            .map(p -> new DockerInfo.Parameter(p.key(), p.value()))
            .toList();
    DockerInfo docker =
        new DockerInfo(
            c.docker().image(),
            bridge ? DockerInfo.Network.BRIDGE : DockerInfo.Network.HOST,
            mappings.isEmpty() ? null : mappings,
            c.docker().privileged(),
            params.isEmpty() ? null : params,
            c.docker().forcePullImage());
    List<JsonNode> volumes = new ArrayList<>();
    for (AppDefinition.VolumeDef v : c.volumes()) {
      volumes.add(
          JsonNodeFactory.instance
              .objectNode()
              .put("container_path", v.containerPath())
              .put("host_path", v.hostPath())
              .put("mode", v.mode()));
    }
    return new ContainerInfo(
        ContainerInfo.Type.DOCKER, volumes.isEmpty() ? null : volumes, null, docker, null, null);
  }

  private static Labels labels(AppDefinition app) {
    if (app.labels().isEmpty()) {
      return null;
    }
    List<Label> out = new ArrayList<>();
    new TreeMap<>(app.labels()).forEach((k, v) -> out.add(new Label(k, v)));
    return new Labels(out);
  }

  /** Mesos DiscoveryInfo, as Marathon sets it: framework-visible, the task name, its ports. */
  private static JsonNode discovery(AppDefinition app, List<Integer> hostPorts) {
    ObjectNode d = JsonNodeFactory.instance.objectNode();
    d.put("visibility", "FRAMEWORK");
    d.put("name", name(app));
    ArrayNode ports = d.putObject("ports").putArray("ports");
    boolean bridge = bridged(app);
    for (int i = 0; i < hostPorts.size(); i++) {
      String protocolList;
      String portName;
      Map<String, String> portLabels;
      if (bridge) {
        PortMapping m = app.container().portMappings().get(i);
        protocolList = m.protocol();
        portName = m.name();
        portLabels = m.labels();
      } else {
        AppDefinition.PortDefinition p = app.portDefinitions().get(i);
        protocolList = p.protocol();
        portName = p.name();
        portLabels = p.labels();
      }
      for (String protocol : protocolList.split(",")) {
        ObjectNode port = ports.addObject().put("number", hostPorts.get(i));
        if (portName != null) {
          port.put("name", portName);
        }
        port.put("protocol", protocol);
        if (!portLabels.isEmpty()) {
          ArrayNode l = port.putObject("labels").putArray("labels");
          new TreeMap<>(portLabels).forEach((k, v) -> l.addObject().put("key", k).put("value", v));
        }
      }
    }
    return d;
  }
}
