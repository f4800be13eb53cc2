package io.mezzo.master.election;

import io.mezzo.api.v1.MasterInfo;
import java.util.Optional;

/**
 * Chooses one leading master among several (MESOS-API.md §10).
 *
 * <p>Contract: after {@link #start}, the listener hears {@link Listener#elected} at most once;
 * after that, {@link Listener#deposed} at most once (a leader that lost its session must stop
 * writing at once — its registry writes are fenced anyway). {@link Listener#leaderChanged} is
 * called whenever the known leader changes, including to none. Callbacks come from the elector's
 * own thread and must not block. {@link #close} withdraws this contender and is idempotent.
 */
public interface LeaderElector extends AutoCloseable {
  void start(Listener listener);

  /** The current leader as last seen; empty while none is known. */
  Optional<MasterInfo> leader();

  @Override
  void close();

  /** Hears about leadership. */
  interface Listener {
    void elected();

    void deposed(String why);

    void leaderChanged(Optional<MasterInfo> leader);
  }
}
