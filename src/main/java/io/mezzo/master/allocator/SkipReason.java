package io.mezzo.master.allocator;

/**
 * Why an allocation run did not offer an agent's resources to a framework (or to anyone), so that
 * "why was my framework not offered agent X?" has an answer. Fields that do not apply are null: a
 * skip of a whole agent has no framework or role.
 *
 * @param code what kind of skip
 * @param frameworkId the framework skipped, or null
 * @param role the role skipped, or null
 * @param agentId the agent skipped, or null
 * @param detail the specifics, e.g. {@code refused until 2026-01-01T12:00:05Z}
 */
public record SkipReason(
    Code code, String frameworkId, String role, String agentId, String detail) {

  /** Kinds of skip, in the order the allocator checks them. */
  public enum Code {
    /** The agent is deactivated (draining, maintenance, or re-registering). */
    AGENT_INACTIVE,
    /** The framework is not active (disconnected or failing over). */
    FRAMEWORK_INACTIVE,
    /** The framework suppressed offers for this role. */
    ROLE_SUPPRESSED,
    /** Nothing on the agent is both available and allocatable to the role. */
    NO_RESOURCES,
    /** What the role could get is below {@code --min_allocatable_resources}. */
    BELOW_MIN_ALLOCATABLE,
    /** A refuse filter (from a DECLINE) covers everything the agent could offer the role. */
    FILTERED,
    /**
     * Nothing changed on the agent since a run that offered it to no one, so it was not
     * re-examined.
     */
    AGENT_UNCHANGED,
    /**
     * Offering the role anything more of a resource would take its subtree past a quota limit
     * (allocated + offered ≤ limit, Mesos 1.9+).
     */
    QUOTA_LIMIT,
    /**
     * What is left is held back as headroom: it is needed to meet the guarantees of roles below
     * their quota guarantee.
     */
    QUOTA_HEADROOM,
    /** The agent's resources went to another framework that came first in DRF order. */
    TAKEN_BY_OTHERS
  }

  /**
   * A sentence such as {@code framework f1 role * on agent a1: refused until 12:00:05Z (FILTERED)}.
   */
  public String message() {
    StringBuilder sb = new StringBuilder();
    if (frameworkId != null) {
      sb.append("framework ").append(frameworkId).append(' ');
    }
    if (role != null) {
      sb.append("role ").append(role).append(' ');
    }
    if (agentId != null) {
      sb.append(sb.length() == 0 ? "agent " : "on agent ").append(agentId);
    }
    return sb.toString().strip() + ": " + detail + " (" + code + ")";
  }

  @Override
  public String toString() {
    return message();
  }
}
