package io.mezzo.master.registry;

import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.OperationStatus;
import io.mezzo.api.v1.scheduler.Call;
import io.mezzo.core.time.Timers;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An offer operation with feedback (one that carried an {@code id}) whose latest status the
 * framework has not acknowledged yet: the master resends that status on a backoff until it does,
 * answers reconciliations from it and lists it in GET_OPERATIONS. Acknowledged, it leaves the
 * books, as in Mesos. Owned by its {@link FrameworkEntry}; changed only by the applier.
 */
public final class OperationEntry {
  private final FrameworkId frameworkId;
  private final AgentId agentId;
  private final Call.Operation info;
  private final String uuid;
  private final List<OperationStatus> statuses = new ArrayList<>();
  private Timers.Cancellable retry;

  /**
   * @param uuid the operation's own UUID (Base64 of its 16 bytes), as GET_OPERATIONS shows it
   */
  public OperationEntry(
      FrameworkId frameworkId, AgentId agentId, Call.Operation info, String uuid) {
    this.frameworkId = frameworkId;
    this.agentId = agentId;
    this.info = info;
    this.uuid = uuid;
  }

  public FrameworkId frameworkId() {
    return frameworkId;
  }

  public AgentId agentId() {
    return agentId;
  }

  public Call.Operation info() {
    return info;
  }

  public String uuid() {
    return uuid;
  }

  public List<OperationStatus> statuses() {
    return Collections.unmodifiableList(statuses);
  }

  public OperationStatus latest() {
    return statuses.get(statuses.size() - 1);
  }

  /** Records a status; the same status again (a retry of it) is not recorded twice. */
  public void update(OperationStatus status, Timers.Cancellable nextRetry) {
    if (statuses.isEmpty() || !latest().equals(status)) {
      statuses.add(status);
    }
    cancelRetry();
    retry = nextRetry;
  }

  public void cancelRetry() {
    if (retry != null) {
      retry.cancel();
      retry = null;
    }
  }
}
