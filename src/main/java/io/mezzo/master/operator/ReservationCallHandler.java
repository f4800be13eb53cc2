package io.mezzo.master.operator;

import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.OfferId;
import io.mezzo.api.v1.master.Call;
import io.mezzo.core.resources.Reservations;
import io.mezzo.core.resources.Resources;
import io.mezzo.master.CallResult;
import io.mezzo.master.change.Change;
import io.mezzo.master.change.MasterView;
import io.mezzo.master.change.Outcome;
import io.mezzo.master.offer.OfferEntry;
import io.mezzo.master.registry.AgentEntry;
import io.mezzo.master.reservation.AgentReservations;
import io.mezzo.master.reservation.ReservationValidator;
import io.mezzo.master.reservation.ReservationValidator.Refused;
import io.mezzo.master.reservation.ReservationValidator.Reserver;
import io.mezzo.master.reservation.VolumeOperations;
import io.mezzo.security.Caller;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * RESERVE_RESOURCES, UNRESERVE_RESOURCES and the volume calls (CREATE_VOLUMES, DESTROY_VOLUMES,
 * GROW_VOLUME, SHRINK_VOLUME; the legacy {@code /reserve}, {@code /unreserve}, {@code
 * /create-volumes}, {@code /destroy-volumes}), as Mesos's operator endpoints: the resources must be
 * in the agent's unallocated resources, and outstanding offers of the agent are rescinded, one at a
 * time, until they are (Mesos rescinds to make room). 202 once decided; 400 for a malformed or
 * invalid request, 403 when the authorizer refuses ({@code reserve_resources} per role, {@code
 * unreserve_resources} per reserver principal, {@code create_volumes} and {@code resize_volumes}
 * per role, {@code destroy_volumes} per creator), 409 when tasks hold what the call needs. A
 * decider: returns an {@link Outcome}.
 */
public final class ReservationCallHandler {
  private static final Logger LOG = Logger.getLogger(ReservationCallHandler.class);

  public Outcome reserve(MasterView view, Call.ReserveResources call, Caller caller) {
    if (call == null) {
      return Outcome.reply(CallResult.badRequest("Expecting 'reserve_resources' to be present"));
    }
    return decide(
        view,
        call.agentId(),
        "reserve_resources",
        "RESERVE_RESOURCES",
        caller,
        (who, agent) -> {
          Resources to =
              ReservationValidator.reserve(
                  who, call.source(), call.resources(), view.config().authorizer());
          return new Change.Conversion(Reservations.counterpart(to), to);
        });
  }

  public Outcome unreserve(MasterView view, Call.UnreserveResources call, Caller caller) {
    if (call == null) {
      return Outcome.reply(CallResult.badRequest("Expecting 'unreserve_resources' to be present"));
    }
    return decide(
        view,
        call.agentId(),
        "unreserve_resources",
        "UNRESERVE_RESOURCES",
        caller,
        (who, agent) -> {
          Resources from =
              ReservationValidator.unreserve(who, call.resources(), view.config().authorizer());
          return new Change.Conversion(from, Reservations.counterpart(from));
        });
  }

  /**
   * CREATE_VOLUMES: the ids must be new on the agent (among all its volumes, allocated or not) and
   * the reserved disk unallocated.
   */
  public Outcome createVolumes(MasterView view, Call.CreateVolumes call, Caller caller) {
    if (call == null) {
      return Outcome.reply(CallResult.badRequest("Expecting 'create_volumes' to be present"));
    }
    return decide(
        view,
        call.agentId(),
        "create_volumes",
        "CREATE_VOLUMES",
        caller,
        (who, agent) ->
            VolumeOperations.create(
                who, call.volumes(), agent.total(), agent.total(), view.config().authorizer()));
  }

  /** DESTROY_VOLUMES: a volume a task uses is not unallocated, so it is refused with 409. */
  public Outcome destroyVolumes(MasterView view, Call.DestroyVolumes call, Caller caller) {
    if (call == null) {
      return Outcome.reply(CallResult.badRequest("Expecting 'destroy_volumes' to be present"));
    }
    return decide(
        view,
        call.agentId(),
        "destroy_volumes",
        "DESTROY_VOLUMES",
        caller,
        (who, agent) ->
            VolumeOperations.destroy(
                who, call.volumes(), agent.total(), view.config().authorizer()));
  }

  public Outcome growVolume(MasterView view, Call.GrowVolume call, Caller caller) {
    if (call == null || call.volume() == null || call.addition() == null) {
      return Outcome.reply(
          CallResult.badRequest(
              "Expecting 'grow_volume' with 'volume' and 'addition' to be present"));
    }
    return decide(
        view,
        call.agentId(),
        "grow_volume",
        "GROW_VOLUME",
        caller,
        (who, agent) ->
            VolumeOperations.grow(
                who, call.volume(), call.addition(), agent.total(), view.config().authorizer()));
  }

  public Outcome shrinkVolume(MasterView view, Call.ShrinkVolume call, Caller caller) {
    if (call == null
        || call.volume() == null
        || call.subtract() == null
        || call.subtract().value() == null) {
      return Outcome.reply(
          CallResult.badRequest(
              "Expecting 'shrink_volume' with 'volume' and 'subtract' to be present"));
    }
    return decide(
        view,
        call.agentId(),
        "shrink_volume",
        "SHRINK_VOLUME",
        caller,
        (who, agent) ->
            VolumeOperations.shrink(
                who,
                call.volume(),
                call.subtract().value(),
                agent.total(),
                view.config().authorizer()));
  }

  /** Decides what an operator call converts on one agent, before availability is looked at. */
  @FunctionalInterface
  private interface Converter {
    Change.Conversion convert(Reserver who, AgentEntry agent) throws Refused;
  }

  private Outcome decide(
      MasterView view, AgentId agentId, String field, String op, Caller caller, Converter c) {
    StringBuilder problem = new StringBuilder();
    AgentEntry agent = AgentControls.find(view, agentId, field, problem);
    if (agent == null) {
      return AgentControls.refuse(problem);
    }
    Resources from;
    Resources to;
    try {
      Change.Conversion conversion = c.convert(Reserver.operator(caller), agent);
      from = conversion.from();
      to = conversion.to();
    } catch (ReservationValidator.Unauthorized e) {
      return Outcome.reply(CallResult.forbidden(e.getMessage()));
    } catch (Refused | IllegalArgumentException e) {
      return Outcome.reply(CallResult.badRequest(e.getMessage()));
    }
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
