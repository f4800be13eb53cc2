package io.mezzo.framework.jobs;

import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import java.time.Duration;
import java.util.List;

/**
 * How the jobs framework presents itself to the master and paces itself. Plain values, so a test
 * builds one with {@code new}; the product fills it from {@code mezzo.jobs.*}.
 *
 * @param role the role it subscribes with (Chronos's {@code --mesos_role}, default {@code chronos})
 * @param user the user job tasks run as when a job names no {@code runAsUser}
 * @param failoverTimeout how long the master keeps its tasks while it is away (default a week)
 * @param refuseSeconds how long a declined offer is not offered again
 * @param historyLimit finished runs kept per job (runs still going are always kept)
 * @param reconcileTimeout how long a claimed run whose launch may have happened before a failover
 *     waits for the master's reconciliation answer; without one by then the master does not know
 *     the task, and it is launched with its recorded id
 */
public record JobsConfig(
    String role,
    String user,
    Duration failoverTimeout,
    double refuseSeconds,
    int historyLimit,
    Duration reconcileTimeout) {

  /** The name it subscribes with, Chronos's, so tools that look frameworks up by name find it. */
  public static final String FRAMEWORK_NAME = "chronos";

  public JobsConfig {
    if (role == null || role.isBlank()) {
      throw new IllegalArgumentException("mezzo.jobs.role must not be empty");
    }
    if (user == null || user.isBlank()) {
      throw new IllegalArgumentException("mezzo.jobs.user must not be empty");
    }
    if (failoverTimeout.isNegative()) {
      throw new IllegalArgumentException(
          "mezzo.jobs.failover-timeout must not be negative, got " + failoverTimeout);
    }
    if (refuseSeconds < 0) {
      throw new IllegalArgumentException(
          "mezzo.jobs.refuse-seconds must be >= 0, got " + refuseSeconds);
    }
    if (historyLimit < 1) {
      throw new IllegalArgumentException(
          "mezzo.jobs.history-limit must be >= 1, got " + historyLimit);
    }
    if (reconcileTimeout.isNegative() || reconcileTimeout.isZero()) {
      throw new IllegalArgumentException(
          "reconcile timeout must be positive, got " + reconcileTimeout);
    }
  }

  /** Role chronos, the JVM's user, a week of failover, 5 s refuse, 50 runs, 30 s to reconcile. */
  public static JobsConfig defaults() {
    return new JobsConfig(
        "chronos",
        System.getProperty("user.name"),
        Duration.ofDays(7),
        5.0,
        50,
        Duration.ofSeconds(30));
  }

  /**
   * How the framework subscribes: Chronos's name (also its principal, under which the ACLs decide
   * its roles and task users), the role and user, the failover timeout, checkpointing (a job
   * survives an agent restart), PARTITION_AWARE (an agent lost for a while shows as
   * TASK_UNREACHABLE, not as a failed run) and TASK_KILLING_STATE; {@code id} once it has one.
   */
  public FrameworkInfo frameworkInfo(FrameworkId id) {
    return FrameworkInfo.builder()
        .name(FRAMEWORK_NAME)
        .principal(FRAMEWORK_NAME)
        .user(user)
        .id(id)
        .role(role)
        .failoverTimeout((double) failoverTimeout.toSeconds())
        .checkpoint(true)
        .capabilities(
            List.of(
                new FrameworkInfo.Capability(FrameworkInfo.Capability.Type.PARTITION_AWARE),
                new FrameworkInfo.Capability(FrameworkInfo.Capability.Type.TASK_KILLING_STATE)))
        .build();
  }
}
