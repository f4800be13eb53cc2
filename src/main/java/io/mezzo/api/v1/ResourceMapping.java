package io.mezzo.api.v1;

import io.mezzo.core.resources.Range;
import io.mezzo.core.resources.Reservation;
import io.mezzo.core.resources.ReservationStack;
import io.mezzo.core.resources.ResourceKey;
import io.mezzo.core.resources.ResourceValue;
import io.mezzo.core.resources.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Converts between wire {@link Resource} lists and core {@link Resources}. Validation lives here
 * because this is where a framework's numbers first become ours: every problem is reported with the
 * resource's name and what is wrong with it.
 */
public final class ResourceMapping {
  private ResourceMapping() {}

  /**
   * Parses wire resources; several entries with the same name and role add up (as in Mesos).
   *
   * @throws IllegalArgumentException naming the resource and the problem
   */
  public static Resources toCore(List<Resource> resources) {
    Resources.Builder b = Resources.builder();
    for (Resource r : resources) {
      if (r == null) {
        throw new IllegalArgumentException("null resource");
      }
      if (r.name() == null || r.name().isBlank()) {
        throw new IllegalArgumentException("a resource has no name");
      }
      if (r.type() == null) {
        throw new IllegalArgumentException("resource '" + r.name() + "' has no (known) type");
      }
      refuseUnhonoured(r);
      ResourceKey key;
      try {
        key = new ResourceKey(r.name(), stackOf(r), DiskJson.volumeOf(r.name(), r.disk()));
      } catch (IllegalArgumentException e) {
        throw e.getMessage().startsWith("resource '")
            ? e
            : new IllegalArgumentException("resource '" + r.name() + "': " + e.getMessage(), e);
      }
      ResourceValue value = valueOf(r);
      if (key.isVolume() && !(value instanceof ResourceValue.Scalar)) {
        throw new IllegalArgumentException(
            "resource '" + r.name() + "' is a persistent volume but not a SCALAR");
      }
      b.add(key, value);
    }
    return b.build();
  }

  /**
   * A {@code TaskStatus.limitation} ({@code TaskResourceLimitation}): the resources a container
   * exceeded, or null when none is named.
   */
  public static com.fasterxml.jackson.databind.JsonNode limitation(List<Resource> exceeded) {
    return exceeded == null || exceeded.isEmpty()
        ? null
        : MesosJson.tree(java.util.Map.of("resources", exceeded));
  }

  /** The reservation role of a wire resource: the refined stack's last role, else {@code role}. */
  public static String roleOf(Resource r) {
    return stackOf(r).role();
  }

  /**
   * The reservation stack of a wire resource in either format: the refined {@code reservations}, or
   * the deprecated {@code role} (a static reservation) with {@code reservation} (then a dynamic
   * one, by its principal).
   *
   * @throws IllegalArgumentException naming the resource: a reservation without type or role, a
   *     stack that does not refine itself, or both formats at once
   */
  public static ReservationStack stackOf(Resource r) {
    String name = r.name();
    boolean hasRole = r.role() != null && !r.role().isBlank();
    if (r.reservations() != null && !r.reservations().isEmpty()) {
      if (r.reservation() != null) {
        throw new IllegalArgumentException(
            "resource '"
                + name
                + "' sets both 'reservations' and the deprecated 'reservation'; use one format");
      }
      List<Reservation> stack = new ArrayList<>(r.reservations().size());
      for (Resource.ReservationInfo info : r.reservations()) {
        stack.add(reservationOf(name, info));
      }
      try {
        ReservationStack out = ReservationStack.of(stack);
        if (hasRole && !r.role().equals(out.role())) {
          throw new IllegalArgumentException(
              "its deprecated 'role' '"
                  + r.role()
                  + "' is not the role of its last reservation '"
                  + out.role()
                  + "'");
        }
        return out;
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("resource '" + name + "': " + e.getMessage(), e);
      }
    }
    String role = hasRole ? r.role() : ResourceKey.UNRESERVED;
    if (r.reservation() == null) {
      return ReservationStack.ofStatic(role);
    }
    if (ResourceKey.UNRESERVED.equals(role)) {
      throw new IllegalArgumentException(
          "resource '" + name + "' has a 'reservation' but no 'role' to reserve it for");
    }
    Resource.ReservationInfo info = r.reservation();
    return ReservationStack.of(
        List.of(new Reservation(Reservation.Type.DYNAMIC, role, info.principal(), labels(info))));
  }

