package io.mezzo.master.change;

import io.mezzo.api.agent.AgentEvent;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.scheduler.Event;
import io.mezzo.master.scheduler.FrameworkStream;

/**
 * Something to tell a framework or an agent, sent by the applier after the outcome's changes are
 * applied (decide, persist, apply, announce). Sending is best-effort, as the streams are: a
 * framework that is not connected, or an agent without a channel, misses it.
 */
public sealed interface Message {
  /** An event on the framework's current subscription stream (as the books know it then). */
  record ToFramework(FrameworkId frameworkId, Event event) implements Message {}

  /** An event on the agent's channel. */
  record ToAgent(AgentId agentId, AgentEvent event) implements Message {}

  /**
   * An event on a stream no framework owns (yet), e.g. the ERROR answering a refused SUBSCRIBE; the
   * stream is closed after it when {@code close}.
   */
  record ToStream(FrameworkStream stream, Event event, boolean close) implements Message {}

  /**
   * The agent's channel closes, after the messages before this one were sent on it (the last words
   * to an agent marked gone).
   */
  record CloseAgent(AgentId agentId) implements Message {}
}
