package io.mezzo.master.scheduler;

import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.ResourceMapping;
import io.mezzo.api.v1.scheduler.Call;
import io.mezzo.core.resources.Reservations;
import io.mezzo.core.resources.Resources;
import io.mezzo.master.change.Change;
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
  private final Outcome.Builder out;
  private final LaunchPlan plan;
  private final AgentReservations agent;
  private final ReservationValidator.Reserver reserver;
  private final java.util.Set<String> idsInCall = new java.util.HashSet<>();

  OfferReservations(
      MasterView view, Outcome.Builder out, LaunchPlan plan, AgentEntry agent, Caller caller) {
    this.view = view;
    this.out = out;
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

  /**
   * Applies a RESERVE, UNRESERVE, CREATE, DESTROY, GROW or SHRINK, or drops it with its reason; one
   * with an {@code id} is answered with its operation status ({@link OperationFeedback}).
   */
  void apply(Call.Operation op) {
    String id = OperationFeedback.idOf(op);
    try {
      if (id != null && (plan.framework().operations().containsKey(id) || !idsInCall.add(id))) {
        throw new Refused(
            "Operation id '"
                + id
                + "' is already used by an operation of the framework whose status is not"
                + " acknowledged yet");
      }
      Change.Conversion conversion = decide(op);
      plan.converted(conversion.from(), conversion.to());
      agent.record(plan.framework().id(), plan.role(), conversion.from(), conversion.to());
      if (id != null) {
        OperationFeedback.finished(
            view,
            out,
            plan.framework(),
            plan.agentId(),
            op,
            ResourceMapping.toWire(conversion.to(), plan.role(), reserver.refinement()));
      }
    } catch (Refused | IllegalArgumentException e) {
      LOG.infof(
          "framework %s: dropping %s operation: %s",
          plan.framework().id(), op.type(), e.getMessage());
      if (id != null) {
        OperationFeedback.error(out, plan.framework(), plan.agentId(), op, e.getMessage());
      }
    }
  }

  /** What the operation turns into what. */
  private Change.Conversion decide(Call.Operation op) throws Refused {
    if (op.type() == Call.Operation.Type.RESERVE) {
      Resources reserved =
          ReservationValidator.reserve(
              reserver,
              op.reserve().source(),
              op.reserve().resources(),
              view.config().authorizer());
      // Throws, naming them, if the offers do not hold what the reservation takes.
      Reservations.reserve(plan.available(), reserved);
      return new Change.Conversion(Reservations.counterpart(reserved), reserved);
    }
    if (op.type() == Call.Operation.Type.UNRESERVE) {
      Resources reserved =
          ReservationValidator.unreserve(
              reserver, op.unreserve().resources(), view.config().authorizer());
      Reservations.unreserve(plan.available(), reserved);
      return new Change.Conversion(reserved, Reservations.counterpart(reserved));
    }
    if (VolumeOperations.handles(op.type())) {
      return VolumeOperations.decide(
          op, reserver, plan.available(), agent.total(), view.config().authorizer());
    }
    // CallValidator lets through only the operation types the handler knows.
    throw new IllegalStateException("not a reservation or volume operation: " + op.type());
  }
}
