package io.mezzo.framework.services.deploy;

import static io.mezzo.framework.services.deploy.InstanceChecks.plural;

import io.mezzo.api.v1.TaskId;
import io.mezzo.framework.services.app.AppDefinition;
import io.mezzo.framework.services.instance.Instance;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One app's rolling replacement: old instances give way to instances of the target configuration
 * without healthy capacity dropping below {@code ceil(minimumHealthCapacity × instances)} and
 * without more than {@code floor(maximumOverCapacity × instances) + instances} instances holding
 * resources at once (Marathon rounds the same way).
 *
 * <p>The planner keeps no state: the deployment calls {@link #next} again after every change of the
 * app's instances and does what the answer says. That makes it safe across master failover (a new
 * leader simply asks again) and lets the target change mid-way (scaling during a restart). The
 * caller must record instances it launches (state {@code null}, goal RUNNING, the target's version)
 * before it asks again, or they are launched twice.
 *
 * <p>Rules, applied on every call:
 *
 * <ol>
 *   <li>Old instances that ended but are still wanted are retired (killed) instead of being
 *       relaunched with the old configuration; their slot goes to a new instance.
 *   <li>New instances beyond {@code instances} are killed, least useful first ({@link KillOrder}).
 *   <li>Old instances that are not healthy are killed at once: they add no healthy capacity.
 *   <li>Healthy old instances are killed while healthy capacity (old and new) stays at or above the
 *       minimum; so new ones must become healthy (and ready) before more old ones go.
 *   <li>New instances are launched while fewer than {@code instances} exist and everything that
 *       still holds resources (dying instances too) stays within the maximum.
 * </ol>
 *
 * When the minimum equals the maximum (e.g. {@code minimumHealthCapacity} 1 with {@code
 * maximumOverCapacity} 0), no old instance could ever be killed nor a new one launched; Marathon
 * then allows one instance of over-capacity, and so does this planner.
 */
public final class RestartPlanner {
  /** Guards the ceil/floor against binary fractions: 10 × 0.3 must give 3, not 4. */
  private static final double EPSILON = 1e-9;

  public RestartStep next(AppDefinition target, List<Instance> instances) {
    int wanted = target.instances();
    List<Instance> mine = instances.stream().filter(i -> i.appId().equals(target.id())).toList();
    List<Instance> oldWanted = new ArrayList<>();
    List<Instance> oldRetire = new ArrayList<>();
    List<Instance> newSlots = new ArrayList<>();
    int active = 0;
    int oldDying = 0;
    int newDying = 0;
    for (Instance i : mine) {
      boolean current = InstanceChecks.isCurrent(i, target);
      if (i.isActive()) {
        active++;
      }
      if (!InstanceChecks.fillsSlot(i)) {
        if (i.isActive()) {
          oldDying += current ? 0 : 1;
          newDying += current ? 1 : 0;
        }
      } else if (current) {
        newSlots.add(i);
      } else if (i.isActive()) {
        oldWanted.add(i);
      } else {
        oldRetire.add(i);
      }
    }

    int minHealthy = minHealthy(target);
    int maxCapacity = maxCapacity(target);
    Set<Instance> kill = new LinkedHashSet<>(oldRetire);

    List<Instance> extraNew = KillOrder.pick(target, newSlots, newSlots.size() - wanted);
    kill.addAll(extraNew);
    List<Instance> keptNew = newSlots.stream().filter(i -> !extraNew.contains(i)).toList();
    int newHealthy =
        (int) keptNew.stream().filter(i -> InstanceChecks.isHealthy(i, target)).count();

    List<Instance> oldHealthy = new ArrayList<>();
    for (Instance i : oldWanted) {
      if (InstanceChecks.isHealthy(i, target)) {
        oldHealthy.add(i);
      } else {
        kill.add(i);
      }
    }
    int budget = oldHealthy.size() + newHealthy - minHealthy;
    oldHealthy.sort(KillOrder.comparator(target));
    kill.addAll(oldHealthy.subList(0, Math.max(0, Math.min(budget, oldHealthy.size()))));

    // Kills take effect only when the tasks end, so everything active still holds resources now;
    // new instances waiting for relaunch will come back and are counted too.
    int waitingNew = (int) keptNew.stream().filter(i -> !i.isActive()).count();
    int occupied = active + waitingNew;
    int launch = Math.max(0, Math.min(wanted - keptNew.size(), maxCapacity - occupied));

    int oldLeft = oldWanted.size() + oldDying + oldRetire.size();
    boolean complete =
        oldLeft == 0
            && newDying == 0
            && extraNew.isEmpty()
            && keptNew.size() == wanted
            && newHealthy == wanted;
    List<TaskId> killIds =
        kill.stream()
            .sorted(Comparator.comparing(i -> i.taskId().value()))
            .map(Instance::taskId)
            .toList();
    return new RestartStep(
        launch, killIds, complete, describe(wanted, newHealthy, oldLeft, complete));
  }

  /** {@code ceil(minimumHealthCapacity × instances)}. */
  public static int minHealthy(AppDefinition app) {
    return (int)
        Math.ceil(app.instances() * app.upgradeStrategy().minimumHealthCapacity() - EPSILON);
  }

  /**
   * {@code floor((1 + maximumOverCapacity) × instances)}, one more when that equals the minimum
   * (otherwise a 1/0 strategy could never make progress).
   */
  public static int maxCapacity(AppDefinition app) {
    int n = app.instances();
    int max = (int) Math.floor(n * (1 + app.upgradeStrategy().maximumOverCapacity()) + EPSILON);
    return n > 0 && max <= minHealthy(app) ? minHealthy(app) + 1 : max;
  }

  private static String describe(int wanted, int newHealthy, int oldLeft, boolean complete) {
    if (complete) {
      return wanted == 0
          ? "no instances wanted and none left"
          : "all " + plural(wanted, "new instance") + " healthy";
    }
    String news =
        wanted == 0
            ? "no new instances wanted"
            : newHealthy + " of " + wanted + " new instances healthy";
    return oldLeft == 0 ? news : news + ", " + plural(oldLeft, "old instance") + " still to stop";
  }
}
