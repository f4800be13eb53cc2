package io.mezzo.agent;

import io.mezzo.agent.containerizer.ContainerConfig;
import io.mezzo.api.v1.CommandInfo;
import io.mezzo.api.v1.ExecutorInfo;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.security.ExecutorTokens;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The container of a custom executor, as the containerizers see it: a task-shaped config whose
 * command, container and name are the executor's, whose resources are the executor's plus its
 * tasks', and whose environment carries what Mesos gives executors. The containerizers launch it
 * like any container, so no containerizer needs to know about executors.
 *
 * <p>{@code MESOS_AGENT_PID} is left out: Mezzo has no libprocess, so only the v1 HTTP API ({@code
 * MESOS_AGENT_ENDPOINT}) reaches the agent. The launchers also set {@code MESOS_TASK_ID}, here the
 * executor id; Mesos sets none for custom executors.
 */
final class ExecutorContainer {
  private ExecutorContainer() {}

  static ContainerConfig config(
      ExecutorRun e, List<TaskInfo> tasks, String agentEndpoint, ExecutorSettings settings) {
    ExecutorInfo info = e.info;
    CommandInfo c = info.command();
    Map<String, String> env = new LinkedHashMap<>();
    if (c.environment() != null) {
      c.environment().variables().forEach(v -> env.put(v.name(), v.value()));
    }
    env.putAll(environment(e, agentEndpoint, settings));
    CommandInfo command =
        new CommandInfo(
            c.uris(),
            new CommandInfo.Environment(
                env.entrySet().stream()
                    .map(v -> new CommandInfo.Environment.Variable(v.getKey(), null, v.getValue()))
                    .toList()),
            c.shell(),
            c.value(),
            c.arguments(),
            c.user());
    TaskInfo synthetic =
        new TaskInfo(
            info.name() == null ? "executor " + info.executorId().value() : info.name(),
            TaskId.of(info.executorId().value()),
            e.run.agentId(),
            resources(info, tasks),
            null,
            command,
            info.container(),
            null,
            null,
            null,
            null,
            info.labels(),
            null,
            null,
            null);
    return new ContainerConfig(e.run, synthetic, e.framework);
  }

  /** The executor's resources plus those of {@code tasks}: what its container may use. */
  static List<Resource> resources(ExecutorInfo info, List<TaskInfo> tasks) {
    List<Resource> all = new ArrayList<>(info.resources());
    tasks.forEach(t -> all.addAll(t.resources()));
    return all;
  }

  /** The {@code MESOS_*} variables an executor reads (the launcher adds the id and path ones). */
  static Map<String, String> environment(
      ExecutorRun e, String agentEndpoint, ExecutorSettings settings) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("MESOS_AGENT_ENDPOINT", hostPort(agentEndpoint));
    env.put("MESOS_FRAMEWORK_ID", e.frameworkId().value());
    env.put("MESOS_EXECUTOR_ID", e.id().value());
    env.put("MESOS_DIRECTORY", e.run.sandbox().toString());
    env.put("MESOS_SANDBOX", e.run.sandbox().toString());
    boolean checkpoint = Boolean.TRUE.equals(e.framework.checkpoint());
    env.put("MESOS_CHECKPOINT", checkpoint ? "1" : "0");
    if (checkpoint) {
      env.put("MESOS_RECOVERY_TIMEOUT", ExecutorSettings.mesosDuration(settings.recoveryTimeout()));
      env.put(
          "MESOS_SUBSCRIPTION_BACKOFF_MAX",
          ExecutorSettings.mesosDuration(settings.subscriptionBackoffMax()));
    }
    env.put(
        "MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD",
        ExecutorSettings.mesosDuration(e.shutdownGrace(settings.shutdownGracePeriod())));
    env.put("MESOS_HTTP_COMMAND_EXECUTOR", "0");
    if (settings.tokens() != null) {
      // Minted afresh for each launch: the claims name this run's container.
      env.put(
          ExecutorTokens.ENV,
          settings
              .tokens()
              .mint(e.frameworkId().value(), e.id().value(), e.run.containerId().value()));
    }
    return env;
  }

  /** {@code http://host:5051} → {@code host:5051}, as Mesos's {@code MESOS_AGENT_ENDPOINT}. */
  static String hostPort(String endpoint) {
    URI uri = URI.create(endpoint);
    int port = uri.getPort() > 0 ? uri.getPort() : 5051;
    return uri.getHost() + ":" + port;
  }
}
