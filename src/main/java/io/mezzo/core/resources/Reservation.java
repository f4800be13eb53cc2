package io.mezzo.core.resources;

import java.util.List;
import java.util.Objects;

/**
 * One reservation of a resource's reservation stack (Mesos {@code Resource.ReservationInfo} in the
 * refined format): a static one made by the agent's {@code --resources}, or a dynamic one made by a
 * framework's RESERVE or an operator's RESERVE_RESOURCES. Two resources whose stacks differ in any
 * field (labels included) are different resources and never merge.
 *
 * @param type {@link Type#STATIC} or {@link Type#DYNAMIC}
 * @param role the role reserved for; never {@code *}
 * @param principal who made a dynamic reservation, or null (always null for a static one)
 * @param labels the reservation's labels in order, empty when none
 */
public record Reservation(Type type, String role, String principal, List<Label> labels)
    implements Comparable<Reservation> {

  /** How a reservation was made. */
  public enum Type {
    STATIC,
    DYNAMIC
  }

  /** One key/value label of a reservation; Mesos allows a missing value. */
  public record Label(String key, String value) {
    public Label {
      Objects.requireNonNull(key, "a reservation label has a key");
    }
  }

  public Reservation {
    Objects.requireNonNull(type, "a reservation has a type");
    Names.checkRole(role);
    if (ResourceKey.UNRESERVED.equals(role)) {
      throw new IllegalArgumentException("a reservation cannot be for role '*'");
    }
    if (type == Type.STATIC && principal != null) {
      throw new IllegalArgumentException("a static reservation has no principal");
    }
    labels = labels == null ? List.of() : List.copyOf(labels);
  }

  public static Reservation ofStatic(String role) {
    return new Reservation(Type.STATIC, role, null, List.of());
  }

  public static Reservation dynamic(String role, String principal) {
    return new Reservation(Type.DYNAMIC, role, principal, List.of());
  }

  public boolean isDynamic() {
    return type == Type.DYNAMIC;
  }

  @Override
  public int compareTo(Reservation o) {
    int c = role.compareTo(o.role);
    if (c != 0) {
      return c;
    }
    c = type.compareTo(o.type);
    if (c != 0) {
      return c;
    }
    c = compareNullable(principal, o.principal);
    if (c != 0) {
      return c;
    }
    for (int i = 0; i < Math.min(labels.size(), o.labels.size()); i++) {
      c = labels.get(i).key().compareTo(o.labels.get(i).key());
      if (c == 0) {
        c = compareNullable(labels.get(i).value(), o.labels.get(i).value());
      }
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(labels.size(), o.labels.size());
  }

  private static int compareNullable(String a, String b) {
    if (Objects.equals(a, b)) {
      return 0;
    }
    return a == null ? -1 : b == null ? 1 : a.compareTo(b);
  }

  /** Mesos's text: {@code (STATIC,eng)}, {@code (DYNAMIC,eng,alice)}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("(").append(type).append(',').append(role);
    if (principal != null) {
      sb.append(',').append(principal);
    }
    if (!labels.isEmpty()) {
      sb.append(",{");
      for (int i = 0; i < labels.size(); i++) {
        sb.append(i == 0 ? "" : ",").append(labels.get(i).key());
        if (labels.get(i).value() != null) {
          sb.append(':').append(labels.get(i).value());
        }
      }
      sb.append('}');
    }
    return sb.append(')').toString();
  }
}
