package io.mezzo.framework.services.deploy;

import io.mezzo.api.v1.TaskState;
import io.mezzo.framework.services.app.AppDefinition;
import io.mezzo.framework.services.instance.Instance;
import java.time.Instant;

/**
 * How the planners read an instance: is it of the app's current configuration, does it count as
 * healthy capacity, is it waiting to be relaunched. Shared so that restart, scale and healing agree
 * on one meaning of "healthy".
 */
public final class InstanceChecks {
  private InstanceChecks() {}

  /**
   * True if {@code instance} runs the current configuration of {@code app}: launched with its
   * version, or with any version since its last configuration change (a later scale changes the
   * version but not what runs, so such instances need no replacement).
   */
  public static boolean isCurrent(Instance instance, AppDefinition app) {
    Instant launched = instance.appVersion();
    if (launched == null) {
      return false;
    }
    if (launched.equals(app.version())) {
      return true;
    }
    Instant configAt = app.versionInfo() == null ? null : app.versionInfo().lastConfigChangeAt();
    return configAt != null && !launched.isBefore(configAt);
  }

  /**
   * True if the instance counts as healthy capacity: running, and for the current configuration
   * also passing the app's health checks (if it has any) and readiness checks (if any). An instance
   * of an older configuration was launched with checks we no longer know, so it counts unless a
   * check has said otherwise: counting it unhealthy would let a restart kill capacity that is
   * really serving.
   */
  public static boolean isHealthy(Instance instance, AppDefinition app) {
    if (!instance.isRunning()) {
      return false;
    }
    if (!isCurrent(instance, app)) {
      return !Boolean.FALSE.equals(instance.healthy()) && !Boolean.FALSE.equals(instance.ready());
    }
    boolean healthOk = app.healthChecks().isEmpty() || Boolean.TRUE.equals(instance.healthy());
    boolean readyOk = app.readinessChecks().isEmpty() || Boolean.TRUE.equals(instance.ready());
    return healthOk && readyOk;
  }

  /** The instance ended but the framework still wants it: it will be relaunched (with backoff). */
  public static boolean isWaitingForRelaunch(Instance instance) {
    return instance.goal() == Instance.Goal.RUNNING && !instance.isActive();
  }

  /** Wanted and either active or about to be relaunched: it fills one of the app's slots. */
  public static boolean fillsSlot(Instance instance) {
    return instance.goal() == Instance.Goal.RUNNING;
  }

  /** The framework decided to kill it and it has not ended yet: it still holds resources. */
  public static boolean isDying(Instance instance) {
    return instance.goal() == Instance.Goal.STOPPED && instance.isActive();
  }

  static boolean isUnreachable(Instance instance) {
    return instance.state() == TaskState.TASK_UNREACHABLE
        || instance.state() == TaskState.TASK_UNKNOWN;
  }

  static String plural(int n, String word) {
    return n + " " + word + (n == 1 ? "" : "s");
  }
}
