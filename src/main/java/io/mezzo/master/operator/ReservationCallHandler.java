package io.mezzo.master.operator;

import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.OfferId;
import io.mezzo.api.v1.master.Call;
import io.mezzo.core.resources.Reservations;
import io.mezzo.core.resources.Resources;
import io.mezzo.master.CallResult;
import io.mezzo.master.change.MasterView;
import io.mezzo.master.change.Outcome;
import io.mezzo.master.offer.OfferEntry;
import io.mezzo.master.registry.AgentEntry;
import io.mezzo.master.reservation.AgentReservations;
import io.mezzo.master.reservation.ReservationValidator;
import io.mezzo.master.reservation.ReservationValidator.Refused;
import io.mezzo.master.reservation.ReservationValidator.Reserver;
import io.mezzo.security.Caller;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * RESERVE_RESOURCES and UNRESERVE_RESOURCES (and the legacy {@code /reserve}, {@code /unreserve}),
 * as Mesos's operator endpoints: the resources must be in the agent's unallocated resources, and
 * outstanding offers of the agent are rescinded, one at a time, until they are (Mesos rescinds to
 * make room). 202 once decided; 400 for a malformed or invalid request, 403 when the authorizer
 * refuses ({@code reserve_resources} per role, {@code unreserve_resources} per reserver principal),
 * 409 when tasks hold what the call needs. A decider: returns an {@link Outcome}.
 */
public final class ReservationCallHandler {
  private static final Logger LOG = Logger.getLogger(ReservationCallHandler.class);

  public Outcome reserve(MasterView view, Call.ReserveResources call, Caller caller) {
    if (call == null) {
      return Outcome.reply(CallResult.badRequest("Expecting 'reserve_resources' to be present"));
    }
    return decide(view, call.agentId(), "reserve_resources", caller, true, call, null);
  }

  public Outcome unreserve(MasterView view, Call.UnreserveResources call, Caller caller) {
    if (call == null) {
      return Outcome.reply(CallResult.badRequest("Expecting 'unreserve_resources' to be present"));
    }
    return decide(view, call.agentId(), "unreserve_resources", caller, false, null, call);
  }

  private Outcome decide(
      MasterView view,
      AgentId agentId,
      String field,
      Caller caller,
      boolean reserving,
      Call.ReserveResources reserve,
      Call.UnreserveResources unreserve) {
    StringBuilder problem = new StringBuilder();
    AgentEntry agent = AgentControls.find(view, agentId, field, problem);
    if (agent == null) {
      return AgentControls.refuse(problem);
    }
    Resources from;
    Resources to;
    try {
      Reserver who = Reserver.operator(caller);
      if (reserving) {
        to =
            ReservationValidator.reserve(
                who, reserve.source(), reserve.resources(), view.config().authorizer());
        from = Reservations.counterpart(to);
      } else {
        from =
            ReservationValidator.unreserve(who, unreserve.resources(), view.config().authorizer());
        to = Reservations.counterpart(from);
      }
    } catch (ReservationValidator.Unauthorized e) {
      return Outcome.reply(CallResult.forbidden(e.getMessage()));
    } catch (Refused | IllegalArgumentException e) {
      return Outcome.reply(CallResult.badRequest(e.getMessage()));
    }
    String op = reserving ? "RESERVE_RESOURCES" : "UNRESERVE_RESOURCES";
    Resources unallocated = agent.total().minus(agent.used());
    if (!agent.total().contains(from)) {
      return Outcome.reply(
          CallResult.badRequest(
              "Invalid "
                  + op
                  + ": agent "
                  + agent.id().value()
                  + " does not have "
                  + from
                  + " (its total is "
                  + agent.total()
                  + ")"));
    }
    if (!unallocated.contains(from)) {
      return Outcome.reply(
          new CallResult(
              409,
              "Invalid "
                  + op
                  + ": tasks or executors on agent "
                  + agent.id().value()
                  + " use what it needs; unallocated are only "
                  + unallocated,
              null));
    }
    Outcome.Builder out = Outcome.builder();
    rescindUntilAvailable(view, out, agent, unallocated, from);
    new AgentReservations(view, out, agent).record(null, null, from, to);
    LOG.infof("%s on agent %s by %s: %s", op, agent.id(), caller.describe(), to);
    return out.allocate().reply(CallResult.ACCEPTED);
  }

  /**
   * Rescinds the agent's offers, one at a time, until what is neither used nor still offered holds
   * {@code needed}.
   */
  private static void rescindUntilAvailable(
      MasterView view,
      Outcome.Builder out,
      AgentEntry agent,
      Resources unallocated,
      Resources needed) {
    List<OfferEntry> offers = new ArrayList<>();
    Resources offered = Resources.empty();
    for (OfferId id : agent.offers()) {
      OfferEntry offer = view.offer(id).orElse(null);
      if (offer != null) {
        offers.add(offer);
        offered = offered.plus(offer.resources());
      }
    }
    for (OfferEntry offer : offers) {
      if (unallocated.minus(offered).contains(needed)) {
        return;
      }
      out.rescind(offer);
      offered = offered.minus(offer.resources());
    }
  }
}
