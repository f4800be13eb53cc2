package io.mezzo.core.resources;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A resource's reservations, oldest first (Mesos's refined {@code Resource.reservations}): empty
 * for an unreserved resource, {@code [STATIC eng]} for {@code cpus(eng)}, {@code [STATIC eng,
 * DYNAMIC eng/ml alice]} for a framework's refinement of it. The effective role is the last
 * reservation's, {@code *} when there is none.
 *
 * <p>Well-formed by construction: a static reservation never follows a dynamic one, and each
 * reservation after the first is for a strict descendant role of the one before ({@code eng} →
 * {@code eng/ml}).
 *
 * <p>The allocator compares keys in its hot loop, so the unreserved stack and the single static
 * ones are interned ({@link #unreserved()}, {@link #ofStatic}): the common case compares by
 * identity, and the role and hash are computed once per stack.
 */
public final class ReservationStack implements Comparable<ReservationStack> {

  private static final ReservationStack UNRESERVED = new ReservationStack(List.of());
  private static final Map<String, ReservationStack> STATIC = new ConcurrentHashMap<>();

  private final List<Reservation> reservations;
  private final String role;
  private final boolean dynamic;
  private final int hash;

  private ReservationStack(List<Reservation> reservations) {
    this.reservations = List.copyOf(reservations);
    boolean anyDynamic = false;
    for (int i = 0; i < this.reservations.size(); i++) {
      Reservation r = this.reservations.get(i);
      if (i > 0) {
        Reservation before = this.reservations.get(i - 1);
        if (before.isDynamic() && !r.isDynamic()) {
          throw new IllegalArgumentException(
              "a static reservation " + r + " cannot follow the dynamic reservation " + before);
        }
        if (!isStrictDescendant(r.role(), before.role())) {
          throw new IllegalArgumentException(
              "reservation "
                  + r
                  + " does not refine "
                  + before
                  + ": role '"
                  + r.role()
                  + "' is not a descendant of '"
                  + before.role()
                  + "'");
        }
      }
      anyDynamic |= r.isDynamic();
    }
    this.dynamic = anyDynamic;
    this.role =
        this.reservations.isEmpty()
            ? ResourceKey.UNRESERVED
            : this.reservations.get(this.reservations.size() - 1).role();
    this.hash = this.reservations.hashCode();
  }

  /** The empty stack of unreserved resources. */
  public static ReservationStack unreserved() {
    return UNRESERVED;
  }

  /** {@code [STATIC role]}, or the unreserved stack for {@code *}; interned. */
  public static ReservationStack ofStatic(String role) {
    if (ResourceKey.UNRESERVED.equals(role)) {
      return UNRESERVED;
    }
    ReservationStack s = STATIC.get(role);
    if (s == null) {
      s = new ReservationStack(List.of(Reservation.ofStatic(role)));
      STATIC.putIfAbsent(role, s);
    }
    return s;
  }

  /**
   * The stack of {@code reservations}, oldest first; an interned one when it is empty or a single
   * static reservation.
   *
   * @throws IllegalArgumentException if the stack is not well-formed (see the class comment)
   */
  public static ReservationStack of(List<Reservation> reservations) {
    if (reservations.isEmpty()) {
      return UNRESERVED;
    }
    if (reservations.size() == 1 && !reservations.get(0).isDynamic()) {
      return ofStatic(reservations.get(0).role());
    }
    return new ReservationStack(reservations);
  }

  /**
   * Whether {@code role} is {@code ancestor} or below it ({@code a/b} is in the subtree of {@code
   * a}); everything is in the subtree of {@code *}.
   */
  public static boolean inSubtree(String role, String ancestor) {
    return ancestor.equals(role)
        || ResourceKey.UNRESERVED.equals(ancestor)
        || (role.length() > ancestor.length()
            && role.startsWith(ancestor)
            && role.charAt(ancestor.length()) == '/');
  }

  private static boolean isStrictDescendant(String role, String ancestor) {
    return !role.equals(ancestor) && inSubtree(role, ancestor);
  }

  /** This stack with {@code next} on top; it must refine the current top. */
  public ReservationStack push(Reservation next) {
    List<Reservation> out = new ArrayList<>(reservations.size() + 1);
    out.addAll(reservations);
    out.add(next);
    return of(out);
  }

  /** This stack without its top reservation. */
  public ReservationStack pop() {
    if (reservations.isEmpty()) {
      throw new IllegalStateException("an unreserved resource has no reservation to remove");
    }
    return of(reservations.subList(0, reservations.size() - 1));
  }

  public List<Reservation> reservations() {
    return reservations;
  }

  /** The top reservation, or null when unreserved. */
  public Reservation last() {
    return reservations.isEmpty() ? null : reservations.get(reservations.size() - 1);
  }

  /** The effective role: the top reservation's, {@code *} when unreserved. */
  public String role() {
    return role;
  }

  public boolean isEmpty() {
    return reservations.isEmpty();
  }

  public int depth() {
    return reservations.size();
  }

  /** Whether any reservation of the stack is dynamic. */
  public boolean hasDynamic() {
    return dynamic;
  }

  /**
   * Whether the stack refines a reservation (more than one level), which only frameworks with the
   * RESERVATION_REFINEMENT capability may see.
   */
  public boolean isRefined() {
    return reservations.size() > 1;
  }

  /** Orders by effective role first, so static keys keep the order they had before stacks. */
  @Override
  public int compareTo(ReservationStack o) {
    if (this == o) {
      return 0;
    }
    int c = role.compareTo(o.role);
    if (c != 0) {
      return c;
    }
    for (int i = 0; i < Math.min(depth(), o.depth()); i++) {
      c = reservations.get(i).compareTo(o.reservations.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(depth(), o.depth());
  }

  @Override
  public boolean equals(Object o) {
    return o == this
        || (o instanceof ReservationStack s
            && hash == s.hash
            && reservations.equals(s.reservations));
  }

  @Override
  public int hashCode() {
    return hash;
  }

  /** Mesos's text: {@code [(STATIC,eng),(DYNAMIC,eng/ml,alice)]}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < reservations.size(); i++) {
      sb.append(i == 0 ? "" : ",").append(reservations.get(i));
    }
    return sb.append(']').toString();
  }
}
