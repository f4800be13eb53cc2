package io.mezzo.master.election;

import java.util.function.Consumer;

/**
 * A master's term of leadership as the master sees it: the {@link Lease} it checks before every
 * effect, and whom to tell when it finds itself unable to lead on (its registry write was fenced by
 * a newer leader, or its lease ran out), so the node can step down to standby.
 *
 * @param lease valid while this master may act as the leader
 * @param stepDown told (with a reason, from the master's thread, at most once per cause) that the
 *     master stopped leading; must not block
 */
public record Term(Lease lease, Consumer<String> stepDown) {
  /** A master that takes part in no election: always leads, never steps down. */
  public static final Term STANDALONE = new Term(Lease.ALWAYS, why -> {});
}
