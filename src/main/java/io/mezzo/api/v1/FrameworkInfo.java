package io.mezzo.api.v1;

import java.util.List;

/**
 * Describes a framework ({@code mesos.v1.FrameworkInfo}). {@code failover_timeout} and {@code
 * checkpoint} have proto defaults, so they are always printed (0.0 and false when unset). {@code
 * offer_filters} (by role) is null when the framework gives none.
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
    Labels labels,
    java.util.Map<String, OfferFilters> offerFilters) {

  /** Without offer filters. */
  public FrameworkInfo(
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
    this(
        user,
        name,
        id,
        failoverTimeout,
        checkpoint,
        role,
        roles,
        hostname,
        principal,
        webuiUrl,
        capabilities,
        labels,
        null);
  }

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
        labels,
        offerFilters);
  }

  public FrameworkInfo withPrincipal(String newPrincipal) {
    return new FrameworkInfo(
        user,
        name,
        id,
        failoverTimeout,
        checkpoint,
        role,
        roles,
        hostname,
        newPrincipal,
        webuiUrl,
        capabilities,
        labels,
        offerFilters);
  }

  /** The offer filters by role; empty when the framework gives none. */
  public java.util.Map<String, OfferFilters> offerFiltersByRole() {
    return offerFilters == null ? java.util.Map.of() : offerFilters;
  }

  /** A builder with no field set: what a message that names none of them decodes to. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds a FrameworkInfo field by field, so tests and callers name what they set instead of
   * counting twelve positional arguments. Unset fields stay null and get the record's defaults.
   */
  public static final class Builder {
    private String user;
    private String name;
    private FrameworkId id;
    private Double failoverTimeout;
    private Boolean checkpoint;
    private String role;
    private List<String> roles;
    private String hostname;
    private String principal;
    private String webuiUrl;
    private List<Capability> capabilities;
    private Labels labels;
    private java.util.Map<String, OfferFilters> offerFilters;

    private Builder() {}

    public Builder offerFilters(java.util.Map<String, OfferFilters> offerFilters) {
      this.offerFilters = offerFilters;
      return this;
    }

    public Builder user(String user) {
      this.user = user;
      return this;
    }

    public Builder name(String name) {
      this.name = name;
      return this;
    }

    public Builder id(FrameworkId id) {
      this.id = id;
      return this;
    }

    public Builder failoverTimeout(Double failoverTimeout) {
      this.failoverTimeout = failoverTimeout;
      return this;
    }

    public Builder checkpoint(Boolean checkpoint) {
      this.checkpoint = checkpoint;
      return this;
    }

    public Builder role(String role) {
      this.role = role;
      return this;
    }

    public Builder roles(List<String> roles) {
      this.roles = roles;
      return this;
    }

    public Builder hostname(String hostname) {
      this.hostname = hostname;
      return this;
    }

    public Builder principal(String principal) {
      this.principal = principal;
      return this;
    }

    public Builder webuiUrl(String webuiUrl) {
      this.webuiUrl = webuiUrl;
      return this;
    }

    public Builder capabilities(List<Capability> capabilities) {
      this.capabilities = capabilities;
      return this;
    }

    public Builder labels(Labels labels) {
      this.labels = labels;
      return this;
    }

    public FrameworkInfo build() {
      return new FrameworkInfo(
          user,
          name,
          id,
          failoverTimeout,
          checkpoint,
          role,
          roles,
          hostname,
          principal,
          webuiUrl,
          capabilities,
          labels,
          offerFilters);
    }
  }
}
