package io.mezzo.master.election;

/**
 * Whether this master may act as the leader right now. Every effect of a leading master (a reply as
 * leader, an offer, a launch, a message to a framework or agent, a registry write) asks it first.
 *
 * <p>Contract: {@link #isValid} is cheap, never blocks and may be called from any thread; once it
 * has answered false for a lease it never answers true again (a master that lost its lease steps
 * down and a new term gets a new lease).
 */
public interface Lease {
  /** The lease of a master that does not take part in an election (standalone): always valid. */
  Lease ALWAYS = () -> true;

  /** What a master whose lease is not valid answers, as the reason of a 503. */
  String LOST_MESSAGE =
      "This master's leadership lease is not valid (it may have lost its ZooKeeper session);"
          + " it is stepping down: retry against the current leader";

  boolean isValid();

  /** Thrown by an effect that found the lease invalid: nothing was done. */
  final class LostException extends RuntimeException {
    public LostException() {
      super(LOST_MESSAGE);
    }
  }
}
