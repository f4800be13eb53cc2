package io.mezzo.testing.archfixture.master.scheduler;

import io.mezzo.testing.archfixture.master.state.StateStore;

/** Violates: a decider persists by itself instead of returning an outcome. */
public class TeardownHandlerThatWrites {
  private final StateStore store;

  public TeardownHandlerThatWrites(StateStore store) {
    this.store = store;
  }

  void teardown() {
    store.write("removed");
  }
}
