package io.mezzo.master.scheduler;

import io.mezzo.api.v1.FrameworkInfo;
import java.util.List;
import java.util.Optional;

/**
 * Checks of a FrameworkInfo that Mesos reports on the subscription stream (200, one ERROR event,
 * stream closed) rather than as HTTP 400. Pure.
 */
public final class FrameworkInfoValidator {
  private FrameworkInfoValidator() {}

  public static Optional<String> problem(FrameworkInfo info, List<String> suppressedRoles) {
    boolean multiRole = info.hasCapability(FrameworkInfo.Capability.Type.MULTI_ROLE);
    if (multiRole && info.role() != null) {
      return Optional.of("'FrameworkInfo.role' must not be set when MULTI_ROLE is enabled");
    }
    if (!multiRole && !info.roles().isEmpty()) {
      return Optional.of("'FrameworkInfo.roles' must be empty unless MULTI_ROLE is enabled");
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
        return Optional.of("Suppressed role '" + role + "' is not one of the framework's roles " + roles);
      }
    }
    double timeout = info.failoverTimeout();
    if (Double.isNaN(timeout) || timeout < 0) {
      return Optional.of("'FrameworkInfo.failover_timeout' must be a non-negative number of seconds");
    }
    return Optional.empty();
  }
}
