package io.mezzo.framework.services.deploy;

import io.mezzo.framework.services.instance.Instance;

/** Small changes to existing instances for planner tests. */
final class PlannerFixturesX {
  private PlannerFixturesX() {}

  static Instance stopping(Instance i) {
    return new Instance(
        i.taskId(),
        i.appId(),
        i.appVersion(),
        i.agentId(),
        i.host(),
        i.ports(),
        i.stagedAt(),
        i.startedAt(),
        i.state(),
        i.healthy(),
        i.ready(),
        i.message(),
        Instance.Goal.STOPPED,
        i.unreachableSince());
  }
}
