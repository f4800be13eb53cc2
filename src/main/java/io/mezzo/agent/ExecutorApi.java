package io.mezzo.agent;

import io.mezzo.api.v1.executor.Call;
import io.mezzo.core.concurrent.SerialContext;
import java.util.concurrent.CompletionStage;

/**
 * The agent's v1 Executor API without HTTP: the route parses a {@link Call}, hands it here and
 * writes the {@link Answer}; a SUBSCRIBE also brings the {@link ExecutorStream} its events go to.
 * Usable from any thread: every call hops onto the agent's context.
 *
 * <pre>
 *   SUBSCRIBE → 200 and a stream (SUBSCRIBED first), or 400
 *   UPDATE    → 202, or 400 (unknown executor or task, no uuid, TASK_STAGING, a mismatched id)
 *   MESSAGE   → 202, or 400
 *   HEARTBEAT → 202
 *   other     → 400 naming the type
 * </pre>
 *
 * A call for a framework or executor this agent does not run is a 400 naming it, as in Mesos.
 */
public final class ExecutorApi {
  /** What the route answers: a status code and, for a refusal, why. */
  public record Answer(int status, String message) {
    public static final Answer OK = new Answer(200, null);
    public static final Answer ACCEPTED = new Answer(202, null);

    public static Answer badRequest(String why) {
      return new Answer(400, why);
    }
  }

  private final SerialContext context;
  private final ExecutorCalls calls;

  ExecutorApi(SerialContext context, ExecutorCalls calls) {
    this.context = context;
    this.calls = calls;
  }

  /**
   * Opens the executor's subscription onto {@code stream}. On 200 the stream has SUBSCRIBED (and
   * any queued LAUNCH) already queued; on any other answer nothing was sent on it.
   */
  public CompletionStage<Answer> subscribe(Call call, ExecutorStream stream) {
    if (call.type() != Call.Type.SUBSCRIBE) {
      throw new IllegalArgumentException("not a SUBSCRIBE: " + call.type());
    }
    return context.call(() -> calls.subscribe(call, stream));
  }

  /** The HTTP response of a subscription ended; the executor may subscribe again. */
  public void closed(Call subscribe, ExecutorStream stream) {
    context.execute(
        () -> calls.disconnected(subscribe.frameworkId(), subscribe.executorId(), stream));
  }

  /** Any call but SUBSCRIBE. */
  public CompletionStage<Answer> call(Call call) {
    return context.call(
        () ->
            switch (call.type() == null ? Call.Type.UNKNOWN : call.type()) {
              case UPDATE -> calls.update(call);
              case MESSAGE -> calls.message(call);
              case HEARTBEAT -> Answer.ACCEPTED;
              case SUBSCRIBE -> Answer.badRequest("SUBSCRIBE needs a streaming response");
              case UNKNOWN -> Answer.badRequest("Expecting 'type' to be present and known");
            });
  }
}
