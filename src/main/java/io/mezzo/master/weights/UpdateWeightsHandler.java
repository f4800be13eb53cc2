package io.mezzo.master.weights;

import io.mezzo.api.v1.OfferId;
import io.mezzo.api.v1.master.Call;
import io.mezzo.master.CallResult;
import io.mezzo.master.change.Change;
import io.mezzo.master.change.MasterView;
import io.mezzo.master.change.Outcome;
import io.mezzo.master.registry.FrameworkEntry;
import io.mezzo.master.registry.Registry;
import io.mezzo.security.Caller;
import io.mezzo.security.acl.Action;
import io.mezzo.security.acl.Authorizer;
import io.mezzo.security.acl.Decision;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * UPDATE_WEIGHTS (and {@code /weights} PUT): sets the weights of the roles named, keeping the
 * others'. As in Mesos the list is validated first (400, see {@link WeightUpdates}), then every
 * role must be allowed {@code update_weights} to the caller (403 naming the first that is not), and
 * only then is the registry written; the allocator uses the new weights from its next run, which is
 * asked for at once. Setting the weights a role already has changes nothing. A decider.
 */
public final class UpdateWeightsHandler {

  public Outcome update(
      MasterView view, Call.UpdateWeights body, Caller caller, Authorizer authorizer) {
    if (body == null) {
      return Outcome.reply(CallResult.badRequest("Expecting 'update_weights' to be present"));
    }
    Optional<String> problem = WeightUpdates.problem(body.weightInfos());
    if (problem.isPresent()) {
      return Outcome.reply(CallResult.badRequest("Invalid weights: " + problem.get()));
    }
    Map<String, Double> asked = WeightUpdates.asMap(body.weightInfos());
    for (String role : asked.keySet()) {
      Decision d = authorizer.decide(caller, Action.UPDATE_WEIGHTS, role);
      if (!d.allowed()) {
        return Outcome.reply(CallResult.forbidden(d.reason()));
      }
    }
    Registry current = view.registry();
    Map<String, Double> next = new HashMap<>(current.weights());
    next.putAll(asked);
    if (next.equals(current.weights())) {
      return Outcome.reply(CallResult.OK);
    }
    Outcome.Builder out =
        Outcome.builder()
            .persist(current.withWeights(next))
            .change(new Change.WeightsUpdated(asked));
    if (anySubscribed(view, asked.keySet())) {
      for (FrameworkEntry f : view.frameworks()) {
        for (OfferId id : f.offers()) {
          view.offer(id).ifPresent(out::rescind);
        }
      }
    }
    return out.allocate().reply(CallResult.OK);
  }

  /** Whether a framework is subscribed to one of {@code roles} or to a role under one of them. */
  private static boolean anySubscribed(MasterView view, Set<String> roles) {
    for (FrameworkEntry f : view.frameworks()) {
      for (String r : f.info().effectiveRoles()) {
        for (String changed : roles) {
          if (r.equals(changed) || r.startsWith(changed + "/")) {
            return true;
          }
        }
      }
    }
    return false;
  }
}
