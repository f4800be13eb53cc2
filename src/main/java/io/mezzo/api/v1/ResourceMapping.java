package io.mezzo.api.v1;

import io.mezzo.core.resources.Range;
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
      ResourceKey key = ResourceKey.of(r.name(), roleOf(r));
      b.add(key, valueOf(r));
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
    if (r.reservations() != null && !r.reservations().isEmpty()) {
      String role = r.reservations().get(r.reservations().size() - 1).role();
      if (role == null || role.isBlank()) {
        throw new IllegalArgumentException(
            "resource '" + r.name() + "' has a reservation without role");
      }
      return role;
    }
    return r.role() == null || r.role().isBlank() ? ResourceKey.UNRESERVED : r.role();
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
      String role = refined ? null : key.role();
      List<Resource.ReservationInfo> reservations =
          refined && key.isReserved()
              ? List.of(
                  new Resource.ReservationInfo(
                      Resource.ReservationInfo.Type.STATIC, key.role(), null, null))
              : null;
      out.add(wireValue(key.name(), e.getValue(), role, alloc, reservations));
    }
    return out;
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
