package io.mezzo.master.operator;

import io.mezzo.api.v1.master.Call;
import io.mezzo.master.CallResult;
import io.mezzo.master.change.MasterView;
import io.mezzo.master.change.Outcome;
import io.mezzo.master.registry.FrameworkEntry;
import io.mezzo.master.scheduler.TeardownHandler;

/**
 * Operator TEARDOWN: removes a framework as if it had torn itself down (its tasks are killed with
 * REASON_FRAMEWORK_REMOVED). 200 once the removal is durable; 400 for a framework the master does
 * not have (unknown, or already removed). A decider: returns an {@link Outcome}.
 */
public final class OperatorTeardownHandler {
  private final TeardownHandler teardown;

  public OperatorTeardownHandler(TeardownHandler teardown) {
    this.teardown = teardown;
  }

  public Outcome teardown(MasterView view, Call.Teardown call) {
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
    return teardown.remove(view, fw, "torn down by the operator").reply(CallResult.OK);
  }
}
