package io.mezzo.bootstrap;

import io.mezzo.agent.MasterLink;
import io.mezzo.api.agent.AgentCall;
import io.mezzo.api.agent.AgentEvent;
import io.mezzo.core.concurrent.SerialContext;
import io.mezzo.master.CallResult;
import io.mezzo.master.Master;
import io.mezzo.master.agents.AgentChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An agent's link to a master in the same JVM: the standalone node's local agent, and in-process
 * cluster tests. Calls go straight to the master's entry points; events reach the agent on a link
 * thread of their own, so neither side ever runs on the other's context.
 */
public final class LocalMasterLink implements MasterLink, AutoCloseable {
  private final Master master;
  private final SerialContext delivery = new SerialContext("local-link");

  public LocalMasterLink(Master master) {
    this.master = master;
  }

  @Override
  public Subscription subscribe(AgentCall subscribe, Listener listener) {
    AtomicBoolean closedByAgent = new AtomicBoolean();
    AtomicBoolean ended = new AtomicBoolean();
    AgentChannel channel =
        new AgentChannel() {
          @Override
          public void send(AgentEvent event) {
            delivery.execute(
                () -> {
                  if (closedByAgent.get() || ended.get()) {
                    return;
                  }
                  listener.onEvent(event);
                });
          }

          @Override
          public void close() {
            delivery.execute(
                () -> {
                  if (!closedByAgent.get() && ended.compareAndSet(false, true)) {
                    listener.onClosed("closed by the master");
                  }
                });
          }
        };
    master
        .agentSubscribe(subscribe, channel)
        .whenComplete(
            (result, err) -> {
              if (err != null || !result.isSuccess()) {
                String why =
                    err != null ? err.toString() : result.status() + " " + result.message();
                delivery.execute(
                    () -> {
                      if (!closedByAgent.get() && ended.compareAndSet(false, true)) {
                        listener.onClosed("master refused the subscription: " + why);
                      }
                    });
              }
            });
    return () -> {
      if (closedByAgent.compareAndSet(false, true)) {
        master.agentStreamClosed(channel);
      }
    };
  }

  @Override
  public CompletionStage<Void> send(AgentCall call) {
    return master.agentCall(call).thenCompose(LocalMasterLink::toVoid);
  }

  private static CompletionStage<Void> toVoid(CallResult result) {
    if (result.isSuccess()) {
      return CompletableFuture.completedFuture(null);
    }
    return CompletableFuture.failedFuture(
        new IllegalStateException("master answered " + result.status() + ": " + result.message()));
  }

  @Override
  public void close() {
    delivery.close();
  }
}
