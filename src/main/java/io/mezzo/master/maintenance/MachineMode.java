package io.mezzo.master.maintenance;

/**
 * The maintenance mode of a machine ({@code mesos.v1.MachineInfo.Mode}).
 *
 * <pre>
 *   UP ──in a schedule──▶ DRAINING ──START_MAINTENANCE──▶ DOWN
 *   DRAINING ──left out of the next schedule──▶ UP
 *   DOWN ──STOP_MAINTENANCE (and out of the schedule)──▶ UP
 * </pre>
 *
 * A DOWN machine cannot leave the schedule other than by STOP_MAINTENANCE, and only a DRAINING
 * machine can go DOWN; {@link #down()} and {@link #up()} are the guarded transitions.
 */
public enum MachineMode {
  UP,
  DRAINING,
  DOWN;

  /** START_MAINTENANCE of a machine in this mode. */
  public MachineMode down() {
    if (this != DRAINING) {
      throw new IllegalStateException("cannot go from " + this + " to DOWN: not DRAINING");
    }
    return DOWN;
  }

  /** STOP_MAINTENANCE of a machine in this mode. */
  public MachineMode up() {
    if (this != DOWN) {
      throw new IllegalStateException("cannot go from " + this + " to UP: not DOWN");
    }
    return UP;
  }
}
