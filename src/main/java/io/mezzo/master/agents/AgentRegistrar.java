package io.mezzo.master.agents;

import io.mezzo.api.agent.AgentCall;
import io.mezzo.api.agent.AgentEvent;
import io.mezzo.api.agent.IpAddresses;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.AgentInfo;
import io.mezzo.api.v1.ExecutorInfo;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.KillPolicy;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.ResourceMapping;
import io.mezzo.core.resources.Reservations;
import io.mezzo.core.resources.Resources;
import io.mezzo.master.CallResult;
import io.mezzo.master.MasterMetrics.Counter;
import io.mezzo.master.change.Change;
import io.mezzo.master.change.MasterView;
import io.mezzo.master.change.Outcome;
import io.mezzo.master.maintenance.MaintenanceHandler;
import io.mezzo.master.registry.AgentControl;
import io.mezzo.master.registry.AgentEntry;
import io.mezzo.master.registry.Registry;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Agent registration and re-registration (MESOS-API.md §6.2). A new agent gets {@code
 * <masterId>-S<n>} once its admission is durable. A returning agent keeps its id and reports its
 * tasks; the master merges them with what it knew ({@link ReportedTasks}). An agent marked gone is
 * refused. A decider: returns an {@link Outcome}.
 *
 * <p>A re-registration is one outcome, applied in this order: its offers are rescinded, the entry
 * reconnects ({@link Change.AgentReregistered}), frameworks and tasks of the report are merged, the
 * agent re-joins the allocator ({@link Change.AgentRejoined}); then REGISTERED goes out, and only
 * after it the commands the agent would ignore before it: kills of a draining agent's tasks,
 * shutdowns of removed frameworks.
 */
public final class AgentRegistrar {
  private static final Logger LOG = Logger.getLogger(AgentRegistrar.class);
  private final Supplier<String> secrets;

  /**
   * @param secrets fresh link secrets ({@link AgentSecrets#from})
   */
  public AgentRegistrar(Supplier<String> secrets) {
    this.secrets = secrets;
  }

  /**
   * @param trusted true for the node's own in-process agent, which needs no link secret to
   *     re-register; a call that came over the network is never trusted
   */
  public Outcome subscribe(MasterView view, AgentCall call, AgentChannel channel, boolean trusted) {
    AgentCall.Register reg = call.register(); // AgentCallValidator checked its structure
    AgentInfo info = reg.agentInfo();
    Resources total;
    try {
      total = ResourceMapping.toCore(info.resources());
    } catch (IllegalArgumentException e) {
      return Outcome.reply(CallResult.badRequest("Agent resources are invalid: " + e.getMessage()));
    }
    if (reg.endpoint() != null) {
      try {
        URI.create(reg.endpoint());
      } catch (IllegalArgumentException e) {
        return Outcome.reply(
            CallResult.badRequest("'register.endpoint' is not a URL: " + reg.endpoint()));
      }
    }
    String host = IpAddresses.hostOf(reg.endpoint());
    String ip = reg.ip() != null ? reg.ip() : IpAddresses.isLiteral(host) ? host : null;
    Optional<String> down =
        MaintenanceHandler.registrationRefusal(view.registry().maintenance(), info.hostname(), ip);
    if (down.isPresent()) {
      LOG.warnf("agent %s at %s refused: %s", info.id(), info.hostname(), down.get());
      return Outcome.reply(CallResult.forbidden(down.get()));
    }
    if (info.id() == null) {
      return register(view, info, total, reg, channel);
    }
    return reregister(view, info, total, reg, channel, call.secret(), trusted);
  }

  private Outcome register(
      MasterView view,
      AgentInfo info,
      Resources total,
      AgentCall.Register reg,
      AgentChannel channel) {
    Registry r = view.registry();
    AgentId id = new AgentId(view.masterInfo().id() + "-S" + r.nextAgentSeq());
    AgentInfo withId = info.withId(id);
    String secret = secrets.get();
    LOG.infof("agent %s at %s registered with %s", id, info.hostname(), total);
    if (reg.checkpointedResources() != null && !reg.checkpointedResources().isEmpty()) {
      // Reservations belong to an agent id; one that registers anew has none.
      LOG.warnf(
          "agent %s at %s registered anew: the reservations it checkpointed are dropped: %s",
          id, info.hostname(), reg.checkpointedResources());
    }
    return Outcome.builder()
        .persist(
            r.withNextAgentSeq(r.nextAgentSeq() + 1)
                .withAgent(
                    new Registry.AdmittedAgent(
                        withId,
                        reg.endpoint(),
                        Registry.AgentState.ADMITTED,
                        null,
                        AgentSecrets.hash(secret),
                        List.of())))
        .change(
            new Change.AgentAdded(withId, total, reg.endpoint(), reg.ip(), reg.version(), channel))
        .count(Counter.SLAVE_REGISTRATIONS)
        .toAgent(id, registered(view, id, secret))
        .allocate()
        .reply(CallResult.OK);
  }

