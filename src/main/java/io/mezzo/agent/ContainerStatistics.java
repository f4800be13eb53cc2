package io.mezzo.agent;

import io.mezzo.agent.containerizer.ContainerUsage;
import io.mezzo.api.v1.ContainerId;
import io.mezzo.api.v1.ExecutorId;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.TaskId;

/**
 * The resource usage of one running container, as the agent's {@code /monitor/statistics} endpoint
 * reports it (one entry per executor; for a command task the executor id is the task id).
 *
 * @param executorName the task's name (Mesos names the command executor after it)
 * @param containerizer the containerizer that runs it ({@code mesos}, {@code docker})
 */
public record ContainerStatistics(
    FrameworkId frameworkId,
    ExecutorId executorId,
    String executorName,
    TaskId taskId,
    ContainerId containerId,
    String containerizer,
    ContainerUsage statistics) {}
