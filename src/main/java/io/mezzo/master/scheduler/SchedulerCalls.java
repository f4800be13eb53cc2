package io.mezzo.master.scheduler;

import io.mezzo.api.v1.scheduler.Call;
import io.mezzo.master.CallResult;
import io.mezzo.master.MasterMetrics.Counter;
import io.mezzo.master.change.MasterView;
import io.mezzo.master.change.Outcome;
import io.mezzo.master.maintenance.InverseOffers;
import io.mezzo.master.registry.FrameworkEntry;
import io.mezzo.security.Caller;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Every scheduler call but SUBSCRIBE, decided for a subscribed framework: who may send it (the
 * framework's principal, on its current stream), then the handler of its type. A decider: the
 * master applies the outcome.
 */
public final class SchedulerCalls {
  private static final Logger LOG = Logger.getLogger(SchedulerCalls.class);
  private final TeardownHandler teardown;
  private final AcceptHandler accept = new AcceptHandler();
  private final ReconcileHandler reconcile = new ReconcileHandler();
  private final KillHandler kill = new KillHandler(reconcile);
  private final AcknowledgeHandler acknowledge = new AcknowledgeHandler();
  private final OfferControlHandler offerControl = new OfferControlHandler();
  private final UpdateFrameworkHandler updateFramework = new UpdateFrameworkHandler();
  private final ExecutorCallHandler executorCalls = new ExecutorCallHandler();
  private final OperationCalls operations = new OperationCalls();

  /**
   * @param teardown shared with SUBSCRIBE's and the operator's teardowns
   */
  public SchedulerCalls(TeardownHandler teardown) {
    this.teardown = teardown;
  }

  /** A validated call (see {@link CallValidator}) sent on {@code streamId} by {@code caller}. */
  public Outcome decide(MasterView view, Call call, String streamId, Caller caller) {
    FrameworkEntry fw = view.framework(call.frameworkId()).orElse(null);
    if (fw == null) {
      return Outcome.builder()
          .count(Counter.INVALID_CALLS)
          .reply(CallResult.badRequest("Framework cannot be found"));
    }
    // As in Mesos, checked before anything else about the framework is revealed.
    Optional<String> notItsPrincipal =
        FrameworkPrincipals.callMismatch(caller, fw.info().principal());
    if (notItsPrincipal.isPresent()) {
      LOG.infof("framework %s: %s call refused: %s", fw.id(), call.type(), notItsPrincipal.get());
      return Outcome.reply(CallResult.forbidden(notItsPrincipal.get()));
    }
    if (!fw.connected()) {
      return Outcome.reply(CallResult.forbidden("Framework is not subscribed"));
    }
    if (streamId == null) {
      return Outcome.reply(
          CallResult.badRequest(
              "All non-subscribe calls should include the 'Mesos-Stream-Id' header"));
    }
    if (!streamId.equals(fw.stream().id())) {
      return Outcome.reply(
          CallResult.badRequest(
              "The stream ID '"
                  + streamId
                  + "' included in this request didn't match the stream ID currently associated with framework ID "
                  + fw.id().value()));
    }
    Optional<CallResult> notBuilt = NotBuiltCalls.refusal(call.type());
    if (notBuilt.isPresent()) {
      return Outcome.reply(notBuilt.get());
    }
    return switch (call.type()) {
      case UNKNOWN -> Outcome.reply(CallResult.notImplemented("Received an unknown call type"));
      case TEARDOWN -> teardown.teardown(view, fw);
      case ACCEPT -> accept.accept(view, fw, call.accept(), caller);
      case DECLINE -> accept.decline(view, fw, call.decline());
      case REVIVE ->
          offerControl.revive(fw, call.revive() == null ? List.of() : call.revive().roles());
      case SUPPRESS ->
          offerControl.suppress(fw, call.suppress() == null ? List.of() : call.suppress().roles());
      case KILL -> kill.kill(view, fw, call.kill());
      case ACKNOWLEDGE -> acknowledge.acknowledge(view, fw, call.acknowledge());
      case RECONCILE -> reconcile.reconcile(view, fw, call.reconcile());
      case ACKNOWLEDGE_OPERATION_STATUS ->
          operations.acknowledge(view, fw, call.acknowledgeOperationStatus());
      case RECONCILE_OPERATIONS -> operations.reconcile(view, fw, call.reconcileOperations());
      case UPDATE_FRAMEWORK -> updateFramework.update(view, fw, call.updateFramework(), caller);
      case REQUEST -> Outcome.none(); // a no-op, as in Mesos's allocator
      case ACCEPT_INVERSE_OFFERS ->
          InverseOffers.answer(view, fw, call.acceptInverseOffers(), true);
      case DECLINE_INVERSE_OFFERS ->
          InverseOffers.answer(view, fw, call.declineInverseOffers(), false);
      case MESSAGE -> executorCalls.message(view, fw, call.message());
      case SHUTDOWN -> executorCalls.shutdown(view, fw, call.shutdown());
      default -> Outcome.reply(CallResult.notImplemented("Unsupported call type " + call.type()));
    };
  }
}
