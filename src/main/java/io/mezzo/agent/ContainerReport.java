package io.mezzo.agent;

import io.mezzo.agent.containerizer.ContainerUsage;
import io.mezzo.api.v1.ContainerId;
import io.mezzo.api.v1.ExecutorId;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.TaskStatus;

/**
 * A running container and what its containerizer measures of it (GET_CONTAINERS, {@code
 * /monitor/statistics}).
 *
 * @param executorName the name shown for the executor: for command tasks, the task's name
 * @param status the container's id and, once started, its main pid
 * @param usage the measured use; fields nobody measures are null
 */
public record ContainerReport(
    FrameworkId frameworkId,
    ExecutorId executorId,
    String executorName,
    ContainerId containerId,
    TaskStatus.ContainerStatus status,
    ContainerUsage usage) {}
