package io.mezzo.master.operator;

import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.master.MasterObserver;
import io.mezzo.master.change.Decider;
import io.mezzo.master.change.MasterView;
import io.mezzo.master.registry.AgentEntry;
import io.mezzo.master.registry.TaskEntry;
import java.util.function.Consumer;

/**
 * Watches draining agents for the {@link DrainAgentHandler}: when a task of one ends, or one
 * re-registers, it queues the drain's decider on the master's context. Observers may neither
 * persist nor call back into the master, so the decision (DRAINED, kills again, mark gone) is made
 * and applied as a step of its own, after the change that prompted it.
 */
public final class DrainWatcher implements MasterObserver {
  private final MasterView view;
  private final DrainAgentHandler drain;
  private final Consumer<Decider> later;

  /**
   * @param view read to tell draining agents (observers run on the master's context)
   * @param later queues a decider to be run and applied after the current step
   */
  public DrainWatcher(MasterView view, DrainAgentHandler drain, Consumer<Decider> later) {
    this.view = view;
    this.drain = drain;
    this.later = later;
  }

  @Override
  public void taskUpdated(TaskEntry task, TaskStatus status) {
    if (status.state().isTerminal() && draining(task.agentId())) {
      AgentId id = task.agentId();
      later.accept(v -> drain.checkDrained(v, id));
    }
  }

  @Override
  public void agentReregistered(AgentEntry agent) {
    if (draining(agent.id())) {
      AgentId id = agent.id();
      // Its kills went out with REGISTERED (the registrar's); here the drain may end if idle.
      later.accept(v -> drain.checkDrained(v, id));
    }
  }

  private boolean draining(AgentId id) {
    return view.registry().agentControl(id).draining();
  }
}
