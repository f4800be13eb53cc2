package io.mezzo.bootstrap;

/**
 * What a Mezzo process runs, chosen at run time by {@code mezzo.role} (set by the Quarkus profile).
 */
public enum Role {
  STANDALONE(true, true),
  MASTER(true, false),
  AGENT(false, true);

  private final boolean master;
  private final boolean agent;

  Role(boolean master, boolean agent) {
    this.master = master;
    this.agent = agent;
  }

  public boolean runsMaster() {
    return master;
  }

  public boolean runsAgent() {
    return agent;
  }

  /**
   * @throws IllegalArgumentException naming the valid roles
   */
  public static Role parse(String text) {
    for (Role r : values()) {
      if (r.name().equalsIgnoreCase(text.trim())) {
        return r;
      }
    }
    throw new IllegalArgumentException(
        "mezzo.role must be one of standalone, master, agent; got '" + text + "'");
  }
}
