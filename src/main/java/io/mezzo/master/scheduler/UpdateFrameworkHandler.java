package io.mezzo.master.scheduler;

import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.OfferId;
import io.mezzo.api.v1.scheduler.Call;
import io.mezzo.master.CallResult;
import io.mezzo.master.MasterState;
import io.mezzo.master.offer.OfferEntry;
import io.mezzo.master.registry.FrameworkEntry;
import io.mezzo.master.registry.Registry;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;

/**
 * UPDATE_FRAMEWORK: changes name, roles, suppressed roles, failover timeout, capabilities without a
 * new subscription. The id must match; principal, user and checkpoint may not change. Offers for
 * roles the framework left are rescinded. Answers 200 once the change is durable.
 */
public final class UpdateFrameworkHandler {
  private final MasterState state;

  public UpdateFrameworkHandler(MasterState state) {
    this.state = state;
  }

  public CallResult update(FrameworkEntry fw, Call.UpdateFramework update) {
    FrameworkInfo next = update.frameworkInfo();
    FrameworkInfo old = fw.info();
    if (next.id() == null || !next.id().equals(fw.id())) {
      return CallResult.badRequest(
          "'update_framework.framework_info.id' must equal 'framework_id'");
    }
    if (!Objects.equals(old.principal(), next.principal())) {
      return CallResult.badRequest("Changing framework's principal is not allowed");
    }
    if (!Objects.equals(old.user(), next.user())) {
      return CallResult.badRequest("Updating 'FrameworkInfo.user' is unsupported");
    }
    if (!Objects.equals(old.checkpoint(), next.checkpoint())) {
      return CallResult.badRequest("Updating 'FrameworkInfo.checkpoint' is unsupported");
    }
    Optional<String> problem = FrameworkInfoValidator.problem(next, update.suppressedRoles());
    if (problem.isPresent()) {
      return CallResult.badRequest(problem.get());
    }
    state.saveRegistry(
        state.registry().current().withFramework(new Registry.KnownFramework(next, false)));
    fw.info(next);
    fw.suppressedRoles(new LinkedHashSet<>(update.suppressedRoles()));
    for (OfferId id : new ArrayList<>(fw.offers())) {
      OfferEntry offer = state.offers().get(id);
      if (offer != null && !next.effectiveRoles().contains(offer.role())) {
        state.rescindOffer(id, "framework left role " + offer.role());
      }
    }
    state
        .allocator()
        .updateFramework(
            fw.id().value(), new LinkedHashSet<>(next.effectiveRoles()), fw.suppressedRoles());
    state.observers().frameworkUpdated(fw);
    state.requestAllocation();
    return CallResult.OK;
  }
}
