package io.mezzo.http.master;

import io.mezzo.framework.sdk.FrameworkStore;
import io.mezzo.master.election.Lease;
import io.mezzo.master.state.StateStore;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;

/**
 * Failures that mean "this node does not lead (any more)" rather than a bug: a registry write
 * fenced by a newer leader, a built-in framework's fenced write, a lost leadership lease, a master
 * that stopped while the call waited. Clients must hear 503 with a reason and retry against the
 * leader, never 500.
 */
public final class FencedFailure {
  private FencedFailure() {}

  /** The 503 reason if {@code failure} (or a cause of it) is such a failure; else empty. */
  public static Optional<String> reason(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof StateStore.StaleVersionException) {
        return Optional.of(
            "This master lost leadership: a newer leader wrote the registry ("
                + t.getMessage()
                + "); retry against the current leader");
      }
      if (t instanceof FrameworkStore.StaleException) {
        return Optional.of(
            "This master lost leadership: a newer leader wrote the framework's state ("
                + t.getMessage()
                + "); retry against the current leader");
      }
      if (t instanceof Lease.LostException) {
        return Optional.of(Lease.LOST_MESSAGE);
      }
      if (t instanceof RejectedExecutionException
          || (t instanceof IllegalStateException
              && t.getMessage() != null
              && t.getMessage().endsWith(" is stopped"))) {
        return Optional.of("This master stopped while the call waited; retry against the leader");
      }
    }
    return Optional.empty();
  }
}
