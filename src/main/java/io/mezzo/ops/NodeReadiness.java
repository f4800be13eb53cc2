package io.mezzo.ops;

import io.mezzo.agent.Agent;
import io.mezzo.bootstrap.MezzoNode;
import io.mezzo.master.Master;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * {@code /q/health/ready}: a master is ready when it leads, has recovered its registry and its
 * leadership lease is valid (checked when the probe is answered, so a probe queued while the
 * process was paused past its lease gets 503); an agent when it is registered with a master; a
 * standalone node when both are.
 */
@Readiness
@ApplicationScoped
public class NodeReadiness implements HealthCheck {
  private final MezzoNode node;

  public NodeReadiness(MezzoNode node) {
    this.node = node;
  }

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder b =
        HealthCheckResponse.named("mezzo").withData("role", node.role().name().toLowerCase());
    boolean up = true;
    if (node.role().runsMaster()) {
      boolean leading = node.master().map(Master::isRecovered).orElse(false);
      String standby =
          node.leader()
              .map(l -> "standby; leader is " + l.pid())
              .orElse("standby; no leader elected");
      String notLeading = node.master().map(Master::notLeadingReason).orElse("not ready");
      b.withData("master", leading ? "leading" : node.isStandby() ? standby : notLeading);
      up &= leading;
    }
    if (node.role().runsAgent()) {
      boolean registered = node.agent(Agent.class).map(Agent::isRegistered).orElse(false);
      b.withData("agent", registered ? "registered" : "not registered");
      up &= registered;
    }
    return b.status(up).build();
  }
}
