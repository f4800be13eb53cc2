package io.mezzo.master.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import io.mezzo.api.v1.CommandInfo;
import io.mezzo.api.v1.ContainerInfo;
import io.mezzo.api.v1.ContainerInfo.DockerInfo;
import io.mezzo.api.v1.ExecutorInfo;
import io.mezzo.api.v1.MalformedMessageException;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.api.v1.Volume;
import java.util.List;
import java.util.Optional;

/**
 * Refuses the parts of a task that Mezzo would otherwise drop: every field of TaskInfo,
 * ExecutorInfo, ContainerInfo, CommandInfo and Volume that no Mezzo component honours is named, so
 * the framework learns at launch (TASK_ERROR, REASON_TASK_INVALID) instead of finding out that its
 * task ran without it. docs/task-fields.md is the table of every field and where it is honoured;
 * keep the two in step. Pure.
 */
public final class FieldSupport {
  private FieldSupport() {}

  /** The first field of {@code task} (and of its executor) Mezzo does not honour, as a message. */
  public static Optional<String> problem(TaskInfo task) {
    return problem(task, false);
  }

  /**
   * As {@link #problem(TaskInfo)}; a task of a group ({@code inGroup}) may have SANDBOX_PATH
   * volumes, which the agent's default executor honours (and checks further).
   */
  public static Optional<String> problem(TaskInfo task, boolean inGroup) {
    if (task.limits() != null && !task.limits().isEmpty()) {
      return refused(
          "limits", "containers are limited to their resources, never above (no burstable limits)");
    }
    Optional<String> p = command("command", task.command());
    if (p.isEmpty()) {
      p = container("container", task.container(), inGroup);
    }
    if (p.isEmpty() && task.executor() != null) {
      p = executor("executor", task.executor());
    }
    return p;
  }

  /** The first field of an executor's command or container that Mezzo does not honour. */
  public static Optional<String> executor(String where, ExecutorInfo executor) {
    Optional<String> p = command(where + ".command", executor.command());
    return p.isPresent() ? p : container(where + ".container", executor.container());
  }

  /** Environment variables Mezzo cannot set; uris and user are the fetcher's and launcher's. */
  static Optional<String> command(String where, CommandInfo command) {
    if (command == null || command.environment() == null) {
      return Optional.empty();
    }
    for (CommandInfo.Environment.Variable v : command.environment().variables()) {
      String at = where + ".environment.variables[" + v.name() + "]";
      switch (v.type()) {
        case SECRET -> {
          return refused(
              at, "it is a SECRET and Mezzo has no secret resolver; pass the value as type VALUE");
        }
        case UNKNOWN -> {
          return Optional.of(at + " has type UNKNOWN; use VALUE");
        }
        case VALUE -> {
          if (v.value() == null) {
            return Optional.of(at + " is of type VALUE but has no 'value'");
          }
          if (present(v.secret())) {
            return Optional.of(at + " is of type VALUE but has a 'secret'");
          }
        }
      }
    }
    return Optional.empty();
  }

  /** The parts of a container that its type's containerizer does not honour. */
  static Optional<String> container(String where, ContainerInfo c) {
    return container(where, c, false);
  }

  private static Optional<String> container(String where, ContainerInfo c, boolean inGroup) {
    if (c == null || c.type() == null) {
      return Optional.empty();
    }
    if (present(c.linuxInfo())) {
      return refused(where + ".linux_info", "there are no capabilities, seccomp or namespaces");
    }
    if (present(c.rlimitInfo())) {
      return refused(where + ".rlimit_info", "there is no posix/rlimits isolator");
    }
    if (present(c.ttyInfo())) {
      return refused(where + ".tty_info", "containers get no terminal");
    }
    if (c.networkInfos() != null && !c.networkInfos().isEmpty()) {
      return refused(
          where + ".network_infos",
          "there are no CNI networks; a DOCKER container picks HOST, BRIDGE or NONE with"
              + " docker.network");
    }
    return c.type() == ContainerInfo.Type.DOCKER ? docker(where, c) : mesos(where, c, inGroup);
  }

  private static Optional<String> mesos(String where, ContainerInfo c, boolean inGroup) {
    if (present(c.mesos()) && present(c.mesos().get("image"))) {
      return refused(
          where + ".mesos.image",
          "Mezzo's MESOS containerizer has no image provisioner (the command would run on the"
              + " host); use type DOCKER with docker.image");
    }
    if (c.docker() != null) {
      return Optional.of(
          where
              + ".docker is set but "
              + where
              + ".type is MESOS; use type DOCKER to run an image");
    }
    if (c.volumes() != null && !c.volumes().isEmpty() && !(inGroup && sandboxPaths(c))) {
      return refused(
          where + ".volumes",
          "MESOS containers share the host's filesystem (no mount isolation); use type DOCKER");
    }
    if (!blank(c.hostname())) {
      return refused(
          where + ".hostname", "MESOS containers share the host's UTS namespace; use type DOCKER");
    }
    return Optional.empty();
  }

  /** Whether every volume is a SANDBOX_PATH one (a nested container's view of its parent). */
  private static boolean sandboxPaths(ContainerInfo c) {
    return c.volumes().stream()
        .allMatch(
            v -> v != null && "SANDBOX_PATH".equals(v.path("source").path("type").asText(null)));
  }

  private static Optional<String> docker(String where, ContainerInfo c) {
    if (present(c.mesos())) {
      return Optional.of(where + ".mesos is set but " + where + ".type is DOCKER");
    }
    DockerInfo d = c.docker();
    if (d == null) {
      return Optional.empty();
    }
    if (d.network() == DockerInfo.Network.USER) {
      return refused(where + ".docker.network USER", "there are no CNI networks");
    }
    if (!blank(d.volumeDriver())) {
      return refused(
          where + ".docker.volume_driver",
          "it is deprecated; name the driver in volumes[].source.docker_volume.driver");
    }
    if (!blank(c.hostname()) && d.network() == DockerInfo.Network.HOST) {
      // Mesos refuses this too: a host-networked container has the host's name.
      return Optional.of(where + ".hostname cannot be set with docker.network HOST");
    }
    List<JsonNode> volumes = c.volumes() == null ? List.of() : c.volumes();
    for (int i = 0; i < volumes.size(); i++) {
      String at = where + ".volumes[" + i + "]";
      Optional<String> p;
      try {
        p = Volume.of(volumes.get(i)).dockerProblem(at);
      } catch (MalformedMessageException e) {
        p = Optional.of(at + " is malformed: " + e.getMessage());
      }
      if (p.isPresent()) {
        return p;
      }
    }
    return Optional.empty();
  }

  /** Empty strings count as unset, as an unset proto string reads as "". */
  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  static boolean present(JsonNode n) {
    return n != null && !n.isNull() && !n.isMissingNode() && !(n.isObject() && n.isEmpty());
  }

  private static Optional<String> refused(String field, String why) {
    return Optional.of(field + " is not supported by Mezzo: " + why);
  }
}
