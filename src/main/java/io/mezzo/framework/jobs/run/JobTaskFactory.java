package io.mezzo.framework.jobs.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.CommandInfo;
import io.mezzo.api.v1.ContainerInfo;
import io.mezzo.api.v1.ContainerInfo.DockerInfo;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.framework.jobs.job.JobDefinition;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns one attempt of a job's run into the Mesos command task that runs it: the resources taken
 * from the offer, the command ({@code shell: true} under {@code /bin/sh -c}, else argv of {@code
 * command} and {@code arguments}), the environment (Chronos's {@code CHRONOS_JOB_NAME}, {@code
 * CHRONOS_JOB_OWNER}, {@code CHRONOS_RESOURCE_*}, {@code mesos_task_id}, then the job's own
 * variables, which win), {@code uris} and {@code fetch} as command URIs, the user ({@code
 * runAsUser}, else the framework's), the container (DOCKER with its network, volumes and
 * parameters; MESOS with a Docker image) and {@code taskInfoData} as the task's data. Pure.
 *
 * <p>Extra arguments of a manual run ({@code PUT /job/{name}?arguments=…}) are split on whitespace
 * and appended to the argv of a {@code shell: false} job; for a shell job they are appended to the
 * command line, so they are never dropped.
 */
public final class JobTaskFactory {
  private JobTaskFactory() {}

  public static TaskInfo build(
      JobDefinition job,
      TaskId taskId,
      AgentId agent,
      List<Resource> resources,
      Optional<String> extraArguments,
      String frameworkUser) {
    return new TaskInfo(
        "ChronosTask:" + job.name(),
        taskId,
        agent,
        resources,
        null,
        command(job, taskId, extraArguments, frameworkUser),
        container(job),
        null,
        null,
        null,
        job.taskInfoData()
            .map(d -> Base64.getEncoder().encodeToString(d.getBytes(StandardCharsets.UTF_8)))
            .orElse(null),
        null,
        null,
        null,
        null);
  }

  private static CommandInfo command(
      JobDefinition job, TaskId taskId, Optional<String> extra, String frameworkUser) {
    List<CommandInfo.Uri> uris = new ArrayList<>();
    for (String u : job.uris()) {
      uris.add(new CommandInfo.Uri(u, false, true, false, null));
    }
    for (JobDefinition.Fetch f : job.fetch()) {
      uris.add(
          new CommandInfo.Uri(
              f.uri(), f.executable(), f.extract(), f.cache(), f.outputFile().orElse(null)));
    }
    String user = job.runAsUser().filter(u -> !u.isBlank()).orElse(frameworkUser);
    CommandInfo.Environment env = environment(job, taskId);
    List<String> extraArgs =
        extra
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .map(s -> List.of(s.split("\\s+")))
            .orElse(List.of());
    if (job.shell()) {
      String line = job.command();
      if (!extraArgs.isEmpty()) {
        line = line + " " + String.join(" ", extraArgs);
      }
      return new CommandInfo(uris, env, true, line, null, user);
    }
    List<String> argv = new ArrayList<>();
    boolean hasCommand = job.command() != null && !job.command().isBlank();
    if (hasCommand) {
      argv.add(job.command());
    }
    argv.addAll(job.arguments());
    argv.addAll(extraArgs);
    // Without a command, a container's entrypoint runs with the arguments, as `docker run image
    // a…`.
    return new CommandInfo(uris, env, false, hasCommand ? job.command() : null, argv, user);
  }

  private static CommandInfo.Environment environment(JobDefinition job, TaskId taskId) {
    Map<String, String> vars = new LinkedHashMap<>();
    vars.put("mesos_task_id", taskId.value());
    vars.put("CHRONOS_JOB_OWNER", job.owner());
    vars.put("CHRONOS_JOB_NAME", job.name());
    vars.put("CHRONOS_RESOURCE_CPU", Double.toString(job.cpus()));
    vars.put("CHRONOS_RESOURCE_MEM", Double.toString(job.mem()));
    vars.put("CHRONOS_RESOURCE_DISK", Double.toString(job.disk()));
    for (JobDefinition.EnvVar v : job.environmentVariables()) {
      vars.remove(v.name()); // the job's own value wins, in the job's order
      vars.put(v.name(), v.value());
    }
    List<CommandInfo.Environment.Variable> out = new ArrayList<>();
    vars.forEach(
        (k, v) ->
            out.add(
                new CommandInfo.Environment.Variable(
                    k, CommandInfo.Environment.Variable.Type.VALUE, v == null ? "" : v)));
    return new CommandInfo.Environment(out);
  }

  private static ContainerInfo container(JobDefinition job) {
    if (job.container().isEmpty()) {
      return null;
    }
    JobDefinition.Container c = job.container().get();
    List<JsonNode> volumes = new ArrayList<>();
    for (JobDefinition.Container.Volume v : c.volumes()) {
      ObjectNode n = JsonNodeFactory.instance.objectNode().put("container_path", v.containerPath());
      v.hostPath().ifPresent(h -> n.put("host_path", h));
      n.put("mode", v.mode().name());
      volumes.add(n);
    }
    List<JsonNode> networks =
        c.networkName()
            .filter(n -> c.network() == JobDefinition.Container.Network.USER)
            .<List<JsonNode>>map(n -> List.of(JsonNodeFactory.instance.objectNode().put("name", n)))
            .orElse(null);
    if (c.type() == JobDefinition.Container.Type.MESOS) {
      ObjectNode mesos = JsonNodeFactory.instance.objectNode();
      ObjectNode image = mesos.putObject("image");
      image.put("type", "DOCKER");
      image.putObject("docker").put("name", c.image());
      image.put("cached", !c.forcePullImage());
      return new ContainerInfo(
          ContainerInfo.Type.MESOS,
          volumes.isEmpty() ? null : volumes,
          null,
          null,
          mesos,
          networks);
    }
    List<DockerInfo.Parameter> params =
        c.parameters().stream().map(p -> new DockerInfo.Parameter(p.key(), p.value())).toList();
    DockerInfo docker =
        new DockerInfo(
            c.image(),
            switch (c.network()) {
              case HOST -> DockerInfo.Network.HOST;
              case BRIDGE -> DockerInfo.Network.BRIDGE;
              case USER -> DockerInfo.Network.USER;
            },
            null,
            false,
            params.isEmpty() ? null : params,
            c.forcePullImage());
    return new ContainerInfo(
        ContainerInfo.Type.DOCKER,
        volumes.isEmpty() ? null : volumes,
        null,
        docker,
        null,
        networks);
  }
}
