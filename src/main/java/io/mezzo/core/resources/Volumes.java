package io.mezzo.core.resources;

/**
 * The arithmetic of persistent volumes (Mesos's CREATE, DESTROY, GROW_VOLUME and SHRINK_VOLUME
 * conversions) over {@link Resources}: CREATE turns reserved disk into a volume of the same size,
 * DESTROY turns it back, GROW adds reserved disk to a volume and SHRINK gives part of it back. A
 * volume is taken whole or not at all. Pure functions; every refusal is an {@link
 * IllegalArgumentException} whose message is the reason sent back to the caller.
 */
public final class Volumes {
  private Volumes() {}

  /**
   * {@code pool} after CREATE of {@code volumes}.
   *
   * @param pool what the disk is taken from (an offer's resources, an agent's unallocated ones)
   * @param existing every volume the agent already has, allocated or not: ids must be new
   * @throws IllegalArgumentException naming what is wrong: nothing to create, an entry that is not
   *     a volume, an id already in use, or disk the pool does not hold
   */
  public static Resources create(Resources pool, Resources existing, Resources volumes) {
    if (volumes.isEmpty()) {
      throw new IllegalArgumentException("Nothing to create: the CREATE names no volumes");
    }
    Resources from = disk(volumes, "CREATE");
    for (int i = 0; i < volumes.size(); i++) {
      ResourceKey key = volumes.keyAt(i);
      for (int j = 0; j < volumes.size(); j++) {
        if (j != i && key.volume().sameId(volumes.keyAt(j).volume())) {
          throw new IllegalArgumentException(
              "Invalid CREATE: persistence id '" + key.volume().id() + "' is named twice");
        }
      }
      ResourceKey taken = volumeWithId(existing, key.role(), key.volume().id());
      if (taken != null) {
        throw new IllegalArgumentException(
            "Invalid CREATE: persistence id '"
                + key.volume().id()
                + "' is already used by volume "
                + taken
                + " of role "
                + key.role());
      }
    }
    if (!pool.contains(from)) {
      throw new IllegalArgumentException(
          "Invalid CREATE: " + from + " (to make volumes " + volumes + ") is not in " + pool);
    }
    return pool.minus(from).plus(volumes);
  }

  /**
   * {@code pool} after DESTROY of {@code volumes}: each volume, whole, becomes the reserved disk it
   * was created on. A volume a task uses is not in the pool, so it cannot be destroyed.
   *
   * @throws IllegalArgumentException naming what is wrong: nothing to destroy, an entry that is not
   *     a volume, or a volume the pool does not hold (unknown, or in use)
   */
  public static Resources destroy(Resources pool, Resources volumes) {
    if (volumes.isEmpty()) {
      throw new IllegalArgumentException("Nothing to destroy: the DESTROY names no volumes");
    }
    Resources to = disk(volumes, "DESTROY");
    for (int i = 0; i < volumes.size(); i++) {
      checkWhole(pool, volumes.keyAt(i), volumes.valueAt(i), "DESTROY");
    }
    return pool.minus(volumes).plus(to);
  }

  /**
   * {@code pool} after GROW_VOLUME: {@code volume} (whole, as the pool holds it) and {@code
   * addition} (plain disk of the volume's reservation) become one larger volume.
   *
   * @return the pool after the conversion; {@link #grown} gives the new volume
   */
  public static Resources grow(Resources pool, Resources volume, Resources addition) {
    ResourceKey key = single(volume, "GROW_VOLUME");
    checkWhole(pool, key, volume.valueAt(0), "GROW_VOLUME");
    ResourceKey plain = key.withVolume(null);
    if (addition.size() != 1 || !addition.keyAt(0).equals(plain)) {
      throw new IllegalArgumentException(
          "Invalid GROW_VOLUME: the addition "
              + addition
              + " must be disk with the volume's reservations, "
              + plain);
    }
    if (scalar(addition, 0) <= 0) {
      throw new IllegalArgumentException("Invalid GROW_VOLUME: the addition must be positive");
    }
    if (!pool.contains(addition)) {
      throw new IllegalArgumentException("Invalid GROW_VOLUME: " + addition + " is not in " + pool);
    }
    return pool.minus(volume).minus(addition).plus(grown(volume, addition));
  }

  /** The volume of a GROW_VOLUME once grown by {@code addition}. */
  public static Resources grown(Resources volume, Resources addition) {
    return Resources.builder()
        .add(volume.keyAt(0), ResourceValue.Scalar.of(scalar(volume, 0) + scalar(addition, 0)))
        .build();
  }

