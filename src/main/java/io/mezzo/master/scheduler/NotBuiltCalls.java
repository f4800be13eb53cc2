package io.mezzo.master.scheduler;

import io.mezzo.api.v1.scheduler.Call;
import io.mezzo.master.CallResult;
import java.util.Map;
import java.util.Optional;

/**
 * The scheduler call types Mezzo does not build yet, each with why: the master answers them 501
 * naming the reason, and docs/mesos-compatibility.md lists exactly these as refused (its matrix
 * test reads this table). Pure.
 */
public final class NotBuiltCalls {
  /** Type → why it is refused and which issue builds it. */
  // Every scheduler call of Mesos 1.11 is built; a type a later Mesos adds goes here with why.
  public static final Map<Call.Type, String> NOT_BUILT = Map.of();

  private NotBuiltCalls() {}

  /** The 501 for a type Mezzo does not build, or empty. */
  public static Optional<CallResult> refusal(Call.Type type) {
    String why = NOT_BUILT.get(type);
    return why == null
        ? Optional.empty()
        : Optional.of(CallResult.notImplemented(type + " is not supported by Mezzo yet: " + why));
  }
}
