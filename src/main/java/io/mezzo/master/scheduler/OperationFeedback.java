package io.mezzo.master.scheduler;

import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.OperationStatus;
import io.mezzo.api.v1.OperationStatus.OperationState;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.scheduler.Call;
import io.mezzo.api.v1.scheduler.Event;
import io.mezzo.master.CallResult;
import io.mezzo.master.change.Change;
import io.mezzo.master.change.Decider;
import io.mezzo.master.change.MasterView;
import io.mezzo.master.change.Outcome;
import io.mezzo.master.registry.FrameworkEntry;
import io.mezzo.master.registry.OperationEntry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Operation feedback (Mesos 1.7+) for the operations Mezzo applies on the master's word (RESERVE,
 * UNRESERVE, CREATE, DESTROY, GROW_VOLUME, SHRINK_VOLUME on agent default resources): an operation
 * with an {@code id} that is applied is answered OPERATION_FINISHED with its converted resources
 * and a uuid, in the outcome that persists its effect, so the status is never ahead of the
 * registry; that status is resent on a backoff (10 s doubling to 10 min, as Mesos retries status
 * updates) until ACKNOWLEDGE_OPERATION_STATUS. An operation that is dropped is answered
 * OPERATION_ERROR with the reason, once, without uuid (nothing to acknowledge), and is not kept.
 * Deciders and helpers only: pure, the uuids derived from what they name.
 */
public final class OperationFeedback {
  static final Duration FIRST_RETRY = Duration.ofSeconds(10);
  static final Duration MAX_RETRY = Duration.ofMinutes(10);

  private OperationFeedback() {}

  /** The operation's id, or null when it asks for no feedback. */
  public static String idOf(Call.Operation op) {
    if (op.id() == null || op.id().isNull()) {
      return null;
    }
    return op.id().path("value").asText();
  }

  /** Answers an applied operation OPERATION_FINISHED and keeps it until acknowledged. */
  static void finished(
      MasterView view,
      Outcome.Builder out,
      FrameworkEntry fw,
      AgentId agentId,
      Call.Operation op,
      List<Resource> converted) {
    String id = idOf(op);
    String uuid = uuid(fw.id().value(), id, "status", Double.toString(view.nowSeconds()));
    OperationStatus status =
        new OperationStatus(
            new OperationStatus.OperationId(id),
            OperationState.OPERATION_FINISHED,
            null,
            converted,
            new OperationStatus.Uuid(uuid),
            agentId,
            null);
    out.change(
        new Change.OperationUpdated(
            fw.id(),
            agentId,
            op,
            uuid(fw.id().value(), id, "operation"),
            status,
            FIRST_RETRY,
            retry(fw, id, uuid, FIRST_RETRY)));
    out.toFramework(fw.id(), Event.updateOperationStatus(status));
  }

  /** Answers a dropped operation OPERATION_ERROR with why; sent once, nothing kept. */
  static void error(
      Outcome.Builder out, FrameworkEntry fw, AgentId agentId, Call.Operation op, String why) {
    out.toFramework(
        fw.id(),
        Event.updateOperationStatus(
            new OperationStatus(
                new OperationStatus.OperationId(idOf(op)),
                OperationState.OPERATION_ERROR,
                why,
                null,
                null,
                agentId,
                null)));
  }

  /**
   * Resends the status {@code uuid} of the operation if it is still the unacknowledged latest, and
   * schedules the next resend after twice the delay (at most {@link #MAX_RETRY}); ends otherwise.
   */
  static Decider retry(FrameworkEntry fw, String id, String uuid, Duration delay) {
    var frameworkId = fw.id();
    return view -> {
      FrameworkEntry now = view.framework(frameworkId).orElse(null);
      OperationEntry e = now == null ? null : now.operations().get(id);
      if (e == null || e.latest().uuid() == null || !uuid.equals(e.latest().uuid().value())) {
        return Outcome.none();
      }
      Duration next =
          delay.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : delay.multipliedBy(2);
      Outcome.Builder out = Outcome.builder();
      out.change(
          new Change.OperationUpdated(
              frameworkId,
              e.agentId(),
              e.info(),
              e.uuid(),
              e.latest(),
              next,
              retry(now, id, uuid, next)));
      if (now.connected()) {
        out.toFramework(frameworkId, Event.updateOperationStatus(e.latest()));
      }
      return out.reply(CallResult.ACCEPTED);
    };
  }

  /** A version-3 UUID of the parts, Base64 of its 16 bytes as Mesos's JSON carries bytes. */
  static String uuid(String... parts) {
    UUID u = UUID.nameUUIDFromBytes(String.join("/", parts).getBytes(StandardCharsets.UTF_8));
    ByteBuffer b = ByteBuffer.allocate(16);
    b.putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
    return Base64.getEncoder().encodeToString(b.array());
  }
}
