package io.mezzo.api.v1;

/** An agent's id, assigned by the master as <masterId>-S<n>. Wire form {@code {"value": "..."}}. */
public record AgentId(String value) {
  public static AgentId of(String value) {
    return new AgentId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
