package io.mezzo.framework.jobs;

import io.mezzo.api.v1.Filters;
import io.mezzo.api.v1.Offer;
import io.mezzo.api.v1.OfferId;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.api.v1.scheduler.Call;
import io.mezzo.framework.jobs.run.JobTaskFactory;
import io.mezzo.framework.jobs.run.OfferSpace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Turns offers into launches: each run waiting for an offer ({@link JobRun.Phase#QUEUED}; {@code
 * highPriority} jobs first, then oldest first) goes on the first offer whose agent meets the job's
 * constraints and whose resources in role {@code *} or the framework's role hold it. The run was
 * stored as CLAIMED when it was decided, with the task id it launches under; the agent it goes to
 * is stored before the ACCEPT, so a failover in between is caught by reconciliation on that agent.
 * Each attempt is launched once; unused offers are declined with the refuse filter.
 *
 * <p>Offers are suppressed while no run waits and revived when one starts waiting (which also
 * clears decline filters, so freed resources come back at once).
 */
final class JobLauncher {
  private static final Logger LOG = Logger.getLogger(JobLauncher.class);
  private final JobsCore core;
  private final SlotClaims claims;
  private boolean suppressed;
  private boolean grew;

  JobLauncher(JobsCore core, SlotClaims claims) {
    this.core = core;
    this.claims = claims;
  }

  /** A new subscription starts unsuppressed, with no filters. */
  void subscribed() {
    suppressed = false;
    grew = true;
  }

  /** A run started waiting for an offer. */
  void queueGrew() {
    grew = true;
    updateSuppression();
  }

  void offers(List<Offer> offers) {
    Filters refuse = new Filters(core.config.refuseSeconds());
    if (core.driver == null) {
      return;
    }
    if (!core.usable()) {
      core.driver.decline(offers.stream().map(Offer::id).toList(), refuse);
      return;
    }
    Set<String> roles = new LinkedHashSet<>(List.of("*", core.config.role()));
    List<OfferSpace> spaces = offers.stream().map(OfferSpace::new).toList();
    Map<OfferId, List<TaskInfo>> launches = new LinkedHashMap<>();
    Map<String, JobRun> launching = new LinkedHashMap<>();
    for (JobRun run : queued()) {
      JobRecord j = core.jobs.get(run.job);
      Optional<String> why = Optional.of("no offer");
      for (OfferSpace space : spaces) {
        why = space.misfit(j.definition, roles);
        if (why.isPresent()) {
          continue;
        }
        Offer o = space.offer();
        TaskInfo task =
            JobTaskFactory.build(
                j.definition,
                run.taskId(),
                o.agentId(),
                space.take(j.definition, roles),
                run.arguments,
                core.config.user());
        launches.computeIfAbsent(o.id(), k -> new ArrayList<>()).add(task);
        run.phase = JobRun.Phase.LAUNCHING;
        run.agentId = Optional.ofNullable(o.agentId()).map(a -> a.value());
        launching.put(run.taskId().value(), run);
        break;
      }
      if (run.phase != JobRun.Phase.LAUNCHING) {
        LOG.debugf("job %s run %s waits for an offer: %s", run.job, run.runId, why.orElse(""));
      }
    }
    // Where each launch goes is stored first: after a failover the next leader asks the master
    // about the task on that agent, and waits for the agent to come back rather than launch the
    // same task again elsewhere.
    new LinkedHashSet<>(launching.values().stream().map(r -> core.jobs.get(r.job)).toList())
        .forEach(core::saveJob);
    for (Map.Entry<OfferId, List<TaskInfo>> e : launches.entrySet()) {
      List<TaskInfo> tasks = e.getValue();
      for (TaskInfo t : tasks) {
        LOG.infof("launching %s on offer %s", t.taskId().value(), e.getKey().value());
      }
      core.driver
          .accept(List.of(e.getKey()), List.of(Call.Operation.launch(tasks)), refuse)
          .whenComplete(
              (ok, err) -> {
                if (err != null) {
                  core.owner.execute(() -> undo(tasks, launching, err));
                }
              });
    }
    List<OfferId> unused = new ArrayList<>();
    for (Offer o : offers) {
      if (!launches.containsKey(o.id())) {
        unused.add(o.id());
      }
    }
    if (!unused.isEmpty()) {
      core.driver.decline(unused, refuse);
    }
    updateSuppression();
  }

  /**
   * The master refused the launch: those tasks never existed; their runs wait for another offer.
   */
  private void undo(List<TaskInfo> tasks, Map<String, JobRun> launching, Throwable err) {
    if (!core.usable()) {
      return;
    }
    for (TaskInfo t : tasks) {
      JobRun run = launching.get(t.taskId().value());
      if (run != null && run.claimed() && run.phase == JobRun.Phase.LAUNCHING) {
        LOG.warnf("launch of %s refused by the master: %s", t.taskId().value(), err.getMessage());
        run.phase = JobRun.Phase.HELD;
        run.agentId = Optional.empty();
        JobRecord j = core.jobs.get(run.job);
        if (j != null) {
          claims.release(j);
        }
      }
    }
  }

  /** Every run waiting for an offer: high-priority jobs first, then by trigger time. */
  List<JobRun> queued() {
    List<JobRun> out = new ArrayList<>();
    for (JobRecord j : core.jobs.values()) {
      for (JobRun r : j.runs) {
        if (r.claimed() && r.phase == JobRun.Phase.QUEUED) {
          out.add(r);
        }
      }
    }
    out.sort(
        Comparator.comparing((JobRun r) -> core.jobs.get(r.job).definition.highPriority() ? 0 : 1)
            .thenComparingLong(r -> r.base));
    return out;
  }

  /** Suppresses offers when no run waits; revives when one started waiting. */
  void updateSuppression() {
    if (core.driver == null) {
      return;
    }
    boolean wants = !queued().isEmpty();
    if (wants && (suppressed || grew)) {
      suppressed = false;
      grew = false;
      core.driver.revive();
    } else if (!wants && !suppressed) {
      suppressed = true;
      grew = false;
      core.driver.suppress();
    }
  }
}
