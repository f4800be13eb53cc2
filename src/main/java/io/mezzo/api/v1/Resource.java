package io.mezzo.api.v1;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One named resource ({@code mesos.v1.Resource}). Frameworks without RESERVATION_REFINEMENT see the
 * deprecated format: {@code role} ({@code "*"} for unreserved) and, for a dynamic reservation,
 * {@code reservation} (its principal and labels); those with it see {@code reservations}, the whole
 * stack. {@code disk} is kept as JSON and read by {@link DiskJson} (a persistent volume; a disk
 * source is refused). Fields Mezzo does not honour ({@code revocable}, {@code shared}, {@code
 * provider_id}) are kept only so that {@link ResourceMapping#toCore} can refuse them by name.
 */
public record Resource(
    String name,
    Value.Type type,
    Value.Scalar scalar,
    Value.Ranges ranges,
    Value.Set set,
    String role,
    AllocationInfo allocationInfo,
    List<ReservationInfo> reservations,
    ReservationInfo reservation,
    JsonNode disk,
    JsonNode revocable,
    JsonNode shared,
    JsonNode providerId) {

  /** A resource in either format without the fields Mezzo refuses. */
  public Resource(
      String name,
      Value.Type type,
      Value.Scalar scalar,
      Value.Ranges ranges,
      Value.Set set,
      String role,
      AllocationInfo allocationInfo,
      List<ReservationInfo> reservations) {
    this(
        name,
        type,
        scalar,
        ranges,
        set,
        role,
        allocationInfo,
        reservations,
        null,
        null,
        null,
        null,
        null);
  }

  /** Which role an offered or allocated resource is allocated to. */
  public record AllocationInfo(String role) {}

  /**
   * One reservation. In the refined stack ({@code reservations}) every field may be set; in the
   * deprecated single {@code reservation} only {@code principal} and {@code labels} (the role is
   * the resource's {@code role}).
   */
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

  /** This resource with another {@code disk} ({@code mesos.v1.Resource.DiskInfo} JSON). */
  public Resource withDisk(JsonNode diskInfo) {
    return new Resource(
        name,
        type,
        scalar,
        ranges,
        set,
        role,
        allocationInfo,
        reservations,
        reservation,
        diskInfo,
        revocable,
        shared,
        providerId);
  }

  /** This resource with another reservation format (the value and allocation kept). */
  public Resource withReservations(
      String role, List<ReservationInfo> reservations, ReservationInfo reservation) {
    return new Resource(
        name,
        type,
        scalar,
        ranges,
        set,
        role,
        allocationInfo,
        reservations,
        reservation,
        disk,
        revocable,
        shared,
        providerId);
  }
}
