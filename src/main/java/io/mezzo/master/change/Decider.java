package io.mezzo.master.change;

/**
 * A decision over the master's state: reads the view, returns what should happen. Pure: it must not
 * change the entries it reads nor talk to streams, agents or the store; the applier does that from
 * the outcome. Runs on the master's context.
 */
@FunctionalInterface
public interface Decider {
  Outcome decide(MasterView view);
}
