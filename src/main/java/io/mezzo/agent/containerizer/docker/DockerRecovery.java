package io.mezzo.agent.containerizer.docker;

import io.mezzo.agent.containerizer.ContainerConfig;
import io.mezzo.agent.containerizer.ContainerTable;
import io.mezzo.agent.containerizer.Termination;
import io.mezzo.api.v1.ContainerId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.jboss.logging.Logger;

/**
 * The recovery phase: after an agent restart, lists the engine's containers with this agent's owner
 * mark, re-attaches to the checkpointed ones still running (resuming their output where the
 * previous run stopped copying), reports those that exited or vanished, and removes marked
 * containers no checkpoint names (orphans).
 */
final class DockerRecovery {
  private static final Logger LOG = Logger.getLogger(DockerContainerizer.class);

  /** How far the kernel's coarse file clock may lag the engine's log timestamps. */
  private static final long COARSE_CLOCK_MILLIS = 20;

  private final ContainerTable<DockerContainer> table;
  private final EngineWorkers workers;
  private final DockerCgroups cgroups;
  private final DockerReaper reaper;
  private final String owner;
  private final Executor ctx;

  DockerRecovery(
      ContainerTable<DockerContainer> table,
      EngineWorkers workers,
      DockerCgroups cgroups,
      DockerReaper reaper,
      String owner,
      Executor ctx) {
    this.table = table;
    this.workers = workers;
    this.cgroups = cgroups;
    this.reaper = reaper;
    this.owner = owner;
    this.ctx = ctx;
  }

  CompletionStage<Set<ContainerId>> recover(List<ContainerConfig> mine) {
    DockerEngine engine = workers.engine;
    return CompletableFuture.supplyAsync(
            () -> {
              try {
                Map<String, DockerEngine.ContainerState> found = new HashMap<>();
                for (DockerEngine.ContainerState st :
                    engine.list(Map.of(DockerRunSpec.LABEL_OWNER, owner))) {
                  found.put(st.name(), st);
                }
                return found;
              } catch (IOException e) {
                if (!mine.isEmpty()) {
                  LOG.warnf(
                      "Cannot list Docker containers at %s to recover %d task(s): %s",
                      engine.endpoint(), mine.size(), e.getMessage());
                }
                return null;
              }
            },
            workers.io())
        .thenApplyAsync(
            found -> {
              Set<ContainerId> known = new HashSet<>();
              for (ContainerConfig config : mine) {
                known.add(config.containerId());
                String name = DockerContainerizer.containerName(config.containerId());
                recoverOne(config, found == null ? null : Optional.ofNullable(found.remove(name)));
              }
              if (found != null) {
                found.values().forEach(this::removeOrphan);
              }
              return known;
            },
            ctx);
  }

  private void removeOrphan(DockerEngine.ContainerState orphan) {
    LOG.warnf(
        "Removing Docker container %s: it carries this agent's mark but no task of it",
        orphan.name());
    String cid = orphan.labels().get(DockerRunSpec.LABEL_CONTAINER_ID);
    workers.submit(
        () -> {
          workers.call("remove " + orphan.name(), () -> workers.engine.remove(orphan.name()));
          if (cid != null) {
            cgroups.release(ContainerId.of(cid));
          }
        });
  }

  /**
   * @param state empty: no such container; null: the engine could not be asked
   */
  private void recoverOne(ContainerConfig config, Optional<DockerEngine.ContainerState> state) {
    DockerContainer c =
        table.launching(
            new DockerContainer(config, DockerContainerizer.containerName(config.containerId())));
    if (state == null || state.isEmpty()) {
      String why =
          state == null
              ? "the Docker engine could not be reached"
              : "the engine has no such container";
      LOG.infof("Recovered Docker container %s as ended: %s", c.name, why);
      c.logsCopied.complete(null);
      reaper.finish(
          c,
          new Termination(
              null,
              false,
              null,
              "Container ended while the agent was down ("
                  + why
                  + "); its exit status is unknown"));
      return;
    }
    c.started(state.get().pid());
    if (state.get().running()) {
      LOG.infof("Recovered Docker container %s: still running", c.name);
      reaper.follow(c, lastWritten(config));
      reaper.watchExit(c);
    } else {
      LOG.infof("Recovered Docker container %s: it exited while the agent was down", c.name);
      c.logsCopied.complete(null);
      workers.submit(() -> reaper.exited(c, state.get().exitCode()));
    }
  }

  /**
   * Where a recovered container's output resumes: when the previous agent last wrote to the sandbox
   * files (their creation, if it wrote nothing), as {@code seconds.nanoseconds}.
   */
  private static String lastWritten(ContainerConfig config) {
    Instant last = Instant.EPOCH;
    for (Path f : List.of(config.run().stdout(), config.run().stderr())) {
      try {
        Instant t = Files.getLastModifiedTime(f).toInstant();
        last = t.isAfter(last) ? t : last;
      } catch (IOException missing) {
        // Never written.
      }
    }
    // File times come from the kernel's coarse clock (a few ms behind the engine's precise log
    // timestamps), so a line already copied could look newer than the file; skip that window. A
    // line the engine logged within it after the last copy is lost rather than doubled.
    if (!last.equals(Instant.EPOCH)) {
      last = last.plusMillis(COARSE_CLOCK_MILLIS);
    }
    return String.format("%d.%09d", last.getEpochSecond(), last.getNano());
  }
}
