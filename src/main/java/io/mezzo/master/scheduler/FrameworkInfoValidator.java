package io.mezzo.master.scheduler;

import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.IdRules;
import java.util.List;
import java.util.Optional;

/**
 * Checks of a FrameworkInfo that Mesos reports on the subscription stream (200, one ERROR event,
 * stream closed) rather than as HTTP 400. Pure.
 */
public final class FrameworkInfoValidator {
  /**
   * The longest failover timeout: Mesos keeps durations as 64-bit nanoseconds and refuses what does
   * not fit (about 292 years), and so must we, or arming the timer overflows when the stream
   * closes.
   */
  static final double MAX_FAILOVER_TIMEOUT_SECONDS = Long.MAX_VALUE / 1e9;

  private FrameworkInfoValidator() {}

  public static Optional<String> problem(FrameworkInfo info, List<String> suppressedRoles) {
    if (info.id() != null) {
      // A framework names its own id when it re-subscribes after a master restart; the id then
      // becomes a directory on every agent that runs its tasks.
      Optional<String> idProblem = IdRules.problem(info.id().value());
      if (idProblem.isPresent()) {
        return Optional.of("'FrameworkInfo.id' is invalid: " + idProblem.get());
      }
    }
    boolean multiRole = info.hasCapability(FrameworkInfo.Capability.Type.MULTI_ROLE);
    if (multiRole && info.role() != null) {
      return Optional.of("'FrameworkInfo.role' must not be set when MULTI_ROLE is enabled");
    }
    if (!multiRole && !info.roles().isEmpty()) {
      return Optional.of("'FrameworkInfo.roles' must be empty unless MULTI_ROLE is enabled");
    }
    if (multiRole && info.roles().isEmpty()) {
      // Mesos lets such a framework subscribe (it gets no offers); Mezzo's allocator needs a role.
      return Optional.of("'FrameworkInfo.roles' must name at least one role");
    }
    List<String> roles = info.effectiveRoles();
    if (roles.size() != roles.stream().distinct().count()) {
      return Optional.of("'FrameworkInfo.roles' contains duplicate roles");
    }
    for (String role : roles) {
      Optional<String> p = RoleNames.problem(role);
      if (p.isPresent()) {
        return p;
      }
    }
    for (String role : suppressedRoles) {
      if (!roles.contains(role)) {
        return Optional.of(
            "Suppressed role '" + role + "' is not one of the framework's roles " + roles);
      }
    }
    double timeout = info.failoverTimeout();
    if (Double.isNaN(timeout) || timeout < 0 || timeout > MAX_FAILOVER_TIMEOUT_SECONDS) {
      return Optional.of(
          "'FrameworkInfo.failover_timeout' must be a number of seconds from 0 to "
              + (long) MAX_FAILOVER_TIMEOUT_SECONDS
              + ", got "
              + timeout);
    }
    return OfferFilterRules.problem(info);
  }
}
