package io.mezzo.master;

import io.mezzo.api.v1.TaskStatus;
import io.mezzo.master.registry.AgentEntry;
import io.mezzo.master.registry.FrameworkEntry;
import io.mezzo.master.registry.TaskEntry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The master's observers as one: every call goes to each in the order they were added, and one that
 * throws is logged and skipped (an observer never undoes or stops a change). Used on the master's
 * context only; the list is copy-on-write so adding one from another thread is safe too.
 */
final class MasterObservers implements MasterObserver {
  private static final Logger LOG = Logger.getLogger(MasterObservers.class);
  private final List<MasterObserver> observers = new CopyOnWriteArrayList<>();

  void add(MasterObserver observer) {
    observers.add(observer);
  }

  void remove(MasterObserver observer) {
    observers.remove(observer);
  }

  private void each(String what, Consumer<MasterObserver> call) {
    for (MasterObserver o : observers) {
      try {
        call.accept(o);
      } catch (RuntimeException e) {
        LOG.errorf(e, "master observer %s failed on %s", o.getClass().getName(), what);
      }
    }
  }

  @Override
  public void frameworkAdded(FrameworkEntry framework) {
    each("frameworkAdded " + framework.id(), o -> o.frameworkAdded(framework));
  }

  @Override
  public void frameworkUpdated(FrameworkEntry framework) {
    each("frameworkUpdated " + framework.id(), o -> o.frameworkUpdated(framework));
  }

  @Override
  public void frameworkRemoved(FrameworkEntry framework) {
    each("frameworkRemoved " + framework.id(), o -> o.frameworkRemoved(framework));
  }

  @Override
  public void agentAdded(AgentEntry agent) {
    each("agentAdded " + agent.id(), o -> o.agentAdded(agent));
  }

  @Override
  public void agentReregistered(AgentEntry agent) {
    each("agentReregistered " + agent.id(), o -> o.agentReregistered(agent));
  }

  @Override
  public void agentRemoved(AgentEntry agent) {
    each("agentRemoved " + agent.id(), o -> o.agentRemoved(agent));
  }

  @Override
  public void taskAdded(TaskEntry task) {
    each("taskAdded " + task.taskId(), o -> o.taskAdded(task));
  }

  @Override
  public void taskUpdated(TaskEntry task, TaskStatus status) {
    each("taskUpdated " + task.taskId(), o -> o.taskUpdated(task, status));
  }
}
