package io.mezzo.master.weights;

import io.mezzo.api.v1.master.Call;
import io.mezzo.master.CallResult;
import io.mezzo.master.change.Change;
import io.mezzo.master.change.MasterView;
import io.mezzo.master.change.Outcome;
import io.mezzo.master.registry.Registry;
import io.mezzo.security.Caller;
import io.mezzo.security.acl.Action;
import io.mezzo.security.acl.Authorizer;
import io.mezzo.security.acl.Decision;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

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
    return Outcome.builder()
        .persist(current.withWeights(next))
        .change(new Change.WeightsUpdated(asked))
        .allocate()
        .reply(CallResult.OK);
  }
}
