package io.mezzo.master.operator;

import io.mezzo.api.v1.master.Call;
import io.mezzo.master.CallResult;
import io.mezzo.master.change.MasterView;
import io.mezzo.master.change.Outcome;
import io.mezzo.master.registry.FrameworkEntry;
import io.mezzo.master.scheduler.TeardownHandler;
import io.mezzo.security.Caller;
import io.mezzo.security.acl.Action;
import io.mezzo.security.acl.Decision;

/**
 * Operator TEARDOWN: removes a framework as if it had torn itself down (its tasks are killed with
 * REASON_FRAMEWORK_REMOVED). 200 once the removal is durable; 400 for a framework the master does
 * not have (unknown, or already removed); 403 when the caller may not tear it down. A decider:
 * returns an {@link Outcome}.
 */
public final class OperatorTeardownHandler {
  private final TeardownHandler teardown;

  public OperatorTeardownHandler(TeardownHandler teardown) {
    this.teardown = teardown;
  }

  /** TEARDOWN from the node itself. */
  public Outcome teardown(MasterView view, Call.Teardown call) {
    return teardown(view, call, Caller.NODE);
  }

  /**
   * TEARDOWN from {@code caller}, who needs {@code teardown_frameworks} on the framework's
   * principal (or on any principal, for a framework that has none, as Mesos asks): refused, 403
   * with the decision's reason and the framework stays. An unknown framework is 400 first, as in
   * Mesos.
   */
  public Outcome teardown(MasterView view, Call.Teardown call, Caller caller) {
    if (call == null || call.frameworkId() == null || call.frameworkId().value() == null) {
      return Outcome.reply(
          CallResult.badRequest("Expecting 'teardown.framework_id' to be present"));
    }
    FrameworkEntry fw = view.framework(call.frameworkId()).orElse(null);
    if (fw == null) {
      return Outcome.reply(
          CallResult.badRequest(
              "No framework found with specified ID: " + call.frameworkId().value()));
    }
    Decision d =
        view.config()
            .authorizer()
            .decide(caller, Action.TEARDOWN_FRAMEWORKS, fw.info().principal());
    if (!d.allowed()) {
      return Outcome.reply(CallResult.forbidden(d.reason()));
    }
    return teardown.remove(view, fw, "torn down by the operator").reply(CallResult.OK);
  }
}
