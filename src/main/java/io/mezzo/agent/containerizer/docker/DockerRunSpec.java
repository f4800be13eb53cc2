package io.mezzo.agent.containerizer.docker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mezzo.agent.cgroups.CpuControl;
import io.mezzo.agent.containerizer.ContainerConfig;
import io.mezzo.agent.isolator.ContainerResources;
import io.mezzo.api.v1.CommandInfo;
import io.mezzo.api.v1.ContainerInfo;
import io.mezzo.api.v1.ContainerInfo.DockerInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a task into the Docker API body of {@code POST /containers/create}: what Mesos's docker
 * containerizer passes to {@code docker run} (MESOS-API.md §7.3), as a pure function.
 *
 * <ul>
 *   <li>image; command {@code /bin/sh -c value} when {@code shell}, else {@code value} as the
 *       entrypoint and {@code arguments} as the command; no value: the image's own command;
 *   <li>{@code --net host|bridge|none}; on BRIDGE, {@code -p host:container/proto} for each {@code
 *       port_mapping}, whose host port must be one of the task's {@code ports};
 *   <li>{@code --cpu-shares} 1024 × cpus, {@code --cpu-quota} with CFS, {@code --memory} = mem with
 *       no extra swap;
 *   <li>environment, {@code MESOS_SANDBOX=/mnt/mesos/sandbox}, the sandbox mounted there and the
 *       working directory; the task's user ({@code uid:gid}) when the agent switches users; the
 *       task's volumes ({@link DockerVolumes});
 *   <li>a few {@code docker run} parameters ({@code env}, {@code label}, {@code user}, {@code
 *       workdir}, {@code hostname}); any other is refused by name rather than ignored.
 * </ul>
 */
public final class DockerRunSpec {
  /** Where a Docker task sees its sandbox (Mesos's {@code --docker_sandbox_directory}). */
  public static final String SANDBOX = "/mnt/mesos/sandbox";

  public static final String LABEL_CONTAINER_ID = "io.mezzo.container-id";
  public static final String LABEL_OWNER = "io.mezzo.owner";
  private static final ObjectMapper JSON = new ObjectMapper();

  private DockerRunSpec() {}

  /**
   * @param owner the label value that marks containers of this agent (its work dir)
   * @param cgroupParent the engine's cgroup parent for the container, or null for the engine's
   *     default
   * @throws IllegalArgumentException saying what in the task cannot be run
   */
  public static ObjectNode of(
      ContainerConfig config, String owner, String cgroupParent, boolean enableCfs) {
    ContainerInfo info = config.task().container();
    DockerInfo docker = info == null ? null : info.docker();
    if (docker == null || docker.image() == null || docker.image().isBlank()) {
      throw new IllegalArgumentException("a DOCKER container needs ContainerInfo.docker.image");
    }
    ObjectNode spec = JSON.createObjectNode();
    spec.put("Image", docker.image());
    command(config.task().command(), spec);
    spec.put("WorkingDir", SANDBOX);
    if (config.user() != null) {
      // By number: the image need not know the name, and the ids are those the sandbox belongs to.
      spec.put("User", config.user().uid() + ":" + config.user().gid());
    }
    Map<String, String> env = environment(config);
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(LABEL_CONTAINER_ID, config.containerId().value());
    labels.put(LABEL_OWNER, owner);
    ObjectNode host = spec.putObject("HostConfig");
    ArrayNode binds = host.putArray("Binds").add(config.sandbox().toAbsolutePath() + ":" + SANDBOX);
    DockerVolumes.mount(info.volumes(), config.sandbox(), binds, host);
    DockerVolumes.persistent(config, binds);
    host.put("Privileged", Boolean.TRUE.equals(docker.privileged()));
    if (cgroupParent != null) {
      host.put("CgroupParent", cgroupParent);
    }
    limits(config, host, enableCfs);
    network(config, docker, info.hostname(), spec, host);
    for (DockerInfo.Parameter p :
        docker.parameters() == null ? List.<DockerInfo.Parameter>of() : docker.parameters()) {
      parameter(p, spec, env, labels);
    }
    ArrayNode envArray = spec.putArray("Env");
    env.forEach((k, v) -> envArray.add(k + "=" + v));
    ObjectNode labelNode = spec.putObject("Labels");
    labels.forEach(labelNode::put);
    return spec;
  }

  private static void command(CommandInfo command, ObjectNode spec) {
    if (command == null) {
      return;
    }
    boolean shell = command.shell() == null || command.shell();
    boolean hasValue = command.value() != null && !command.value().isEmpty();
    if (shell) {
      if (hasValue) {
        spec.putArray("Cmd").add("/bin/sh").add("-c").add(command.value());
      }
      return;
    }
    if (hasValue) {
      spec.putArray("Entrypoint").add(command.value());
    }
    if (!command.arguments().isEmpty()) {
      ArrayNode cmd = spec.putArray("Cmd");
      command.arguments().forEach(cmd::add);
    }
  }

