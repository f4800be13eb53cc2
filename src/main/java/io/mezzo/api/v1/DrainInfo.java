package io.mezzo.api.v1;

/** An agent's drain: its progress and how it was asked for ({@code mesos.v1.DrainInfo}). */
public record DrainInfo(DrainState state, DrainConfig config) {

  /** {@code mesos.v1.DrainState}. */
  public enum DrainState {
    UNKNOWN,
    DRAINING,
    DRAINED
  }

  /**
   * {@code mesos.v1.DrainConfig}: tasks are killed with at most {@code max_grace_period}; with
   * {@code mark_gone} the agent is marked gone once drained.
   */
  public record DrainConfig(DurationInfo maxGracePeriod, Boolean markGone) {
    public DrainConfig {
      markGone = markGone == null ? Boolean.FALSE : markGone;
    }
  }
}
