package io.mezzo.core.resources;

import java.util.Objects;

/**
 * Identifies one entry of {@link Resources}: a resource name and its reservation stack. Resources
 * with different keys never merge: {@code cpus} reserved statically to {@code eng} and {@code cpus}
 * reserved dynamically to {@code eng} by {@code alice} are two entries. The effective {@link
 * #role()} is the stack's top role, {@value #UNRESERVED} when unreserved; {@code cpus(eng):4} is
 * {@code ResourceKey("cpus", "eng")}.
 *
 * <p>Keys order by name, then effective role, then the whole stack, which is the order {@link
 * Resources#toString()} prints them in.
 *
 * @param name resource name such as {@code cpus}, {@code mem}, {@code ports}
 * @param reservations the reservation stack, {@link ReservationStack#unreserved()} when none
 */
public record ResourceKey(String name, ReservationStack reservations)
    implements Comparable<ResourceKey> {

  /** The role of unreserved resources. */
  public static final String UNRESERVED = "*";

  public ResourceKey {
    Names.checkResourceName(name);
    Objects.requireNonNull(reservations, "reservations");
  }

  /** A key unreserved ({@code *}) or statically reserved to {@code role}. */
  public ResourceKey(String name, String role) {
    this(name, staticStack(role));
  }

  private static ReservationStack staticStack(String role) {
    Names.checkRole(role);
    return ReservationStack.ofStatic(role);
  }

  /** An unreserved key. */
  public static ResourceKey of(String name) {
    return new ResourceKey(name, ReservationStack.unreserved());
  }

  public static ResourceKey of(String name, String role) {
    return new ResourceKey(name, role);
  }

  public static ResourceKey of(String name, ReservationStack reservations) {
    return new ResourceKey(name, reservations);
  }

  /** The effective role: the top reservation's, {@value #UNRESERVED} when unreserved. */
  public String role() {
    return reservations.role();
  }

  public boolean isReserved() {
    return !reservations.isEmpty();
  }

  /** Whether the top reservation is dynamic (made by RESERVE, undone by UNRESERVE). */
  public boolean isDynamicallyReserved() {
    Reservation top = reservations.last();
    return top != null && top.isDynamic();
  }

  /** This key with another stack. */
  public ResourceKey withReservations(ReservationStack stack) {
    return stack == reservations ? this : new ResourceKey(name, stack);
  }

  @Override
  public int compareTo(ResourceKey o) {
    if (this == o) {
      return 0;
    }
    // Identity checks first: keys built from parsed text share their name strings and interned
    // stacks, and most comparisons in resource arithmetic are between equal keys.
    int c = name == o.name ? 0 : name.compareTo(o.name);
    if (c != 0) {
      return c;
    }
    return reservations == o.reservations ? 0 : reservations.compareTo(o.reservations);
  }

  /**
   * {@code cpus}, {@code cpus(eng)} for a static reservation, Mesos's {@code cpus(reservations:
   * [(STATIC,eng),(DYNAMIC,eng,alice)])} for any other stack.
   */
  @Override
  public String toString() {
    if (!isReserved()) {
      return name;
    }
    if (reservations.depth() == 1 && !reservations.hasDynamic()) {
      return name + "(" + role() + ")";
    }
    return name + "(reservations: " + reservations + ")";
  }
}
