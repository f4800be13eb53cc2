package io.mezzo.api.v1;

/** An agent's id, assigned by the master as <masterId>-S<n>. Wire form {@code {"value": "..."}}. */
public record AgentId(String value) {
  /**
   * {@code value} is a required proto field. Without it the id is malformed (Mesos refuses such a
   * call with 400), and echoing it back would send frameworks an invalid {@code AgentID}.
   */
  public AgentId {
    if (value == null) {
      throw new IllegalArgumentException("'AgentID.value' is required");
    }
  }

  public static AgentId of(String value) {
    return new AgentId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
