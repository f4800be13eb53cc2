package io.mezzo.master.reservation;

import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.scheduler.Call;
import io.mezzo.core.resources.Resources;
import io.mezzo.core.resources.Volumes;
import io.mezzo.master.change.Change;
import io.mezzo.master.reservation.ReservationValidator.Refused;
import io.mezzo.master.reservation.ReservationValidator.Reserver;
import io.mezzo.security.acl.Authorizer;
import java.util.List;

/**
 * Decides one volume operation (CREATE, DESTROY, GROW_VOLUME, SHRINK_VOLUME) against a pool, for a
 * framework's ACCEPT (the pool is what is left of its offers) or an operator's call (the agent's
 * unallocated resources): validated by {@link VolumeValidator}, checked to fit by {@link Volumes},
 * and answered as the conversion to record. Pure.
 */
public final class VolumeOperations {
  private VolumeOperations() {}

  public static boolean handles(Call.Operation.Type type) {
    return type == Call.Operation.Type.CREATE
        || type == Call.Operation.Type.DESTROY
        || type == Call.Operation.Type.GROW_VOLUME
        || type == Call.Operation.Type.SHRINK_VOLUME;
  }

  /**
   * @param pool what the operation may convert
   * @param agentTotal the agent's whole total, to find volume ids already in use
   * @throws Refused naming what is wrong ({@link ReservationValidator.Unauthorized} when the
   *     authorizer said no)
   * @throws IllegalArgumentException naming what the pool does not hold
   */
  public static Change.Conversion decide(
      Call.Operation op, Reserver who, Resources pool, Resources agentTotal, Authorizer authorizer)
      throws Refused {
    return switch (op.type()) {
      case CREATE -> create(who, op.create().volumes(), pool, agentTotal, authorizer);
      case DESTROY -> destroy(who, op.destroy().volumes(), pool, authorizer);
      case GROW_VOLUME ->
          grow(who, op.growVolume().volume(), op.growVolume().addition(), pool, authorizer);
      case SHRINK_VOLUME ->
          shrink(
              who,
              op.shrinkVolume().volume(),
              op.shrinkVolume().subtract().value(),
              pool,
              authorizer);
      default -> throw new IllegalStateException("not a volume operation: " + op.type());
    };
  }

  public static Change.Conversion create(
      Reserver who,
      List<Resource> volumes,
      Resources pool,
      Resources agentTotal,
      Authorizer authorizer)
      throws Refused {
    Resources created = VolumeValidator.create(who, volumes, authorizer);
    Volumes.create(pool, agentTotal, created);
    return new Change.Conversion(Volumes.disk(created, "CREATE"), created);
  }

  public static Change.Conversion destroy(
      Reserver who, List<Resource> volumes, Resources pool, Authorizer authorizer) throws Refused {
    Resources destroyed = VolumeValidator.destroy(who, volumes, authorizer);
    Volumes.destroy(pool, destroyed);
    return new Change.Conversion(destroyed, Volumes.disk(destroyed, "DESTROY"));
  }

  public static Change.Conversion grow(
      Reserver who, Resource volume, Resource addition, Resources pool, Authorizer authorizer)
      throws Refused {
    Resources v = VolumeValidator.resize("GROW_VOLUME", who, volume, authorizer);
    Resources add = VolumeValidator.plain("GROW_VOLUME", "addition", addition);
    Volumes.grow(pool, v, add);
    return new Change.Conversion(v.plus(add), Volumes.grown(v, add));
  }

  public static Change.Conversion shrink(
      Reserver who, Resource volume, double subtract, Resources pool, Authorizer authorizer)
      throws Refused {
    Resources v = VolumeValidator.resize("SHRINK_VOLUME", who, volume, authorizer);
    Volumes.shrink(pool, v, subtract);
    return new Change.Conversion(v, Volumes.shrunk(v, subtract).plus(Volumes.freed(v, subtract)));
  }
}
