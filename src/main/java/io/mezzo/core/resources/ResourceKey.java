package io.mezzo.core.resources;

import java.util.Objects;

/**
 * Identifies one entry of {@link Resources}: a resource name, its reservation stack and, for a
 * persistent volume, the {@link PersistentVolume} it is. Resources with different keys never merge:
 * {@code cpus} reserved statically to {@code eng} and {@code cpus} reserved dynamically to {@code
 * eng} by {@code alice} are two entries. The effective {@link #role()} is the stack's top role,
 * {@value #UNRESERVED} when unreserved; {@code cpus(eng):4} is {@code ResourceKey("cpus", "eng")}.
 *
 * <p>Keys order by name, then effective role, then the whole stack, which is the order {@link
 * Resources#toString()} prints them in.
 *
 * @param name resource name such as {@code cpus}, {@code mem}, {@code ports}
 * @param reservations the reservation stack, {@link ReservationStack#unreserved()} when none
 * @param volume the persistent volume this {@code disk} is, or null for any other resource
 */
public record ResourceKey(String name, ReservationStack reservations, PersistentVolume volume)
    implements Comparable<ResourceKey> {

  /** The name of the only resource that can be a persistent volume. */
  public static final String DISK = "disk";

  /** The role of unreserved resources. */
  public static final String UNRESERVED = "*";

  public ResourceKey {
    Names.checkResourceName(name);
    Objects.requireNonNull(reservations, "reservations");
    if (volume != null) {
      if (!DISK.equals(name)) {
        throw new IllegalArgumentException(
            "resource '" + name + "' cannot be a persistent volume: only disk can");
      }
      if (reservations.isEmpty()) {
        throw new IllegalArgumentException(
            "persistent volume '"
                + volume.id()
                + "' is on unreserved disk: a volume needs disk reserved to a role");
      }
    }
  }

  /** A key that is not a persistent volume. */
  public ResourceKey(String name, ReservationStack reservations) {
    this(name, reservations, null);
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
    return stack == reservations ? this : new ResourceKey(name, stack, volume);
  }

  /** Whether this entry is a persistent volume. */
  public boolean isVolume() {
    return volume != null;
  }

  /** This key as the volume {@code v} ({@code null}: the plain disk it was created on). */
  public ResourceKey withVolume(PersistentVolume v) {
    return Objects.equals(v, volume) ? this : new ResourceKey(name, reservations, v);
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
    c = reservations == o.reservations ? 0 : reservations.compareTo(o.reservations);
    if (c != 0 || volume == o.volume) {
      return c;
    }
    if (volume == null || o.volume == null) {
      return volume == null ? -1 : 1;
    }
    return volume.compareTo(o.volume);
  }

  /**
   * {@code cpus}, {@code cpus(eng)} for a static reservation, Mesos's {@code cpus(reservations:
   * [(STATIC,eng),(DYNAMIC,eng,alice)])} for any other stack.
   */
  @Override
  public String toString() {
    String suffix = volume == null ? "" : volume.toString();
    if (!isReserved()) {
      return name + suffix;
    }
    if (reservations.depth() == 1 && !reservations.hasDynamic()) {
      return name + "(" + role() + ")" + suffix;
    }
    return name + "(reservations: " + reservations + ")" + suffix;
  }
}
