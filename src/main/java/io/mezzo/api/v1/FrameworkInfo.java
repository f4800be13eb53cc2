package io.mezzo.api.v1;

import java.util.List;

/**
 * Describes a framework ({@code mesos.v1.FrameworkInfo}). {@code failover_timeout} and {@code
 * checkpoint} have proto defaults, so they are always printed (0.0 and false when unset).
 */
public record FrameworkInfo(
    String user,
    String name,
    FrameworkId id,
    Double failoverTimeout,
    Boolean checkpoint,
    String role,
    List<String> roles,
    String hostname,
    String principal,
    String webuiUrl,
    List<Capability> capabilities,
    Labels labels) {

  public FrameworkInfo {
    failoverTimeout = failoverTimeout == null ? 0.0 : failoverTimeout;
    checkpoint = checkpoint == null ? Boolean.FALSE : checkpoint;
    roles = roles == null ? List.of() : List.copyOf(roles);
    capabilities = capabilities == null ? List.of() : capabilities;
  }

  /** A framework capability; unknown names on input become null and are dropped. */
  public record Capability(Type type) {
    public enum Type {
      UNKNOWN,
      REVOCABLE_RESOURCES,
      TASK_KILLING_STATE,
      GPU_RESOURCES,
      SHARED_RESOURCES,
      PARTITION_AWARE,
      MULTI_ROLE,
      RESERVATION_REFINEMENT,
      REGION_AWARE
    }
  }

  public boolean hasCapability(Capability.Type type) {
    return capabilities.stream().anyMatch(c -> c != null && c.type() == type);
  }

  /**
   * The roles this framework subscribes to: {@code roles} for MULTI_ROLE frameworks, else the
   * deprecated single {@code role} (default {@code *}).
   */
  public List<String> effectiveRoles() {
    if (hasCapability(Capability.Type.MULTI_ROLE)) {
      return roles;
    }
    return List.of(role == null ? "*" : role);
  }

  public FrameworkInfo withId(FrameworkId newId) {
    return new FrameworkInfo(
        user,
        name,
        newId,
        failoverTimeout,
        checkpoint,
        role,
        roles,
        hostname,
        principal,
        webuiUrl,
        capabilities,
        labels);
  }
}
