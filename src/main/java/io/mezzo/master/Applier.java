package io.mezzo.master;

import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.TaskState;
import io.mezzo.core.time.Timers;
import io.mezzo.master.change.Change;
import io.mezzo.master.change.Decider;
import io.mezzo.master.change.Message;
import io.mezzo.master.change.Outcome;
import io.mezzo.master.election.Lease;
import io.mezzo.master.offer.OfferEntry;
import io.mezzo.master.registry.AgentEntry;
import io.mezzo.master.registry.FrameworkEntry;
import io.mezzo.master.registry.OperationEntry;
import io.mezzo.master.registry.TaskEntry;
import io.mezzo.master.scheduler.OfferFilterRules;
import io.mezzo.master.state.StateStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The one place that acts on decisions (Kafka KRaft's controller loop): persist the outcome's
 * registry, apply its changes to the books, feed the allocator and the observers from the same
 * change list, bump its counters, send its messages, then answer. Runs on the master's context.
 *
 * <p>A fenced registry write ({@link StateStore.StaleVersionException}) propagates before anything
 * else happened, so a deposed master changes nothing and the caller steps down.
 */
final class Applier {
  private static final Logger LOG = Logger.getLogger(Applier.class);
  private final MasterState state;
  private final Consumer<Decider> run;
  private final Lease lease;
  private final FrameworkChanges frameworks = new FrameworkChanges();
  private final AgentControlChanges controls;
  private final AgentChanges agents;
  private final ExecutorChanges executors;

  /**
   * @param run how a decider scheduled by a change (failover, offer timeout) is run when its timer
   *     fires: decide over the view and apply, with the master's fencing guard
   * @param lease checked before anything is written or sent, and again after the registry write
   */
  Applier(MasterState state, Consumer<Decider> run, Lease lease) {
    this.state = state;
    this.run = run;
    this.lease = lease;
    this.controls = new AgentControlChanges(state);
    this.agents = new AgentChanges(state);
    this.executors = new ExecutorChanges(state);
  }

  /**
   * Applies {@code outcome} and returns its reply.
   *
   * @throws StateStore.StaleVersionException if the registry write was fenced (nothing applied)
   * @throws Lease.LostException if the lease was not valid before or after the write (nothing
   *     applied or sent)
   * @throws RegistryUnavailable if the registry could not be written (nothing applied)
   */
  CallResult apply(Outcome outcome) {
    if (!lease.isValid()) {
      throw new Lease.LostException();
    }
    if (outcome.registry().isPresent()) {
      try {
        state.registry().save(outcome.registry().get());
      } catch (StateStore.StaleVersionException | Lease.LostException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new RegistryUnavailable(e);
      }
      // The write may have blocked past the lease: announce nothing then.
      if (!lease.isValid()) {
        throw new Lease.LostException();
      }
    }
    List<Runnable> feeds = new ArrayList<>(outcome.changes().size());
    for (Change change : outcome.changes()) {
      feeds.add(book(change));
    }
    feeds.forEach(Runnable::run);
    outcome.counts().forEach(state.metrics()::increment);
    outcome.messages().forEach(this::send);
    if (outcome.allocate()) {
      state.requestAllocation();
    }
    return outcome.reply();
  }

  /** Applies one change to the books; returns its allocator and observer feed, run after all. */
  private Runnable book(Change change) {
    // Java 17 has no pattern switch: one instanceof per record of the sealed hierarchy.
    if (change instanceof Change.FrameworkAdded c) {
      return frameworks.added(c);
    } else if (change instanceof Change.FrameworkResubscribed c) {
      return frameworks.resubscribed(c);
    } else if (change instanceof Change.FrameworkUpdated c) {
      return frameworks.updated(c);
    } else if (change instanceof Change.FrameworkDisconnected c) {
      return frameworks.disconnected(c, this::schedule);
    } else if (change instanceof Change.FrameworkRemoved c) {
      return frameworks.removed(c);
    } else if (change instanceof Change.RolesSuppressed c) {
      return frameworks.suppressed(c);
    } else if (change instanceof Change.RolesRevived c) {
      return frameworks.revived(c);
    } else if (change instanceof Change.AgentHeartbeat c) {
      return agent(c.id(), a -> a.heartbeat(state.now()));
    } else if (change instanceof Change.AgentMissedPing c) {
      return agent(c.id(), AgentEntry::missPing);
    } else if (change instanceof Change.AgentDisconnected c) {
      return agentDisconnected(c);
    } else if (change instanceof Change.AgentUnreachable c) {
      return agentUnreachable(c);
    } else if (change instanceof Change.TaskAdded c) {
      return taskAdded(c);
    } else if (change instanceof Change.TaskUpdated c) {
      return taskUpdated(c);
    } else if (change instanceof Change.TaskAcknowledged c) {
      return tasks(c.key(), TaskEntry::clearPendingUuid);
    } else if (change instanceof Change.TaskCompleted c) {
      return tasks(c.key(), state.taskBook()::complete);
    } else if (change instanceof Change.TaskRejected c) {
      return () -> state.metrics().taskEnded(c.status().state());
    } else if (change instanceof Change.OfferCreated c) {
      return offerCreated(c);
    } else if (change instanceof Change.OfferRemoved c) {
      return offerRemoved(c);
    } else if (change instanceof Change.ResourcesRecovered c) {
      return () ->
          state
              .allocator()
              .recoverResources(
                  c.frameworkId().value(),
                  c.agentId().value(),
                  c.resources(),
                  c.refuse(),
                  state.now());
    } else if (change instanceof Change.QuotasUpdated c) {
      return () -> state.allocator().setQuotas(c.quotas());
    } else if (change instanceof Change.AgentDeactivated c) {
      return controls.deactivated(c);
    } else if (change instanceof Change.AgentReactivated c) {
      return controls.reactivated(c);
    } else if (change instanceof Change.AgentGone c) {
      state.agent(c.id()).ifPresent(executors::agentLeft);
      return controls.gone(c);
    } else if (change instanceof Change.AgentAdded c) {
      return agents.added(c);
    } else if (change instanceof Change.AgentReregistered c) {
      state.agent(c.info().id()).ifPresent(executors::agentLeft);
      return agents.reregistered(c);
    } else if (change instanceof Change.ExecutorAdded c) {
      return executors.added(c);
    } else if (change instanceof Change.ExecutorRemoved c) {
      return executors.removed(c);
    } else if (change instanceof Change.FrameworkRecovered c) {
      return agents.frameworkRecovered(c);
    } else if (change instanceof Change.AgentRejoined c) {
      return agents.rejoined(c);
    } else if (change instanceof Change.WeightsUpdated c) {
      return () -> c.weights().forEach(state.allocator()::setWeight);
    } else if (change instanceof Change.ReservationsUpdated c) {
      return reservationsUpdated(c);
    } else if (change instanceof Change.OperationUpdated c) {
      return operationUpdated(c);
    } else if (change instanceof Change.OperationAcknowledged c) {
      return framework(
          c.frameworkId(),
          fw -> {
            OperationEntry e = fw.operations().remove(c.operationId());
            if (e != null) {
              e.cancelRetry();
            }
          });
    }
    throw new IllegalArgumentException("no applier for change " + change);
  }

  private Runnable operationUpdated(Change.OperationUpdated c) {
    return framework(
        c.frameworkId(),
        fw -> {
          OperationEntry e =
              fw.operations()
                  .computeIfAbsent(
                      c.status().operationId().value(),
                      id ->
                          new OperationEntry(
                              c.frameworkId(), c.agentId(), c.info(), c.operationUuid()));
          e.update(
              c.status(),
              c.status().uuid() == null || c.retry() == null
                  ? null
                  : schedule(c.retryAfter(), c.retry()));
        });
  }

  private Runnable framework(FrameworkId id, Consumer<FrameworkEntry> action) {
    state.framework(id).ifPresent(action);
    return () -> {};
  }

  private Runnable agent(AgentId id, Consumer<AgentEntry> action) {
    state.agent(id).ifPresent(action);
    return () -> {};
  }

  private Runnable reservationsUpdated(Change.ReservationsUpdated c) {
    AgentEntry agent = state.agent(c.agentId()).orElse(null);
    if (agent == null) {
      LOG.warnf("reservations on agent %s skipped, the agent is gone", c.agentId());
      return () -> {};
    }
    agent.total(c.total());
    return () -> {
      for (Change.Conversion conversion : c.conversions()) {
        if (c.frameworkId() == null) {
          state
              .allocator()
              .updateAvailable(c.agentId().value(), conversion.from(), conversion.to());
        } else {
          state
              .allocator()
              .updateAllocation(
                  c.frameworkId().value(),
                  c.agentId().value(),
                  c.role(),
                  conversion.from(),
                  conversion.to());
        }
      }
    };
  }

  private Runnable agentDisconnected(Change.AgentDisconnected c) {
    AgentEntry agent = state.agent(c.id()).orElse(null);
    if (agent == null || !agent.disconnect(c.channel())) {
      return () -> {};
    }
    return () -> state.allocator().deactivateAgent(agent.id().value());
  }

  private Runnable agentUnreachable(Change.AgentUnreachable c) {
    AgentEntry agent = state.agent(c.id()).orElse(null);
    if (agent == null) {
      return () -> {};
    }
    boolean wasInAllocator =
        agent.state() == AgentEntry.State.CONNECTED
            || agent.state() == AgentEntry.State.DISCONNECTED;
    agent.markUnreachable(state.now());
    executors.agentLeft(agent);
    return () -> {
      if (wasInAllocator) {
        state.allocator().removeAgent(agent.id().value());
      }
      state.observers().agentRemoved(agent);
    };
  }

  private Runnable taskAdded(Change.TaskAdded c) {
    TaskEntry task = new TaskEntry(c.frameworkId(), c.agentId(), c.info(), c.resources(), c.role());
    state.taskBook().add(task);
    return () -> state.observers().taskAdded(task);
  }

  private Runnable taskUpdated(Change.TaskUpdated c) {
    TaskEntry task = state.taskBook().find(c.key()).orElse(null);
    if (task == null) {
      LOG.debugf("task %s: update %s skipped, task gone", c.key().taskId(), c.status().state());
      return () -> {};
    }
    TaskState before = task.latest() == null ? null : task.state();
    if (!task.record(c.status())) {
      LOG.warnf("task %s: ignoring %s after %s", task.taskId(), c.status().state(), before);
      return () -> {};
    }
    if (!c.recoverResources()) {
      task.markResourcesRecovered(); // the outcome returns them some other way
    }
    boolean ended = c.status().state().isTerminal() && (before == null || !before.isTerminal());
    return () -> {
      if (ended) {
        state.metrics().taskEnded(c.status().state());
      }
      if (c.status().state().isTerminal()) {
        state.releaseTaskResources(task);
      }
      if (before != c.status().state()) {
        state.observers().taskUpdated(task, c.status());
      }
    };
  }

  private Runnable tasks(TaskEntry.TaskKey key, Consumer<TaskEntry> action) {
    state.taskBook().find(key).ifPresent(action);
    return () -> {};
  }

  private Runnable offerCreated(Change.OfferCreated c) {
    Timers.Cancellable timeout = c.timeout() == null ? null : schedule(c.timeout(), c.onTimeout());
    state
        .offerBook()
        .add(
            new OfferEntry(
                c.id(),
                c.frameworkId(),
                c.agentId(),
                c.role(),
                c.resources(),
                state.now(),
                timeout));
    return () -> {};
  }

  private Runnable offerRemoved(Change.OfferRemoved c) {
    if (state.offerBook().remove(c.id()) == null) {
      LOG.debugf("offer %s already gone (%s)", c.id(), c.why());
    } else {
      LOG.debugf("offer %s removed: %s", c.id(), c.why());
    }
    return () -> {};
  }

  private Timers.Cancellable schedule(Duration delay, Decider decider) {
    return state.schedule(delay, () -> run.accept(decider));
  }

  private void send(Message message) {
    if (message instanceof Message.ToFramework m) {
      state.framework(m.frameworkId()).ifPresent(f -> f.send(m.event()));
    } else if (message instanceof Message.ToAgent m) {
      state.agent(m.agentId()).ifPresent(a -> a.send(m.event()));
    } else if (message instanceof Message.ToStream m) {
      m.stream().send(m.event());
      if (m.close()) {
        m.stream().close();
      }
    } else if (message instanceof Message.CloseAgent m) {
      state.agent(m.agentId()).ifPresent(AgentEntry::closeChannel);
    }
  }

  /** Framework changes: the entry first, then the allocator and the observers. */
  private final class FrameworkChanges {
    Runnable added(Change.FrameworkAdded c) {
      FrameworkEntry fw =
          new FrameworkEntry(c.info().id(), c.info(), FrameworkEntry.State.CONNECTED, state.now());
      fw.connect(c.stream(), state.now());
      fw.suppressedRoles(c.suppressedRoles());
      state.frameworkBook().add(fw);
      return () -> {
        Set<String> roles = new LinkedHashSet<>(fw.info().effectiveRoles());
        state.allocator().addFramework(fw.id().value(), roles, fw.suppressedRoles(), true);
        state.allocator().setOfferFilters(fw.id().value(), OfferFilterRules.minimums(fw.info()));
        state.allocator().reservationRefinement(fw.id().value(), refinement(fw));
        state.observers().frameworkAdded(fw);
      };
    }

    Runnable resubscribed(Change.FrameworkResubscribed c) {
      FrameworkEntry fw = state.frameworkBook().get(c.id());
      if (fw == null) {
        return skipped(c);
      }
      fw.info(c.info());
      fw.connect(c.stream(), state.now());
      fw.suppressedRoles(c.suppressedRoles());
      return () -> {
        Set<String> roles = new LinkedHashSet<>(fw.info().effectiveRoles());
        state.allocator().updateFramework(fw.id().value(), roles, fw.suppressedRoles());
        state.allocator().setOfferFilters(fw.id().value(), OfferFilterRules.minimums(fw.info()));
        state.allocator().reservationRefinement(fw.id().value(), refinement(fw));
        state.allocator().activateFramework(fw.id().value());
        state.observers().frameworkUpdated(fw);
      };
    }

    Runnable updated(Change.FrameworkUpdated c) {
      FrameworkEntry fw = state.frameworkBook().get(c.id());
      if (fw == null) {
        return skipped(c);
      }
      fw.info(c.info());
      fw.suppressedRoles(c.suppressedRoles());
      return () -> {
        Set<String> roles = new LinkedHashSet<>(fw.info().effectiveRoles());
        state.allocator().updateFramework(fw.id().value(), roles, fw.suppressedRoles());
        state.allocator().setOfferFilters(fw.id().value(), OfferFilterRules.minimums(fw.info()));
        state.allocator().reservationRefinement(fw.id().value(), refinement(fw));
        state.observers().frameworkUpdated(fw);
      };
    }

    Runnable disconnected(
        Change.FrameworkDisconnected c,
        java.util.function.BiFunction<Duration, Decider, Timers.Cancellable> timer) {
      FrameworkEntry fw = state.frameworkBook().get(c.id());
      if (fw == null) {
        return skipped(c);
      }
      fw.disconnect(state.now(), timer.apply(c.failoverTimeout(), c.onExpiry()));
      return () -> {
        state.allocator().deactivateFramework(fw.id().value());
        state.observers().frameworkUpdated(fw);
      };
    }

    Runnable removed(Change.FrameworkRemoved c) {
      FrameworkEntry fw = state.frameworkBook().get(c.id());
      if (fw == null) {
        return skipped(c);
      }
      state.frameworkBook().remove(fw, state.now());
      executors.frameworkRemoved(fw.id());
      // Its operations' statuses have nobody left to acknowledge them.
      fw.operations().values().forEach(OperationEntry::cancelRetry);
      fw.operations().clear();
      return () -> {
        state.allocator().removeFramework(fw.id().value());
        state.observers().frameworkRemoved(fw);
        LOG.infof("framework %s removed: %s", fw.id(), c.reason());
      };
    }

    Runnable suppressed(Change.RolesSuppressed c) {
      FrameworkEntry fw = state.frameworkBook().get(c.id());
      if (fw == null) {
        return skipped(c);
      }
      Set<String> roles = new LinkedHashSet<>(fw.suppressedRoles());
      roles.addAll(c.roles());
      fw.suppressedRoles(roles);
      return () -> state.allocator().suppressRoles(fw.id().value(), c.roles());
    }

    Runnable revived(Change.RolesRevived c) {
      FrameworkEntry fw = state.frameworkBook().get(c.id());
      if (fw == null) {
        return skipped(c);
      }
      Set<String> roles = new LinkedHashSet<>(fw.suppressedRoles());
      roles.removeAll(c.roles());
      fw.suppressedRoles(roles);
      return () -> state.allocator().reviveRoles(fw.id().value(), c.roles());
    }

    private static boolean refinement(FrameworkEntry fw) {
      return fw.info().hasCapability(FrameworkInfo.Capability.Type.RESERVATION_REFINEMENT);
    }

    private Runnable skipped(Change c) {
      LOG.warnf("change skipped, its framework is gone: %s", c);
      return () -> {};
    }
  }

  /** The registry could not be written (ZooKeeper unreachable, a disk error): nothing applied. */
  static final class RegistryUnavailable extends RuntimeException {
    RegistryUnavailable(RuntimeException cause) {
      super(cause.getMessage(), cause);
    }
  }
}
