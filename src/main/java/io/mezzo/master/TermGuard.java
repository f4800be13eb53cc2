package io.mezzo.master;

import io.mezzo.master.election.Lease;
import io.mezzo.master.election.Term;
import io.mezzo.master.state.StateStore;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The master's fencing guard for one {@link Term}: work runs only while the term's lease is valid
 * and the master has not ended its term; a fenced registry write or a lost lease ends the term
 * (once, telling the node, which closes the master) and answers 503, as does an unreachable
 * registry (nothing done). {@link #leads} may be read from any thread; the rest runs on the
 * master's context.
 */
final class TermGuard {
  private static final Logger LOG = Logger.getLogger(TermGuard.class);
  private final Term term;
  private final String masterId;
  private volatile boolean ended;
  private boolean told;

  TermGuard(Term term, String masterId) {
    this.term = term;
    this.masterId = masterId;
  }

  Lease lease() {
    return term.lease();
  }

  /** Whether this master may act as the leader now. */
  boolean leads() {
    return !ended && term.lease().isValid();
  }

  /** {@link #leads}, ending the term if the lease is what says no. On the context. */
  boolean check() {
    if (!ended && !term.lease().isValid()) {
      end("its leadership lease is not valid");
    }
    return !ended;
  }

  /** Runs {@code work} if this master leads; its outcome, or 503 with the reason. */
  CallResult run(Supplier<CallResult> work) {
    if (!check()) {
      return CallResult.unavailable(Lease.LOST_MESSAGE);
    }
    try {
      return work.get();
    } catch (StateStore.StaleVersionException e) {
      end("registry write fenced: another master wrote it (" + e.getMessage() + ")");
      return CallResult.unavailable(
          "This master lost leadership: a newer leader wrote the registry; retry against it");
    } catch (Lease.LostException e) {
      end("its leadership lease ran out during the call");
      return CallResult.unavailable(Lease.LOST_MESSAGE);
    } catch (Applier.RegistryUnavailable e) {
      LOG.warnf("registry write failed, nothing done: %s", e.getMessage());
      return CallResult.unavailable(
          "The registry is unavailable, nothing was done: " + e.getMessage());
    }
  }

  /** Stops acting at once and tells the node (once). */
  void end(String why) {
    ended = true;
    if (!told) {
      told = true;
      LOG.errorf("master %s steps down: %s", masterId, why);
      term.stepDown().accept(why);
    }
  }
}
