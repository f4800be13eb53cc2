package io.mezzo.security.limits;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Caps on long-lived things a client holds open: scheduler subscriptions or operator event streams
 * per principal, or connections per client address. Each holder (a principal, an address) may hold
 * at most {@code perHolder} at once and everybody together at most {@code total}; either cap may be
 * absent. A call over a cap is refused with a reason naming the holder and the cap, and with no
 * Retry-After, since a slot frees up only when some stream closes.
 *
 * <p>Holders are counted only while they hold something; the entry is dropped at zero, so memory is
 * bounded by the number of open streams (and by {@code total} when set), not by how many principals
 * or addresses ever called.
 *
 * <p>Thread-safe: streams open and close on several event loops, so {@link #acquire} and {@link
 * Lease#close} synchronize on this object, held only for a map update; no other lock is taken
 * inside.
 */
public final class ConnectionCaps {
  private final String things;
  private final String holderKind;
  private final OptionalInt perHolder;
  private final OptionalInt total;
  private final Map<String, Integer> open = new HashMap<>();
  private int openTotal;

  /**
   * @param things what is counted, plural, for reasons ("subscriptions", "connections")
   * @param holderKind what holds them, for reasons ("principal", "client address")
   * @param perHolder at most this many per holder; empty = no cap
   * @param total at most this many altogether; empty = no cap
   * @throws IllegalArgumentException when a cap is below 1 (a cap of 0 would refuse everyone; leave
   *     the feature off instead) or a name is blank
   */
  public ConnectionCaps(
      String things, String holderKind, OptionalInt perHolder, OptionalInt total) {
    if (things == null || things.isBlank() || holderKind == null || holderKind.isBlank()) {
      throw new IllegalArgumentException("connection caps need names for what they count");
    }
    requireAtLeastOne(things + " per " + holderKind, perHolder);
    requireAtLeastOne("total " + things, total);
    this.things = things;
    this.holderKind = holderKind;
    this.perHolder = perHolder;
    this.total = total;
  }

  /** Caps nothing but still counts, so metrics can show open streams. */
  public static ConnectionCaps uncapped(String things, String holderKind) {
    return new ConnectionCaps(things, holderKind, OptionalInt.empty(), OptionalInt.empty());
  }

  /**
   * Opens one slot for {@code holder} if both caps allow it.
   *
   * @param holder the principal or address; {@code null} (no principal) is counted as one shared
   *     anonymous holder, so unauthenticated callers together get one holder's share
   * @return a granted lease to {@link Lease#close} when the stream ends, or a refused one (whose
   *     close does nothing) carrying the reason; a refusal changes no count
   */
  public synchronized Lease acquire(String holder) {
    int held = open.getOrDefault(holder, 0);
    if (perHolder.isPresent() && held >= perHolder.getAsInt()) {
      return new Lease(
          holder,
          LimitDecision.refused(
              describe(holder)
                  + " already holds "
                  + held
                  + " of "
                  + perHolder.getAsInt()
                  + " "
                  + things
                  + " allowed per "
                  + holderKind));
    }
    if (total.isPresent() && openTotal >= total.getAsInt()) {
      return new Lease(
          holder,
          LimitDecision.refused(
              "all "
                  + total.getAsInt()
                  + " "
                  + things
                  + " allowed in total are open; "
                  + describe(holder)
                  + " holds "
                  + held
                  + " of them"));
    }
    open.put(holder, held + 1);
    openTotal++;
    return new Lease(holder, LimitDecision.ALLOWED);
  }

  /** How many slots {@code holder} holds now. */
  public synchronized int openBy(String holder) {
    return open.getOrDefault(holder, 0);
  }

  /** How many slots are held altogether now. */
  public synchronized int openTotal() {
    return openTotal;
  }

  private synchronized void release(String holder) {
    int held = open.getOrDefault(holder, 0);
    if (held <= 0) {
      // Only a granted lease releases, and only once, so this is a bug in this class.
      throw new IllegalStateException(describe(holder) + " releases a slot it does not hold");
    }
    if (held == 1) {
      open.remove(holder);
    } else {
      open.put(holder, held - 1);
    }
    openTotal--;
  }

  private String describe(String holder) {
    // Singular on purpose: the callers without a principal are counted as one holder.
    return holder == null
        ? "the anonymous " + holderKind + " (callers without one)"
        : holderKind + " '" + holder + "'";
  }

  private static void requireAtLeastOne(String name, OptionalInt cap) {
    Objects.requireNonNull(cap, name);
    if (cap.isPresent() && cap.getAsInt() < 1) {
      throw new IllegalArgumentException(
          name + " must be at least 1, was " + cap.getAsInt() + " (leave it unset for no cap)");
    }
  }

  /**
   * One acquire's outcome. A granted lease holds its slot until {@link #close}; closing twice (a
   * stream's end and error handlers both firing) releases once. Closing a refused lease does
   * nothing, so callers can close whatever they got.
   */
  public final class Lease implements AutoCloseable {
    private final String holder;
    private final LimitDecision decision;
    private boolean closed;

    private Lease(String holder, LimitDecision decision) {
      this.holder = holder;
      this.decision = decision;
      this.closed = !decision.allowed();
    }

    public LimitDecision decision() {
      return decision;
    }

    public boolean granted() {
      return decision.allowed();
    }

    /** Releases the slot once; idempotent and thread-safe. */
    @Override
    public void close() {
      synchronized (ConnectionCaps.this) {
        if (closed) {
          return;
        }
        closed = true;
        release(holder);
      }
    }
  }
}
