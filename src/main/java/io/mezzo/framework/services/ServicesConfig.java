package io.mezzo.framework.services;

import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import java.time.Duration;
import java.util.List;

/**
 * How the services framework presents itself to the master and paces itself. Plain values, so a
 * test builds one with {@code new}; the product fills it from {@code mezzo.services.*}.
 *
 * @param role the role it subscribes with (Marathon's {@code --mesos_role}, default {@code
 *     marathon})
 * @param user the user its tasks run as when an app names none
 * @param failoverTimeout how long the master keeps its tasks while it is away (Marathon: 1 week)
 * @param refuseSeconds how long a declined offer is not offered again (filters of DECLINE/ACCEPT)
 * @param historyLimit app versions kept per app
 * @param tick how often time-driven decisions (backoff ends, unreachable instances) are re-checked
 */
public record ServicesConfig(
    String role,
    String user,
    Duration failoverTimeout,
    double refuseSeconds,
    int historyLimit,
    Duration tick) {

  /** The name it subscribes with, Marathon's, so tools that look frameworks up by name find it. */
  public static final String FRAMEWORK_NAME = "marathon";

  public ServicesConfig {
    if (role == null || role.isBlank()) {
      throw new IllegalArgumentException("services role must not be empty");
    }
    if (refuseSeconds < 0) {
      throw new IllegalArgumentException("refuse-seconds must be >= 0, got " + refuseSeconds);
    }
    if (historyLimit < 1) {
      throw new IllegalArgumentException("history limit must be >= 1, got " + historyLimit);
    }
  }

  public static ServicesConfig defaults() {
    return new ServicesConfig(
        "marathon",
        System.getProperty("user.name"),
        Duration.ofDays(7),
        5.0,
        50,
        Duration.ofSeconds(1));
  }

  /**
   * How the framework subscribes: Marathon's name (also its principal, which the master's ACLs
   * decide its roles and task users under), the role and user, the failover timeout, checkpointing,
   * PARTITION_AWARE (so lost agents show as TASK_UNREACHABLE and instances are replaced per {@code
   * unreachableStrategy}) and TASK_KILLING_STATE; {@code id} once it has one.
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

  public ServicesConfig withUser(String u) {
    return new ServicesConfig(role, u, failoverTimeout, refuseSeconds, historyLimit, tick);
  }
}
