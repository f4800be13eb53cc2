package io.mezzo.api.v1;

import java.util.List;

/**
 * One named resource ({@code mesos.v1.Resource}). Frameworks without RESERVATION_REFINEMENT see the
 * deprecated {@code role} field ({@code "*"} for unreserved); those with it see {@code
 * reservations}. Fields Mezzo does not interpret yet (disk, revocable, shared, provider) are not
 * modelled and are ignored on input.
 */
public record Resource(
    String name,
    Value.Type type,
    Value.Scalar scalar,
    Value.Ranges ranges,
    Value.Set set,
    String role,
    AllocationInfo allocationInfo,
    List<ReservationInfo> reservations) {

  /** Which role an offered or allocated resource is allocated to. */
  public record AllocationInfo(String role) {}

  /** One reservation in the refined (stack) format. */
  public record ReservationInfo(Type type, String role, String principal, Labels labels) {
    public enum Type {
      UNKNOWN,
      STATIC,
      DYNAMIC
    }
  }

  public static Resource scalar(String name, double value) {
    return new Resource(
        name, Value.Type.SCALAR, new Value.Scalar(value), null, null, null, null, null);
  }
}