  private static Reservation reservationOf(String name, Resource.ReservationInfo info) {
    if (info == null) {
      throw new IllegalArgumentException("resource '" + name + "' has a null reservation");
    }
    if (info.type() == null || info.type() == Resource.ReservationInfo.Type.UNKNOWN) {
      throw new IllegalArgumentException(
          "resource '" + name + "' has a reservation without type (STATIC or DYNAMIC)");
    }
    if (info.role() == null || info.role().isBlank()) {
      throw new IllegalArgumentException("resource '" + name + "' has a reservation without role");
    }
    Reservation.Type type =
        info.type() == Resource.ReservationInfo.Type.STATIC
            ? Reservation.Type.STATIC
            : Reservation.Type.DYNAMIC;
    if (type == Reservation.Type.STATIC && info.principal() != null) {
      throw new IllegalArgumentException(
          "resource '" + name + "' has a STATIC reservation with a principal");
    }
    try {
      return new Reservation(type, info.role(), info.principal(), labels(info));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("resource '" + name + "': " + e.getMessage(), e);
    }
  }

  private static List<Reservation.Label> labels(Resource.ReservationInfo info) {
    if (info.labels() == null || info.labels().labels() == null) {
      return List.of();
    }
    List<Reservation.Label> out = new ArrayList<>();
    for (Label l : info.labels().labels()) {
      if (l == null || l.key() == null) {
        throw new IllegalArgumentException("a reservation label has no key");
      }
      out.add(new Reservation.Label(l.key(), l.value()));
    }
    return out;
  }

  /** Fields of {@code mesos.v1.Resource} that Mezzo does not honour are refused by name. */
  private static void refuseUnhonoured(Resource r) {
    String field =
        r.revocable() != null && !r.revocable().isNull()
            ? "revocable (revocable resources)"
            : r.shared() != null && !r.shared().isNull()
                ? "shared (shared persistent volumes)"
                : r.providerId() != null && !r.providerId().isNull()
                    ? "provider_id (resource providers)"
                    : null;
    if (field != null) {
      throw new IllegalArgumentException(
          "resource '" + r.name() + "' sets '" + field + "', which Mezzo does not support");
    }
  }

  private static ResourceValue valueOf(Resource r) {
    String name = r.name();
    switch (r.type()) {
      case SCALAR -> {
        if (r.scalar() == null || r.scalar().value() == null) {
          throw new IllegalArgumentException("scalar resource '" + name + "' has no value");
        }
        double v = r.scalar().value();
        if (Double.isNaN(v) || Double.isInfinite(v) || v < 0) {
          throw new IllegalArgumentException(
              "resource '" + name + "' must be a finite non-negative number, got " + v);
        }
        return ResourceValue.Scalar.of(v);
      }
      case RANGES -> {
        if (r.ranges() == null) {
          throw new IllegalArgumentException("ranges resource '" + name + "' has no ranges");
        }
        List<Range> out = new ArrayList<>();
        for (Value.Range range :
            r.ranges().range() == null ? List.<Value.Range>of() : r.ranges().range()) {
          if (range == null || range.begin() == null || range.end() == null) {
            throw new IllegalArgumentException(
                "resource '" + name + "' has a range without begin/end");
          }
          if (range.begin() < 0 || range.begin() > range.end()) {
            throw new IllegalArgumentException(
                "resource '"
                    + name
                    + "' has an invalid range ["
                    + range.begin()
                    + "-"
                    + range.end()
                    + "]");
          }
          out.add(new Range(range.begin(), range.end()));
        }
        return new ResourceValue.Ranges(out);
      }
      case SET -> {
        if (r.set() == null) {
          throw new IllegalArgumentException("set resource '" + name + "' has no items");
        }
        return new ResourceValue.Items(
            new TreeSet<>(r.set().item() == null ? List.of() : r.set().item()));
      }
      default ->
          throw new IllegalArgumentException(
              "resource '"
                  + name
                  + "' has type "
                  + r.type()
                  + "; resources are SCALAR, RANGES or SET");
    }
  }

