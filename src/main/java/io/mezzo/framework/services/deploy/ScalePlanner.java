package io.mezzo.framework.services.deploy;

import static io.mezzo.framework.services.deploy.InstanceChecks.plural;

import io.mezzo.framework.services.app.AppDefinition;
import io.mezzo.framework.services.instance.Instance;
import java.util.List;

/**
 * Scaling one app to {@code instances}: launch what is missing, or kill what is too many, least
 * useful first ({@link KillOrder}: ended ones waiting for relaunch, unreachable, staging,
 * unhealthy, then by the app's {@code killSelection}).
 *
 * <p>Stateless like {@link RestartPlanner}: ask again after every change. An instance fills a slot
 * while its goal is RUNNING, even after it ended (it is about to be relaunched with backoff), so a
 * failure never causes a second launch for the same slot.
 */
public final class ScalePlanner {

  public ScaleStep next(AppDefinition target, List<Instance> instances) {
    int wanted = target.instances();
    List<Instance> mine = instances.stream().filter(i -> i.appId().equals(target.id())).toList();
    List<Instance> slots = mine.stream().filter(InstanceChecks::fillsSlot).toList();
    int dying = (int) mine.stream().filter(InstanceChecks::isDying).count();
    List<Instance> kill = KillOrder.pick(target, slots, slots.size() - wanted);
    int launch = Math.max(0, wanted - slots.size());
    int healthy =
        (int)
            slots.stream()
                .filter(i -> !kill.contains(i))
                .filter(i -> InstanceChecks.isHealthy(i, target))
                .count();
    boolean complete = launch == 0 && kill.isEmpty() && dying == 0 && healthy == wanted;
    String waiting;
    if (complete) {
      waiting =
          wanted == 0
              ? "no instances wanted and none left"
              : "all " + plural(wanted, "instance") + " healthy";
    } else {
      waiting = healthy + " of " + wanted + " instances healthy";
      int stopping = dying + kill.size();
      if (stopping > 0) {
        waiting += ", " + plural(stopping, "instance") + " still to stop";
      }
    }
    return new ScaleStep(launch, kill.stream().map(Instance::taskId).toList(), complete, waiting);
  }
}
