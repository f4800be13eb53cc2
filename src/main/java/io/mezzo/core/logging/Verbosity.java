package io.mezzo.core.logging;

import java.time.Duration;

/**
 * A node's glog-style logging verbosity, as Mesos's GET_LOGGING_LEVEL / SET_LOGGING_LEVEL and
 * {@code /logging/toggle} see it: 0 is the configured default, higher is more verbose. The seam by
 * which the master's and the agent's operator calls reach the node's logging ({@code
 * ops.LoggingLevel}) without importing the operations edge.
 *
 * <p>Implementations are thread-safe.
 */
public interface Verbosity {
  /**
   * The verbosity of a master or agent built without the node's (from its constructors, in a test):
   * it reads 0 and refuses to be set, rather than answer that a level it cannot apply is in place.
   */
  Verbosity UNWIRED =
      new Verbosity() {
        @Override
        public int level() {
          return 0;
        }

        @Override
        public void set(int level, Duration duration) {
          throw new UnsupportedOperationException(
              "this node's logging level is not wired: it was built without one");
        }
      };

  /** The current level: 0 unless one was set and its duration has not ended. */
  int level();

  /**
   * Sets {@code level} for {@code duration}, then goes back to 0; a later set replaces the pending
   * revert.
   *
   * @throws IllegalArgumentException naming the field if the level is negative or the duration is
   *     not positive
   * @throws UnsupportedOperationException if the level cannot be changed ({@link #UNWIRED})
   */
  void set(int level, Duration duration);
}
