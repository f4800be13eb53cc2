package io.mezzo.agent;

import io.mezzo.api.agent.AgentCall;
import io.mezzo.api.agent.AgentEvent;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * How an agent reaches its master (the protocol of {@link AgentCall}). Implementations: HTTP
 * ({@code registration.HttpMasterLink}), and an in-process one for a standalone cluster and tests.
 */
public interface MasterLink {

  /**
   * Opens the command stream with a SUBSCRIBE call; events are delivered in order to the listener
   * until closed.
   *
   * <p>Contract: returns at once; connecting happens in the background. The listener is called from
   * one thread at a time, in stream order, and must not block (hop to the owner's context). {@link
   * Listener#onClosed} is called exactly once when the stream ends for any reason other than {@link
   * Subscription#close()} — master closed it, network failure, no master accepted the call — and no
   * event follows it. After {@code close()} no callback is made at all.
   */
  Subscription subscribe(AgentCall subscribe, Listener listener);

  /**
   * Posts a HEARTBEAT or STATUS_UPDATE; completes when the master accepted it (HTTP 202), fails
   * otherwise. Never throws; at-most-once per call (callers retry).
   */
  CompletionStage<Void> send(AgentCall call);

  /**
   * Registers {@code callback}, run when the link learns that another master leads than the one its
   * stream is on (or would be tried first), with a reason for the log. Called from any thread; the
   * callback must hop to its owner's context. A link that cannot know (a list of URLs, the
   * in-process one) never calls it.
   */
  default void onLeaderChange(Consumer<String> callback) {}

  /** Receives the events of one subscription. */
  interface Listener {
    void onEvent(AgentEvent event);

    /** The stream ended; {@code reason} says why, for the log. */
    void onClosed(String reason);
  }

  /** An open (or opening) command stream. */
  interface Subscription {
    /** Closes the stream; idempotent, returns promptly, and silences the listener. */
    void close();
  }
}
