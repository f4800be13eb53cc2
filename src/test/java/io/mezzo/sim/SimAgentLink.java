package io.mezzo.sim;

import io.mezzo.agent.MasterLink;
import io.mezzo.api.agent.AgentCall;
import io.mezzo.api.agent.AgentEvent;
import io.mezzo.core.concurrent.SerialContext;
import io.mezzo.master.CallResult;
import io.mezzo.master.agents.AgentChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * An agent's {@link MasterLink} over the {@link SimNetwork}: it subscribes to whichever master the
 * cluster says leads (as a detector would) and posts calls to the master of its current stream. One
 * link per agent incarnation; it reports what crosses it to the {@link UpdateLedger}.
 */
final class SimAgentLink implements MasterLink {
  private final SimCluster cluster;
  private final SimHost host;
  private final SerialContext agentContext;
  private SimCluster.SimMaster current;

  SimAgentLink(SimCluster cluster, SimHost host, SerialContext agentContext) {
    this.cluster = cluster;
    this.host = host;
    this.agentContext = agentContext;
  }

  @Override
  public Subscription subscribe(AgentCall subscribe, Listener listener) {
    SimNetwork net = cluster.network();
    boolean[] closedByAgent = {false};
    boolean[] ended = {false};
    Runnable endOnce =
        () -> {
          if (!closedByAgent[0] && !ended[0]) {
            ended[0] = true;
            listener.onClosed("the connection broke");
          }
        };
    SimCluster.SimMaster m = cluster.leader();
    if (m == null || net.cut(host.node, m.node)) {
      cluster.timers().schedule(SimNetwork.REQUEST_TIMEOUT, endOnce);
      return () -> closedByAgent[0] = true;
    }
    current = m;
    SimNetwork.Connection conn = net.connect(host.node, m.node);
    AgentChannel channel =
        new AgentChannel() {
          @Override
          public void send(AgentEvent event) {
            conn.deliver(
                () -> {
                  if (closedByAgent[0] || ended[0]) {
                    return;
                  }
                  if (event.type() == AgentEvent.Type.REGISTERED) {
                    cluster.agentRegistered(event.registered().agentId(), host);
                  }
                  listener.onEvent(event);
                  if (event.type() == AgentEvent.Type.ACKNOWLEDGE) {
                    // Queued behind the agent's own handling of the event: it has the ack then.
                    String uuid = event.acknowledge().uuid();
                    agentContext.execute(() -> cluster.ledger().ackReachedAgent(host.node, uuid));
                  }
                });
          }

          @Override
          public void close() {
            conn.close(false);
          }
        };
    conn.onBreak(endOnce, () -> m.master.agentStreamClosed(channel));
    conn.deliver(
        () ->
            m.master
                .agentSubscribe(subscribe, channel)
                .whenComplete(
                    (result, error) -> {
                      if (error != null || !result.isSuccess()) {
                        conn.deliver(endOnce);
                      }
                    }));
    return () -> {
      if (!closedByAgent[0]) {
        closedByAgent[0] = true;
        conn.close(true);
      }
    };
  }

  @Override
  public CompletionStage<Void> send(AgentCall call) {
    SimCluster.SimMaster m = current;
    if (m == null) {
      return CompletableFuture.failedFuture(new IllegalStateException("no master"));
    }
    if (call.type() == AgentCall.Type.STATUS_UPDATE) {
      cluster.ledger().agentSending(host.node, call.update());
    }
    return cluster
        .network()
        .request(
            host.node,
            m.node,
            () -> {
              if (call.type() == AgentCall.Type.STATUS_UPDATE) {
                cluster.ledger().updateReachedMaster(call.update().status().uuid());
              }
              return m.master.agentCall(call);
            })
        .thenCompose(SimAgentLink::toVoid);
  }

  private static CompletionStage<Void> toVoid(CallResult result) {
    return result.isSuccess()
        ? CompletableFuture.completedFuture(null)
        : CompletableFuture.failedFuture(
            new IllegalStateException("master answered " + result.status()));
  }
}
