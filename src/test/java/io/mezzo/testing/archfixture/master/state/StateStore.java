package io.mezzo.testing.archfixture.master.state;

/** Stands in for the real store, so a fixture decider can depend on it. */
public interface StateStore {
  void write(String document);
}
