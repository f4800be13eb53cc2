package io.mezzo.http.common;

import io.mezzo.api.v1.agent.Call;
import io.mezzo.api.v1.agent.Response;
import io.mezzo.security.Caller;
import java.util.concurrent.CompletionStage;

/**
 * The v1 operator API of the agent running in this process, for master routes that serve an agent
 * call without a network hop (standalone: the master's LIST_FILES and READ_FILE). A seam so the
 * master's routes need no agent code; the agent side implements it.
 */
public interface LocalAgentApi {
  /** The outcome of a call: 200 with a response, or a status and a reason. */
  record Answer(int status, String message, Response body) {}

  /**
   * Runs {@code call} on the local agent. Completes with 503 "The agent has not started yet" while
   * there is none (before it starts, or on a node without an agent). Thread-safe; completes on any
   * thread.
   */
  CompletionStage<Answer> call(Call call);

  /**
   * As {@link #call(Call)}, decided for {@code caller} as the agent decides its own operator API (a
   * refusal is 403 with the reason; the file calls open only sandboxes the caller may access).
   */
  CompletionStage<Answer> call(Call call, Caller caller);
}
