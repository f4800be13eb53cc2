package io.mezzo.api.v1;

import java.util.List;

/**
 * Tasks that start together on one agent, under one executor, or not at all ({@code
 * mesos.v1.TaskGroupInfo}).
 */
public record TaskGroupInfo(List<TaskInfo> tasks) {
  public TaskGroupInfo {
    tasks = tasks == null ? List.of() : List.copyOf(tasks);
  }
}
