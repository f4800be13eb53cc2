package io.mezzo.framework.jobs;

import io.mezzo.framework.jobs.job.JobDefinition;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Job definitions for the framework's tests: Chronos's defaults with one or two fields changed. */
final class TestJobs {
  private TestJobs() {}

  /** Every two seconds from the harness's start, forever. */
  static JobDefinition everyTwoSeconds(String name) {
    return JobDefinition.scheduled(name, "echo " + name, "R/2026-01-01T00:00:00Z/PT2S");
  }

  /** Daily, first at a time far after the tests' clock: runs only when run by hand. */
  static JobDefinition later(String name) {
    return JobDefinition.scheduled(name, "echo " + name, "R/2030-01-01T00:00:00Z/P1D");
  }

  static JobDefinition child(String name, String... parents) {
    return JobDefinition.dependent(name, "echo " + name, List.of(parents));
  }

  static JobDefinition retries(JobDefinition j, int retries) {
    return copy(
        j,
        retries,
        j.epsilon(),
        j.concurrent(),
        j.constraints(),
        j.maxCompletionTime(),
        j.softError(),
        j.shell(),
        j.arguments());
  }

  static JobDefinition epsilon(JobDefinition j, Duration epsilon) {
    return copy(
        j,
        j.retries(),
        epsilon,
        j.concurrent(),
        j.constraints(),
        j.maxCompletionTime(),
        j.softError(),
        j.shell(),
        j.arguments());
  }

  static JobDefinition constraints(JobDefinition j, JobDefinition.Constraint... c) {
    return copy(
        j,
        j.retries(),
        j.epsilon(),
        j.concurrent(),
        List.of(c),
        j.maxCompletionTime(),
        j.softError(),
        j.shell(),
        j.arguments());
  }

  static JobDefinition maxCompletionTime(JobDefinition j, long seconds) {
    return copy(
        j,
        j.retries(),
        j.epsilon(),
        j.concurrent(),
        j.constraints(),
        Optional.of(seconds),
        j.softError(),
        j.shell(),
        j.arguments());
  }

  static JobDefinition softError(JobDefinition j) {
    return copy(
        j,
        j.retries(),
        j.epsilon(),
        j.concurrent(),
        j.constraints(),
        j.maxCompletionTime(),
        true,
        j.shell(),
        j.arguments());
  }

  static JobDefinition argv(JobDefinition j, String... arguments) {
    return copy(
        j,
        j.retries(),
        j.epsilon(),
        j.concurrent(),
        j.constraints(),
        j.maxCompletionTime(),
        j.softError(),
        false,
        List.of(arguments));
  }

  private static JobDefinition copy(
      JobDefinition j,
      int retries,
      Duration epsilon,
      boolean concurrent,
      List<JobDefinition.Constraint> constraints,
      Optional<Long> maxCompletionTime,
      boolean softError,
      boolean shell,
      List<String> arguments) {
    return new JobDefinition(
        j.name(),
        j.description(),
        j.command(),
        shell,
        arguments,
        j.environmentVariables(),
        j.cpus(),
        j.mem(),
        j.disk(),
        j.container(),
        j.uris(),
        j.fetch(),
        j.owner(),
        j.ownerName(),
        retries,
        j.async(),
        j.disabled(),
        concurrent,
        epsilon,
        constraints,
        j.runAsUser(),
        j.schedule(),
        j.scheduleTimeZone(),
        j.parents(),
        softError,
        j.dataProcessingJobType(),
        j.highPriority(),
        maxCompletionTime,
        j.taskInfoData());
  }
}
