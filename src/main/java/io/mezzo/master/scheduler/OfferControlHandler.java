package io.mezzo.master.scheduler;

import io.mezzo.master.CallResult;
import io.mezzo.master.MasterMetrics.Counter;
import io.mezzo.master.MasterState;
import io.mezzo.master.registry.FrameworkEntry;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * SUPPRESS and REVIVE: stop or restart offers for some of a framework's roles (all when none are
 * named). REVIVE also clears those roles' refuse filters. Outstanding offers are not rescinded.
 */
public final class OfferControlHandler {
  private final MasterState state;

  public OfferControlHandler(MasterState state) {
    this.state = state;
  }

  public CallResult suppress(FrameworkEntry fw, List<String> roles) {
    CallResult bad = checkRoles(fw, roles);
    if (bad != null) {
      return bad;
    }
    state.metrics().increment(Counter.MESSAGES_SUPPRESS_OFFERS);
    Set<String> target =
        roles.isEmpty()
            ? new LinkedHashSet<>(fw.info().effectiveRoles())
            : new LinkedHashSet<>(roles);
    state.allocator().suppressRoles(fw.id().value(), target);
    Set<String> suppressed = new LinkedHashSet<>(fw.suppressedRoles());
    suppressed.addAll(target);
    fw.suppressedRoles(suppressed);
    return CallResult.ACCEPTED;
  }

  public CallResult revive(FrameworkEntry fw, List<String> roles) {
    CallResult bad = checkRoles(fw, roles);
    if (bad != null) {
      return bad;
    }
    state.metrics().increment(Counter.MESSAGES_REVIVE_OFFERS);
    Set<String> target =
        roles.isEmpty()
            ? new LinkedHashSet<>(fw.info().effectiveRoles())
            : new LinkedHashSet<>(roles);
    state.allocator().reviveRoles(fw.id().value(), target);
    Set<String> suppressed = new LinkedHashSet<>(fw.suppressedRoles());
    suppressed.removeAll(target);
    fw.suppressedRoles(suppressed);
    state.requestAllocation();
    return CallResult.ACCEPTED;
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
