package io.mezzo.core.net.detect;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * A fixed list of master URLs ({@code mezzo.master=http://m1:5050,http://m2:5050}): nothing is
 * watched, so the leader is never known here; a client tries the list in order and a standby's 307
 * names the leader.
 */
public final class StaticMasterDetector implements MasterDetector {
  private final List<URI> masters;

  /**
   * @param masters base URLs, tried in this order; at least one
   */
  public StaticMasterDetector(List<URI> masters) {
    if (masters.isEmpty()) {
      throw new IllegalArgumentException("no master URL given");
    }
    this.masters = List.copyOf(masters);
  }

  @Override
  public Optional<URI> leader() {
    return Optional.empty();
  }

  @Override
  public List<URI> candidates() {
    return masters;
  }

  @Override
  public void onLeaderChange(Listener listener) {
    // A list never changes, so there is nothing to tell.
  }

  @Override
  public void close() {
    // Nothing runs in the background.
  }

  @Override
  public String toString() {
    return masters.toString();
  }
}
