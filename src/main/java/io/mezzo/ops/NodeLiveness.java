package io.mezzo.ops;

import io.mezzo.bootstrap.MezzoNode;
import io.mezzo.master.Master;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * {@code /q/health/live}: the process serves HTTP and, on a master, the master's context still
 * answers within two seconds (a wedged master thread should get the process restarted).
 */
@Liveness
@ApplicationScoped
public class NodeLiveness implements HealthCheck {
  private final MezzoNode node;

  public NodeLiveness(MezzoNode node) {
    this.node = node;
  }

  @Override
  public HealthCheckResponse call() {
    var b = HealthCheckResponse.named("mezzo").withData("role", node.role().name().toLowerCase());
    if (node.master().isPresent()) {
      Master m = node.master().get();
      try {
        m.inspect(s -> Boolean.TRUE).toCompletableFuture().get(2, TimeUnit.SECONDS);
      } catch (Exception e) {
        return b.down().withData("master", "context not answering: " + e).build();
      }
    }
    return b.up().build();
  }
}