  private static Map<String, String> environment(ContainerConfig config) {
    Map<String, String> env = new LinkedHashMap<>();
    CommandInfo command = config.task().command();
    if (command != null && command.environment() != null) {
      for (CommandInfo.Environment.Variable v : command.environment().variables()) {
        if (v.type() == CommandInfo.Environment.Variable.Type.SECRET) {
          throw new IllegalArgumentException(
              "environment variable " + v.name() + " is a SECRET; secrets are not supported yet");
        }
        env.put(v.name(), v.value() == null ? "" : v.value());
      }
    }
    env.put("MESOS_SANDBOX", SANDBOX);
    env.put("MESOS_CONTAINER_NAME", DockerContainerizer.containerName(config.containerId()));
    env.put("MESOS_TASK_ID", config.task().taskId().value());
    env.put("MESOS_FRAMEWORK_ID", config.run().frameworkId().value());
    env.put("MESOS_AGENT_ID", config.agentId().value());
    env.put("MESOS_EXECUTOR_ID", config.executorId().value());
    env.put("MESOS_CONTAINER_ID", config.containerId().value());
    return env;
  }

  private static void limits(ContainerConfig config, ObjectNode host, boolean enableCfs) {
    Optional<Double> cpus = ContainerResources.scalar(config.resources(), "cpus");
    if (cpus.isPresent()) {
      host.put("CpuShares", CpuControl.shares(cpus.get()));
      if (enableCfs) {
        host.put("CpuPeriod", CpuControl.CFS_PERIOD_US);
        host.put("CpuQuota", CpuControl.quotaMicros(cpus.get()));
      }
    }
    Optional<Double> mem = ContainerResources.scalar(config.resources(), "mem");
    if (mem.isPresent()) {
      long bytes = ContainerResources.megabytes(mem.get());
      // Docker refuses limits below 6 MB with its own message; below one page nothing could run.
      if (bytes < 4096) {
        throw new IllegalArgumentException(
            "mem must be at least one page to be a memory limit, got " + mem.get() + " MB");
      }
      host.put("Memory", bytes);
      host.put("MemorySwap", bytes);
    }
  }

  private static void network(
      ContainerConfig config,
      DockerInfo docker,
      String hostname,
      ObjectNode spec,
      ObjectNode host) {
    List<DockerInfo.PortMapping> mappings =
        docker.portMappings() == null ? List.of() : docker.portMappings();
    switch (docker.network()) {
      case HOST -> host.put("NetworkMode", "host");
      case NONE -> host.put("NetworkMode", "none");
      case BRIDGE -> host.put("NetworkMode", "bridge");
      case USER ->
          throw new IllegalArgumentException(
              "USER networks (CNI) are not supported; use HOST, BRIDGE or NONE");
    }
    if (!mappings.isEmpty() && docker.network() != DockerInfo.Network.BRIDGE) {
      throw new IllegalArgumentException(
          "port_mappings need BRIDGE networking, the task asks for " + docker.network());
    }
    if (hostname != null && !hostname.isBlank() && docker.network() != DockerInfo.Network.HOST) {
      spec.put("Hostname", hostname);
    }
    if (mappings.isEmpty()) {
      return;
    }
    List<long[]> ports = ContainerResources.ports(config.resources());
    ObjectNode exposed = spec.putObject("ExposedPorts");
    ObjectNode bindings = host.putObject("PortBindings");
    for (DockerInfo.PortMapping m : mappings) {
      if (m.hostPort() == null || m.containerPort() == null) {
        throw new IllegalArgumentException("a port_mapping needs host_port and container_port");
      }
      boolean allocated =
          ports.stream().anyMatch(r -> m.hostPort() >= r[0] && m.hostPort() <= r[1]);
      if (!allocated) {
        throw new IllegalArgumentException(
            "host port " + m.hostPort() + " of a port_mapping is not in the task's ports");
      }
      String proto =
          m.protocol() == null || m.protocol().isBlank() ? "tcp" : m.protocol().toLowerCase();
      if (!proto.equals("tcp") && !proto.equals("udp")) {
        throw new IllegalArgumentException(
            "port_mapping protocol must be tcp or udp, got " + m.protocol());
      }
      String key = m.containerPort() + "/" + proto;
      exposed.putObject(key);
      ArrayNode list = bindings.has(key) ? (ArrayNode) bindings.get(key) : bindings.putArray(key);
      list.addObject().put("HostIp", "").put("HostPort", Integer.toString(m.hostPort()));
    }
  }

  private static void parameter(
      DockerInfo.Parameter p,
      ObjectNode spec,
      Map<String, String> env,
      Map<String, String> labels) {
    String key = p.key() == null ? "" : p.key();
    String value = p.value() == null ? "" : p.value();
    switch (key) {
      case "env", "e" -> {
        int eq = value.indexOf('=');
        env.put(eq < 0 ? value : value.substring(0, eq), eq < 0 ? "" : value.substring(eq + 1));
      }
      case "label", "l" -> {
        int eq = value.indexOf('=');
        labels.put(eq < 0 ? value : value.substring(0, eq), eq < 0 ? "" : value.substring(eq + 1));
      }
      case "user", "u" -> spec.put("User", value);
      case "workdir", "w" -> spec.put("WorkingDir", value);
      case "hostname", "h" -> spec.put("Hostname", value);
      default ->
          throw new IllegalArgumentException("docker parameter '" + key + "' is not supported");
    }
  }
}
