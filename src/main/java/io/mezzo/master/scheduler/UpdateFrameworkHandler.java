package io.mezzo.master.scheduler;

import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.OfferId;
import io.mezzo.api.v1.scheduler.Call;
import io.mezzo.master.CallResult;
import io.mezzo.master.change.Change;
import io.mezzo.master.change.MasterView;
import io.mezzo.master.change.Outcome;
import io.mezzo.master.registry.FrameworkEntry;
import io.mezzo.master.registry.Registry;
import io.mezzo.security.Caller;
import io.mezzo.security.acl.Decision;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * UPDATE_FRAMEWORK: changes name, roles, suppressed roles, failover timeout, capabilities without a
 * new subscription. The id must match; principal, user and checkpoint may not change. Offers for
 * roles the framework left are rescinded; the new roles need {@code register_frameworks}. Answers
 * 200 once the change is durable. A decider: returns an {@link Outcome}.
 */
public final class UpdateFrameworkHandler {
  private static final Logger LOG = Logger.getLogger(UpdateFrameworkHandler.class);

  /** An UPDATE_FRAMEWORK from the node's own frameworks. */
  public Outcome update(MasterView view, FrameworkEntry fw, Call.UpdateFramework update) {
    return update(view, fw, update, Caller.NODE);
  }

  /**
   * An UPDATE_FRAMEWORK sent by {@code caller}: as in Mesos, the new FrameworkInfo needs {@code
   * register_frameworks} for every one of its roles (403 naming the first refused one).
   */
  public Outcome update(
      MasterView view, FrameworkEntry fw, Call.UpdateFramework update, Caller caller) {
    FrameworkInfo next = update.frameworkInfo();
    FrameworkInfo old = fw.info();
    if (next.id() == null || !next.id().equals(fw.id())) {
      return Outcome.reply(
          CallResult.badRequest("'update_framework.framework_info.id' must equal 'framework_id'"));
    }
    if (!Objects.equals(old.principal(), next.principal())) {
      return Outcome.reply(CallResult.badRequest("Changing framework's principal is not allowed"));
    }
    if (!Objects.equals(old.user(), next.user())) {
      return Outcome.reply(CallResult.badRequest("Updating 'FrameworkInfo.user' is unsupported"));
    }
    if (!Objects.equals(old.checkpoint(), next.checkpoint())) {
      return Outcome.reply(
          CallResult.badRequest("Updating 'FrameworkInfo.checkpoint' is unsupported"));
    }
    Optional<String> problem = FrameworkInfoValidator.problem(next, update.suppressedRoles());
    if (problem.isPresent()) {
      return Outcome.reply(CallResult.badRequest(problem.get()));
    }
    Decision registration =
        FrameworkAuthorization.registration(view.config().authorizer(), caller, next);
    if (!registration.allowed()) {
      LOG.infof("framework %s: update refused: %s", fw.id(), registration.reason());
      return Outcome.reply(CallResult.forbidden(registration.reason()));
    }
    // Offers of roles it left go back before the allocator hears of its new roles.
    Outcome.Builder out =
        Outcome.builder()
            .persist(view.registry().withFramework(new Registry.KnownFramework(next, false)));
    for (OfferId id : fw.offers()) {
      view.offer(id)
          .filter(o -> !next.effectiveRoles().contains(o.role()))
          .ifPresent(
              o -> {
                LOG.debugf("offer %s rescinded: framework left role %s", id, o.role());
                out.rescind(o);
              });
    }
    out.change(
        new Change.FrameworkUpdated(fw.id(), next, new LinkedHashSet<>(update.suppressedRoles())));
    return out.allocate().reply(CallResult.OK);
  }
}
