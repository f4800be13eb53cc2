package io.mezzo.core.resources;

/**
 * The arithmetic of dynamic reservations (Mesos's RESERVE and UNRESERVE conversions) over {@link
 * Resources}: a reservation consumes its unreserved (or less refined) counterpart and produces the
 * reserved resources; an unreservation does the reverse. Pure functions; every refusal is an {@link
 * IllegalArgumentException} whose message is the reason sent back to the caller.
 */
public final class Reservations {
  private Reservations() {}

  /**
   * What {@code reserved} is made of: each entry with its top (dynamic) reservation popped.
   *
   * @throws IllegalArgumentException if an entry's top reservation is not dynamic
   */
  public static Resources counterpart(Resources reserved) {
    Resources.Builder b = Resources.builder();
    for (int i = 0; i < reserved.size(); i++) {
      ResourceKey key = reserved.keyAt(i);
      if (key.isVolume()) {
        throw new IllegalArgumentException(
            "Resource "
                + key
                + ":"
                + reserved.valueAt(i)
                + " is a persistent volume: its reservation changes only once it is destroyed");
      }
      if (!key.isDynamicallyReserved()) {
        throw new IllegalArgumentException(
            "Resource "
                + key
                + ":"
                + reserved.valueAt(i)
                + (key.isReserved()
                    ? " is not dynamically reserved: its last reservation is static"
                    : " has no reservation"));
      }
      b.add(key.withReservations(key.reservations().pop()), reserved.valueAt(i));
    }
    return b.build();
  }

  /**
   * {@code pool} after RESERVE of {@code reserved}: its counterpart taken from the pool, the
   * reserved resources added.
   *
   * @param pool what may be reserved from (an offer's resources, an agent's unallocated ones)
   * @param reserved the resources with the new dynamic reservation on top
   * @throws IllegalArgumentException naming what is wrong: nothing to reserve, an entry without a
   *     dynamic top reservation, or a counterpart the pool does not hold
   */
  public static Resources reserve(Resources pool, Resources reserved) {
    if (reserved.isEmpty()) {
      throw new IllegalArgumentException("Nothing to reserve: the RESERVE names no resources");
    }
    Resources from = counterpart(reserved);
    if (!pool.contains(from)) {
      throw new IllegalArgumentException(
          "Invalid RESERVE: " + from + " (to reserve as " + reserved + ") is not in " + pool);
    }
    return pool.minus(from).plus(reserved);
  }

  /**
   * {@code pool} after UNRESERVE of {@code reserved}: the reserved resources taken from the pool,
   * their counterpart (one reservation fewer) added.
   *
   * @throws IllegalArgumentException naming what is wrong: nothing to unreserve, an entry that is
   *     not dynamically reserved, or reserved resources the pool does not hold
   */
  public static Resources unreserve(Resources pool, Resources reserved) {
    if (reserved.isEmpty()) {
      throw new IllegalArgumentException("Nothing to unreserve: the UNRESERVE names no resources");
    }
    Resources to = counterpart(reserved);
    if (!pool.contains(reserved)) {
      throw new IllegalArgumentException(
          "Invalid UNRESERVE: " + reserved + " is not reserved in " + pool);
    }
    return pool.minus(reserved).plus(to);
  }

  /**
   * What an agent checkpoints of its total: the entries whose top reservation is dynamic, and the
   * persistent volumes (also those on statically reserved disk).
   */
  public static Resources checkpointed(Resources resources) {
    return resources.hasReservations()
        ? resources.filter(k -> k.isDynamicallyReserved() || k.isVolume())
        : Resources.empty();
  }

  /**
   * An agent's total once its checkpointed dynamic reservations and volumes are applied to its
   * static resources. The checkpoint is the final state (a refinement and what is left of the
   * reservation it refined are both in it), so each entry takes its static counterpart, its volume
   * and all its dynamic reservations dropped, from the static resources.
   *
   * @throws IllegalArgumentException if the static resources do not hold what was reserved (the
   *     agent restarted with fewer resources)
   */
  public static Resources applyCheckpointed(Resources statics, Resources checkpointed) {
    Resources.Builder from = Resources.builder();
    for (int i = 0; i < checkpointed.size(); i++) {
      ResourceKey key = checkpointed.keyAt(i).withVolume(null);
      ReservationStack stack = key.reservations();
      while (stack.last() != null && stack.last().isDynamic()) {
        stack = stack.pop();
      }
      from.add(key.withReservations(stack), checkpointed.valueAt(i));
    }
    Resources taken = from.build();
    if (!statics.contains(taken)) {
      throw new IllegalArgumentException(
          "Checkpointed reservations "
              + checkpointed
              + " need "
              + taken
              + ", which is not in "
              + statics);
    }
    return statics.minus(taken).plus(checkpointed);
  }
}
