package io.mezzo.master.scheduler;

import io.mezzo.master.CallResult;
import io.mezzo.master.MasterMetrics.Counter;
import io.mezzo.master.change.Change;
import io.mezzo.master.change.Outcome;
import io.mezzo.master.registry.FrameworkEntry;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * SUPPRESS and REVIVE: stop or restart offers for some of a framework's roles (all when none are
 * named). REVIVE also clears those roles' refuse filters. Outstanding offers are not rescinded. A
 * decider: returns an {@link Outcome}.
 */
public final class OfferControlHandler {
  public Outcome suppress(FrameworkEntry fw, List<String> roles) {
    CallResult bad = checkRoles(fw, roles);
    if (bad != null) {
      return Outcome.reply(bad);
    }
    return Outcome.builder()
        .count(Counter.MESSAGES_SUPPRESS_OFFERS)
        .change(new Change.RolesSuppressed(fw.id(), target(fw, roles)))
        .reply(CallResult.ACCEPTED);
  }

  public Outcome revive(FrameworkEntry fw, List<String> roles) {
    CallResult bad = checkRoles(fw, roles);
    if (bad != null) {
      return Outcome.reply(bad);
    }
    return Outcome.builder()
        .count(Counter.MESSAGES_REVIVE_OFFERS)
        .change(new Change.RolesRevived(fw.id(), target(fw, roles)))
        .allocate()
        .reply(CallResult.ACCEPTED);
  }

  /** The named roles, or all the framework's when none are named. */
  private static Set<String> target(FrameworkEntry fw, List<String> roles) {
    return roles.isEmpty()
        ? new LinkedHashSet<>(fw.info().effectiveRoles())
        : new LinkedHashSet<>(roles);
  }

  private static CallResult checkRoles(FrameworkEntry fw, List<String> roles) {
    List<String> mine = fw.info().effectiveRoles();
    for (String role : roles) {
      if (!mine.contains(role)) {
        return CallResult.badRequest(
            "Role '" + role + "' is not one of the framework's roles " + mine);
      }
    }
    return null;
  }
}