  /**
   * Wire form for a framework. Frameworks without RESERVATION_REFINEMENT get the old format ({@code
   * role} on every resource, {@code *} when unreserved); with it, {@code reservations} (absent when
   * unreserved) and no {@code role}.
   *
   * @param allocationRole the role the resources are allocated to, or null (agent totals)
   */
  public static List<Resource> toWire(Resources resources, String allocationRole, boolean refined) {
    List<Resource> out = new ArrayList<>(resources.size());
    Resource.AllocationInfo alloc =
        allocationRole == null ? null : new Resource.AllocationInfo(allocationRole);
    for (Map.Entry<ResourceKey, ResourceValue> e : resources.asMap().entrySet()) {
      ResourceKey key = e.getKey();
      Resource plain = wireValue(key.name(), e.getValue(), null, alloc, null);
      if (key.isVolume()) {
        plain = plain.withDisk(DiskJson.of(key.volume()));
      }
      out.add(withStack(plain, key.reservations(), refined));
    }
    return out;
  }

  /**
   * The reservation fields of {@code stack} in the refined or the deprecated format. The deprecated
   * one can show one level only: a refined stack shows its top (frameworks without
   * RESERVATION_REFINEMENT are never offered such resources).
   */
  private static Resource withStack(Resource plain, ReservationStack stack, boolean refined) {
    if (refined) {
      if (stack.isEmpty()) {
        return plain;
      }
      List<Resource.ReservationInfo> infos = new ArrayList<>(stack.depth());
      for (Reservation r : stack.reservations()) {
        infos.add(
            new Resource.ReservationInfo(
                r.isDynamic()
                    ? Resource.ReservationInfo.Type.DYNAMIC
                    : Resource.ReservationInfo.Type.STATIC,
                r.role(),
                r.principal(),
                wireLabels(r)));
      }
      return plain.withReservations(null, infos, null);
    }
    Reservation top = stack.last();
    Resource.ReservationInfo reservation =
        top != null && top.isDynamic()
            ? new Resource.ReservationInfo(null, null, top.principal(), wireLabels(top))
            : null;
    return plain.withReservations(stack.role(), null, reservation);
  }

  private static Labels wireLabels(Reservation r) {
    if (r.labels().isEmpty()) {
      return null;
    }
    List<Label> out = new ArrayList<>();
    for (Reservation.Label l : r.labels()) {
      out.add(new Label(l.key(), l.value()));
    }
    return new Labels(out);
  }

  private static Resource wireValue(
      String name,
      ResourceValue value,
      String role,
      Resource.AllocationInfo alloc,
      List<Resource.ReservationInfo> reservations) {
    if (value instanceof ResourceValue.Scalar s) {
      return new Resource(
          name,
          Value.Type.SCALAR,
          new Value.Scalar(s.value()),
          null,
          null,
          role,
          alloc,
          reservations);
    }
    if (value instanceof ResourceValue.Ranges rs) {
      List<Value.Range> ranges = new ArrayList<>();
      for (Range r : rs.ranges()) {
        ranges.add(new Value.Range(r.begin(), r.end()));
      }
      return new Resource(
          name, Value.Type.RANGES, null, new Value.Ranges(ranges), null, role, alloc, reservations);
    }
    ResourceValue.Items items = (ResourceValue.Items) value;
    return new Resource(
        name,
        Value.Type.SET,
        null,
        null,
        new Value.Set(new ArrayList<>(items.items())),
        role,
        alloc,
        reservations);
  }
}
