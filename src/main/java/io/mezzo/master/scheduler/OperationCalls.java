package io.mezzo.master.scheduler;

import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.OperationStatus;
import io.mezzo.api.v1.OperationStatus.OperationState;
import io.mezzo.api.v1.scheduler.Call;
import io.mezzo.api.v1.scheduler.Event;
import io.mezzo.master.CallResult;
import io.mezzo.master.change.Change;
import io.mezzo.master.change.MasterView;
import io.mezzo.master.change.Outcome;
import io.mezzo.master.registry.AgentEntry;
import io.mezzo.master.registry.FrameworkEntry;
import io.mezzo.master.registry.OperationEntry;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * ACKNOWLEDGE_OPERATION_STATUS and RECONCILE_OPERATIONS, as Mesos answers them. An acknowledgement
 * of the latest status of a known operation ends its retries and removes it (every status Mezzo
 * keeps is terminal); one of anything else changes nothing and is still 202, as in Mesos, where the
 * agent would ignore it. A reconciliation answers each operation named, or every operation kept
 * when none is, with an UPDATE_OPERATION_STATUS without uuid: the latest status of a kept one, else
 * what can be said of its agent (OPERATION_UNREACHABLE, OPERATION_GONE_BY_OPERATOR,
 * OPERATION_RECOVERING while the agent has not re-registered after a failover, OPERATION_UNKNOWN).
 * Deciders: they return an {@link Outcome}.
 */
final class OperationCalls {
  private static final Logger LOG = Logger.getLogger(OperationCalls.class);

  Outcome acknowledge(MasterView view, FrameworkEntry fw, Call.AcknowledgeOperationStatus ack) {
    String id = ack.operationId().value();
    OperationEntry e = fw.operations().get(id);
    OperationStatus latest = e == null ? null : e.latest();
    if (latest == null
        || latest.uuid() == null
        || !latest.uuid().value().equals(ack.uuid())
        || (ack.agentId() != null && !Objects.equals(ack.agentId(), e.agentId()))) {
      LOG.infof(
          "framework %s: ignoring acknowledgement of operation '%s' (%s)",
          fw.id(), id, e == null ? "no such operation waits for one" : "not its latest status");
      return Outcome.none();
    }
    return Outcome.builder()
        .change(new Change.OperationAcknowledged(fw.id(), id))
        .reply(CallResult.ACCEPTED);
  }

  Outcome reconcile(MasterView view, FrameworkEntry fw, Call.ReconcileOperations call) {
    Outcome.Builder out = Outcome.builder();
    if (call.operations().isEmpty()) {
      for (OperationEntry e : fw.operations().values()) {
        out.toFramework(fw.id(), Event.updateOperationStatus(e.latest().withoutUuid()));
      }
      return out.reply(CallResult.ACCEPTED);
    }
    for (Call.ReconcileOperations.Operation asked : call.operations()) {
      OperationEntry e = fw.operations().get(asked.operationId().value());
      OperationStatus status =
          e != null && (asked.agentId() == null || asked.agentId().equals(e.agentId()))
              ? e.latest().withoutUuid()
              : new OperationStatus(
                  asked.operationId(),
                  stateOf(view, asked.agentId()),
                  "Reconciliation: the master knows no such operation with feedback",
                  null,
                  null,
                  asked.agentId(),
                  null);
      out.toFramework(fw.id(), Event.updateOperationStatus(status));
    }
    return out.reply(CallResult.ACCEPTED);
  }

  /** What can be said of an operation the master does not keep, from its agent's state. */
  private static OperationState stateOf(MasterView view, AgentId agentId) {
    if (agentId == null) {
      return OperationState.OPERATION_UNKNOWN;
    }
    AgentEntry agent = view.agent(agentId).orElse(null);
    if (agent == null) {
      boolean admitted = view.registry().agent(agentId).isPresent();
      return admitted ? OperationState.OPERATION_RECOVERING : OperationState.OPERATION_UNKNOWN;
    }
    return switch (agent.state()) {
      case UNREACHABLE -> OperationState.OPERATION_UNREACHABLE;
      case GONE -> OperationState.OPERATION_GONE_BY_OPERATOR;
      default -> OperationState.OPERATION_UNKNOWN;
    };
  }
}
