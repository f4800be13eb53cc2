package io.mezzo.master.operator;

import io.mezzo.api.v1.master.Call;
import io.mezzo.master.CallResult;
import io.mezzo.master.MasterState;
import io.mezzo.master.registry.FrameworkEntry;
import io.mezzo.master.scheduler.TeardownHandler;

/**
 * Operator TEARDOWN: removes a framework as if it had torn itself down (its tasks are killed with
 * REASON_FRAMEWORK_REMOVED). 200 once the removal is durable; 400 for a framework the master does
 * not have (unknown, or already removed).
 */
public final class OperatorTeardownHandler {
  private final MasterState state;
  private final TeardownHandler teardown;

  public OperatorTeardownHandler(MasterState state, TeardownHandler teardown) {
    this.state = state;
    this.teardown = teardown;
  }

  public CallResult teardown(Call.Teardown call) {
    if (call == null || call.frameworkId() == null || call.frameworkId().value() == null) {
      return CallResult.badRequest("Expecting 'teardown.framework_id' to be present");
    }
    FrameworkEntry fw = state.frameworks().get(call.frameworkId());
    if (fw == null) {
      return CallResult.badRequest(
          "No framework found with specified ID: " + call.frameworkId().value());
    }
    teardown.remove(fw, "torn down by the operator");
    return CallResult.OK;
  }
}
