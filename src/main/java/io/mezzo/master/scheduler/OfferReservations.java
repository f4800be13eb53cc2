package io.mezzo.master.scheduler;

import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.scheduler.Call;
import io.mezzo.core.resources.Reservations;
import io.mezzo.core.resources.Resources;
import io.mezzo.master.change.MasterView;
import io.mezzo.master.change.Outcome;
import io.mezzo.master.registry.AgentEntry;
import io.mezzo.master.registry.FrameworkEntry;
import io.mezzo.master.reservation.AgentReservations;
import io.mezzo.master.reservation.ReservationValidator;
import io.mezzo.master.reservation.ReservationValidator.Refused;
import io.mezzo.master.reservation.VolumeOperations;
import io.mezzo.security.Caller;
import org.jboss.logging.Logger;

/**
 * The RESERVE, UNRESERVE and volume operations of one ACCEPT, decided in order with its launches
 * (Mesos {@code Master::_accept}): a valid one converts what is left of the offers, so a later
 * LAUNCH of the same call can use the reserved resources, and is recorded for the agent ({@link
 * AgentReservations}). An invalid one is dropped, as Mesos drops it, with its reason logged: the
 * call's other operations go on, and a launch that counted on it finds the resources missing and
 * ends TASK_ERROR.
 */
final class OfferReservations {
  private static final Logger LOG = Logger.getLogger(OfferReservations.class);
  private final MasterView view;
  private final LaunchPlan plan;
  private final AgentReservations agent;
  private final ReservationValidator.Reserver reserver;

  OfferReservations(
      MasterView view, Outcome.Builder out, LaunchPlan plan, AgentEntry agent, Caller caller) {
    this.view = view;
    this.plan = plan;
    this.agent = new AgentReservations(view, out, agent);
    FrameworkEntry fw = plan.framework();
    this.reserver =
        new ReservationValidator.Reserver(
            plan.role(),
            fw.info().principal(),
            fw.info().hasCapability(FrameworkInfo.Capability.Type.RESERVATION_REFINEMENT),
            caller);
  }

  /** Applies a RESERVE, UNRESERVE, CREATE, DESTROY, GROW or SHRINK, or drops it with its reason. */
  void apply(Call.Operation op) {
    try {
      if (op.id() != null && !op.id().isNull()) {
        // Without feedback a framework could not tell its operation was dropped.
        throw new Refused(
            "Operation feedback ('id' on an operation) is not supported by Mezzo; send the "
                + op.type()
                + " without an id");
      }
      if (op.type() == Call.Operation.Type.RESERVE) {
        Resources reserved =
            ReservationValidator.reserve(
                reserver,
                op.reserve().source(),
                op.reserve().resources(),
                view.config().authorizer());
        Resources from = Reservations.counterpart(reserved);
        // Throws, naming them, if the offers do not hold what the reservation takes.
        Reservations.reserve(plan.available(), reserved);
        convert(from, reserved);
      } else if (op.type() == Call.Operation.Type.UNRESERVE) {
        Resources reserved =
            ReservationValidator.unreserve(
                reserver, op.unreserve().resources(), view.config().authorizer());
        Resources to = Reservations.counterpart(reserved);
        Reservations.unreserve(plan.available(), reserved);
        convert(reserved, to);
      } else if (VolumeOperations.handles(op.type())) {
        VolumeOperations.Conversion c =
            VolumeOperations.decide(
                op, reserver, plan.available(), agent.total(), view.config().authorizer());
        convert(c.from(), c.to());
      } else {
        // CallValidator lets through only the operation types the handler knows.
        throw new IllegalStateException("not a reservation operation: " + op.type());
      }
    } catch (Refused | IllegalArgumentException e) {
      LOG.infof(
          "framework %s: dropping %s operation: %s",
          plan.framework().id(), op.type(), e.getMessage());
    }
  }

  private void convert(Resources from, Resources to) {
    plan.converted(from, to);
    agent.record(plan.framework().id(), plan.role(), from, to);
  }
}