  /**
   * {@code pool} after SHRINK_VOLUME: {@code subtract} megabytes of {@code volume} go back to the
   * plain disk of its reservation; the volume keeps the rest, which must stay positive.
   */
  public static Resources shrink(Resources pool, Resources volume, double subtract) {
    ResourceKey key = single(volume, "SHRINK_VOLUME");
    checkWhole(pool, key, volume.valueAt(0), "SHRINK_VOLUME");
    double size = scalar(volume, 0);
    if (!(subtract > 0) || subtract >= size) {
      throw new IllegalArgumentException(
          "Invalid SHRINK_VOLUME: the subtract "
              + subtract
              + " must be positive and less than the volume's "
              + size);
    }
    return pool.minus(volume).plus(shrunk(volume, subtract)).plus(freed(volume, subtract));
  }

  /** The volume of a SHRINK_VOLUME once shrunk. */
  public static Resources shrunk(Resources volume, double subtract) {
    return Resources.builder()
        .add(volume.keyAt(0), ResourceValue.Scalar.of(scalar(volume, 0) - subtract))
        .build();
  }

  /** The plain disk a SHRINK_VOLUME gives back. */
  public static Resources freed(Resources volume, double subtract) {
    return Resources.builder()
        .add(volume.keyAt(0).withVolume(null), ResourceValue.Scalar.of(subtract))
        .build();
  }

  /**
   * Why {@code used} takes only part of a volume of {@code pool}, or null when every volume it uses
   * it uses whole (a volume is not divisible: a task has all of it or none).
   */
  public static String partialUse(Resources pool, Resources used) {
    for (int i = 0; i < used.size(); i++) {
      ResourceKey key = used.keyAt(i);
      if (key.isVolume()) {
        ResourceValue held = pool.get(key).orElse(null);
        if (held != null && !held.equals(used.valueAt(i))) {
          return "persistent volume "
              + key
              + " is "
              + held
              + " but "
              + used.valueAt(i)
              + " of it is asked for: a volume is used whole";
        }
      }
    }
    return null;
  }

  /** The volumes among {@code resources}. */
  public static Resources of(Resources resources) {
    return resources.hasReservations()
        ? resources.filter(ResourceKey::isVolume)
        : Resources.empty();
  }

  /** The volume of {@code role} with persistence id {@code id} among {@code resources}, or null. */
  public static ResourceKey volumeWithId(Resources resources, String role, String id) {
    for (int i = 0; i < resources.size(); i++) {
      ResourceKey k = resources.keyAt(i);
      if (k.isVolume() && k.volume().id().equals(id) && k.role().equals(role)) {
        return k;
      }
    }
    return null;
  }

  /**
   * The plain reserved disk {@code volumes} are made of (or give back).
   *
   * @param op the operation, for the message when an entry is not a volume
   */
  public static Resources disk(Resources volumes, String op) {
    Resources.Builder b = Resources.builder();
    for (int i = 0; i < volumes.size(); i++) {
      ResourceKey key = volumes.keyAt(i);
      if (!key.isVolume()) {
        throw new IllegalArgumentException(
            "Invalid "
                + op
                + ": "
                + key
                + ":"
                + volumes.valueAt(i)
                + " is not a persistent volume (disk with 'persistence' and 'volume')");
      }
      if (!(volumes.valueAt(i) instanceof ResourceValue.Scalar s) || !(s.value() > 0)) {
        throw new IllegalArgumentException(
            "Invalid " + op + ": volume " + key + " must have a positive size");
      }
      b.add(key.withVolume(null), volumes.valueAt(i));
    }
    return b.build();
  }

  private static ResourceKey single(Resources volume, String op) {
    if (volume.size() != 1 || !volume.keyAt(0).isVolume()) {
      throw new IllegalArgumentException(
          "Invalid " + op + ": " + volume + " is not one persistent volume");
    }
    return volume.keyAt(0);
  }

  /** A volume is used whole: the pool must hold exactly this size of it. */
  private static void checkWhole(Resources pool, ResourceKey key, ResourceValue size, String op) {
    ResourceValue held = pool.get(key).orElse(null);
    if (held == null) {
      throw new IllegalArgumentException(
          "Invalid "
              + op
              + ": volume "
              + key
              + " is not there to convert (unknown, or in use by a task)");
    }
    if (!held.equals(size)) {
      throw new IllegalArgumentException(
          "Invalid "
              + op
              + ": volume "
              + key
              + " is "
              + held
              + ", not "
              + size
              + ": name it whole");
    }
  }

  private static double scalar(Resources r, int i) {
    return ((ResourceValue.Scalar) r.valueAt(i)).value();
  }
}