  private Outcome reregister(
      MasterView view,
      AgentInfo info,
      Resources total,
      AgentCall.Register reg,
      AgentChannel channel,
      String presented,
      boolean trusted) {
    AgentId id = info.id();
    Registry registry = view.registry();
    Optional<Registry.AdmittedAgent> admitted = registry.agent(id);
    if (admitted.isPresent() && admitted.get().state() == Registry.AgentState.GONE) {
      return Outcome.reply(
          CallResult.forbidden(
              "Agent "
                  + id.value()
                  + " was marked gone and may not re-register; restart it with a clean work"
                  + " directory"));
    }
    String expected = admitted.map(Registry.AdmittedAgent::secretHash).orElse(null);
    if (!trusted) {
      Optional<String> refusal = AgentSecrets.refusal(id.value(), expected, presented);
      if (refusal.isPresent()) {
        LOG.warnf("agent %s at %s refused: %s", id, info.hostname(), refusal.get());
        return Outcome.reply(CallResult.forbidden(refusal.get()));
      }
    }
    // The holder keeps its secret; an entry without one (or a trusted caller that lost it) gets a
    // fresh one.
    String secret =
        presented != null && expected != null && AgentSecrets.hash(presented).equals(expected)
            ? presented
            : secrets.get();
    String secretHash = AgentSecrets.hash(secret);
    // The master's view of the agent's dynamic reservations wins (Mesos sends it to the agent on
    // re-registration); an entry that never recorded one takes what the agent checkpointed.
    List<Resource> recorded =
        admitted.map(Registry.AdmittedAgent::checkpointedResources).orElse(null);
    List<Resource> checkpoint =
        recorded != null
            ? recorded
            : reg.checkpointedResources() == null ? List.of() : reg.checkpointedResources();
    boolean agentDiffers;
    try {
      Resources reserved = ResourceMapping.toCore(checkpoint);
      total = Reservations.applyCheckpointed(total, reserved);
      agentDiffers =
          !reserved.equals(
              reg.checkpointedResources() == null
                  ? Resources.empty()
                  : ResourceMapping.toCore(reg.checkpointedResources()));
    } catch (IllegalArgumentException e) {
      return Outcome.reply(
          CallResult.badRequest(
              "Agent " + id.value() + " cannot hold its dynamic reservations: " + e.getMessage()));
    }
    Outcome.Builder out = Outcome.builder();
    if (admitted.isEmpty()
        || admitted.get().state() != Registry.AgentState.ADMITTED
        || !info.equals(admitted.get().info())
        || !Objects.equals(reg.endpoint(), admitted.get().endpoint())
        || !secretHash.equals(expected)
        || recorded == null) {
      out.persist(
          registry.withAgent(
              new Registry.AdmittedAgent(
                  info,
                  reg.endpoint(),
                  Registry.AgentState.ADMITTED,
                  null,
                  secretHash,
                  List.copyOf(checkpoint))));
    }
    AgentEntry known = view.agent(id).orElse(null);
    if (known != null) {
      // Made for what it had: it comes back with what it reports.
      known.offers().forEach(o -> view.offer(o).ifPresent(out::rescind));
    }
    AgentControl control = registry.agentControl(id);
    out.change(
        new Change.AgentReregistered(
            info, total, reg.endpoint(), reg.ip(), reg.version(), channel, control.stopsOffers()));
    ReportedTasks.Merged merged = ReportedTasks.merge(view, out, id, known, reg);
    reportedExecutors(view, out, id, reg);
    out.change(new Change.AgentRejoined(id));
    out.count(Counter.SLAVE_REREGISTRATIONS);
    out.toAgent(id, registered(view, id, secret));
    if (agentDiffers) {
      // Mesos sends its view on every re-registration; one the agent already holds changes nothing.
      out.toAgent(id, AgentEvent.checkpointResources(checkpoint));
    }
    merged.commands().forEach(e -> out.toAgent(id, e));
    if (control.draining()) {
      for (AgentCall.RunningTask rt : merged.live()) {
        KillPolicy policy = control.drainKillPolicy(rt.task());
        out.toAgent(id, AgentEvent.killTask(rt.frameworkId(), rt.task().taskId(), policy));
      }
    }
    LOG.infof(
        "agent %s at %s re-registered with %d task(s)", id, info.hostname(), reg.tasks().size());
    return out.allocate().reply(CallResult.OK);
  }

  /**
   * The executors the agent reports rebuild its executor book (the applier drops what the master
   * knew when the agent re-registers), so their resources count as used when it rejoins the
   * allocator, after a broken stream or a master failover alike. Executors of removed frameworks
   * are not booked (the merge told the agent to shut those frameworks down), nor command tasks'
   * executors.
   */
  private static void reportedExecutors(
      MasterView view, Outcome.Builder out, AgentId id, AgentCall.Register reg) {
    for (ExecutorInfo executor : reg.executors()) {
      FrameworkId fw = executor.frameworkId();
      boolean removed =
          view.framework(fw).isEmpty()
              && view.completedFrameworks().stream().anyMatch(f -> f.id().equals(fw));
      // A command task's built-in executor (its id is the task's) is the agent's alone, as in
      // Mesos: an agent that reports it does not make it a booked executor.
      boolean commandExecutor =
          reg.tasks().stream()
              .anyMatch(
                  t ->
                      t.frameworkId().equals(fw)
                          && t.task().executor() == null
                          && t.task().taskId().value().equals(executor.executorId().value()));
      if (removed || commandExecutor) {
        continue;
      }
      // AgentCallValidator checked the resources parse.
      out.change(
          new Change.ExecutorAdded(fw, id, executor, ResourceMapping.toCore(executor.resources())));
    }
  }

  private static AgentEvent registered(MasterView view, AgentId id, String secret) {
    // Three heartbeats per ping period, so one lost request never counts as a missed ping.
    double heartbeatSeconds = view.config().agentPingTimeout().toMillis() / 3000.0;
    return AgentEvent.registered(id, view.masterInfo().id(), heartbeatSeconds, secret);
  }
}
