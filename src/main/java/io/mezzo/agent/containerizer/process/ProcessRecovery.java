package io.mezzo.agent.containerizer.process;

import io.mezzo.agent.containerizer.ContainerConfig;
import io.mezzo.agent.containerizer.ContainerTable;
import io.mezzo.api.v1.ContainerId;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import org.jboss.logging.Logger;

/**
 * The recovery phase: after an agent restart, each checkpointed container is re-attached if its
 * wrapper (checkpointed pid, still a Mezzo wrapper) is alive and left no exit status, and is
 * otherwise reaped at once with the status the wrapper wrote, if any.
 */
final class ProcessRecovery {
  private static final Logger LOG = Logger.getLogger(ProcessContainerizer.class);

  private final ContainerTable<ProcessContainer> table;
  private final ProcessReaper reaper;
  private final Executor ctx;

  ProcessRecovery(ContainerTable<ProcessContainer> table, ProcessReaper reaper, Executor ctx) {
    this.table = table;
    this.reaper = reaper;
    this.ctx = ctx;
  }

  /** On the context, once the isolators recovered: re-attaches to or reaps every container. */
  Set<ContainerId> recoverAll(List<ContainerConfig> checkpointed) {
    Set<ContainerId> known = new HashSet<>();
    for (ContainerConfig config : checkpointed) {
      recoverOne(config);
      known.add(config.containerId());
    }
    return known;
  }

  private void recoverOne(ContainerConfig config) {
    ContainerId id = config.containerId();
    ProcessContainer c = table.recovered(new ProcessContainer(config));
    Optional<Long> pid = ProcessReaper.readLong(config.run().forkedPidFile());
    Optional<Long> exit = ProcessReaper.readLong(config.run().exitStatusFile());
    Optional<ProcessHandle> live =
        pid.flatMap(ProcessHandle::of).filter(ProcessRecovery::isWrapper);
    if (exit.isEmpty() && live.isPresent()) {
      c.pid = pid.get();
      c.attached = true;
      LOG.infof("Recovered container %s: pid %d is still running", id, c.pid);
      live.get().onExit().whenCompleteAsync((p, e) -> reaper.reaped(c), ctx);
      reaper.watch(c);
    } else {
      pid.ifPresent(p -> c.pid = p);
      LOG.infof(
          "Recovered container %s: it ended while the agent was down (exit status %s)",
          id, exit.map(String::valueOf).orElse("unknown"));
      reaper.reaped(c);
    }
  }

  private static boolean isWrapper(ProcessHandle h) {
    // Guards against pid reuse while the agent was down; when the command line is unreadable we
    // trust the pid, as Mesos does.
    return h.isAlive()
        && h.info().commandLine().map(cl -> cl.contains(ProcessLauncher.WRAPPER_NAME)).orElse(true);
  }
}
