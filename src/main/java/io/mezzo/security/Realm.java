package io.mezzo.security;

/**
 * The authentication realms, with Mesos's names (they appear in the {@code WWW-Authenticate}
 * challenge). Every HTTP route belongs to exactly one; {@link #OPEN} ones never ask.
 */
public enum Realm {
  /** Health probes, the web UI's static files, {@code /redirect}: never authenticated. */
  OPEN("open"),
  MASTER_READONLY("mesos-master-readonly"),
  MASTER_READWRITE("mesos-master-readwrite"),
  MASTER_SCHEDULER("mesos-master-scheduler"),
  /** The agent link ({@code /internal/v1/agent}): agents authenticate to be admitted. */
  MASTER_AGENT("mezzo-master-agent"),
  AGENT_READONLY("mesos-agent-readonly"),
  AGENT_READWRITE("mesos-agent-readwrite"),
  AGENT_EXECUTOR("mesos-agent-executor");

  private final String mesosName;

  Realm(String mesosName) {
    this.mesosName = mesosName;
  }

  /** The realm's name in challenges and docs. */
  public String mesosName() {
    return mesosName;
  }
}
