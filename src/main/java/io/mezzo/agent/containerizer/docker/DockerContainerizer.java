package io.mezzo.agent.containerizer.docker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mezzo.agent.cgroups.Cgroup;
import io.mezzo.agent.cgroups.ContainerCgroups;
import io.mezzo.agent.cgroups.CpuControl;
import io.mezzo.agent.cgroups.MemoryControl;
import io.mezzo.agent.containerizer.ContainerConfig;
import io.mezzo.agent.containerizer.ContainerLimitation;
import io.mezzo.agent.containerizer.ContainerUsage;
import io.mezzo.agent.containerizer.Containerizer;
import io.mezzo.agent.containerizer.Termination;
import io.mezzo.agent.isolator.ContainerResources;
import io.mezzo.agent.isolator.cgroups.CgroupsMemoryIsolator;
import io.mezzo.api.v1.ContainerId;
import io.mezzo.api.v1.ContainerInfo;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.core.concurrent.SerialContext;
import io.mezzo.core.time.Timers;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The {@code docker} containerizer: runs tasks with {@code ContainerInfo.type = DOCKER} as
 * containers of a Docker Engine (or podman's compatible service), named {@code mezzo-<container
 * id>} and labelled with this agent's owner mark, so a restarted agent finds its containers.
 *
 * <p>Each container's output is copied from the engine into the sandbox {@code stdout}/{@code
 * stderr}; a kill is the engine's stop (SIGTERM, SIGKILL after the grace period). With cgroups,
 * each container goes under its own parent cgroup {@code <cgroups root>/docker/<container id>},
 * from which the agent reads statistics and tells an OOM kill apart from any other SIGKILL: podman
 * reports {@code OOMKilled=false} even after one, so exit status 137 plus the parent's memory peak
 * at the limit (or its OOM counter) count as an OOM kill too. A finished container is removed.
 *
 * <p>Threading: all state is owned by one {@link SerialContext}; engine calls block, so they run on
 * a pool of I/O threads and hop back.
 */
public final class DockerContainerizer implements Containerizer {
  public static final String NAME = "docker";
  private static final Logger LOG = Logger.getLogger(DockerContainerizer.class);
  private static final String PREFIX = "mezzo-";
  private static final int TERMINATED_KEPT = 1024;

  /** How long an exited container's log stream may take to deliver its last lines. */
  private static final Duration LOG_DRAIN = Duration.ofSeconds(3);

  /**
   * A peak this close to the limit means the container ran into it (the kernel charges in batches).
   */
  private static final long PEAK_SLACK_BYTES = 1L << 20;

  /**
   * @param owner marks this agent's containers (its work dir): only they are recovered or reaped
   * @param cgroups where per-container parent cgroups go; null to leave cgroups to the engine
   *     (statistics then come from the task's allocation only, and OOM from the engine's flag)
   * @param enableCfs cap cpu hard at the allocation, as {@code cgroups/cpu} does
   * @param pullMissingImages pull an image the engine does not have (Mesos always does)
   */
  public record Options(
      String owner, ContainerCgroups cgroups, boolean enableCfs, boolean pullMissingImages) {}

  private final DockerEngine engine;
  private final Timers timers;
  private final Options options;
  private final SerialContext context = new SerialContext("docker-containerizer");
  private final java.util.concurrent.Executor ctx = context::execute;
  private final ExecutorService io =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "docker-io");
            t.setDaemon(true);
            return t;
          });
  private final Map<ContainerId, DockerContainer> containers = new HashMap<>();
  private final Map<ContainerId, Termination> terminated =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ContainerId, Termination> eldest) {
          return size() > TERMINATED_KEPT;
        }
      };
  private volatile boolean closed;

  public DockerContainerizer(DockerEngine engine, Timers timers, Options options) {
    this.engine = engine;
    this.timers = timers;
    this.options = options;
  }

  /** The engine's name of the container: {@code mezzo-<container id>}. */
  public static String containerName(ContainerId id) {
    return PREFIX + id.value();
  }

  @Override
  public String name() {
    return NAME;
  }

  private static boolean isDocker(ContainerConfig config) {
    ContainerInfo info = config.task().container();
    return info != null && info.type() == ContainerInfo.Type.DOCKER;
  }

  // ---- launch --------------------------------------------------------------------------------

  @Override
  public CompletionStage<LaunchResult> launch(ContainerConfig config) {
    return context.call(() -> begin(config)).thenCompose(Function.identity());
  }

  private CompletionStage<LaunchResult> begin(ContainerConfig config) {
    ContainerId id = config.containerId();
    if (!isDocker(config)) {
      return CompletableFuture.completedFuture(LaunchResult.NOT_SUPPORTED);
    }
    if (containers.containsKey(id) || terminated.containsKey(id)) {
      return CompletableFuture.completedFuture(LaunchResult.ALREADY_LAUNCHED);
    }
    DockerContainer c =
        new DockerContainer(config, containerName(id), DockerContainer.State.LAUNCHING);
    containers.put(id, c);
    ObjectNode spec;
    try {
      spec =
          DockerRunSpec.of(
              config, options.owner(), cgroupParent(id).orElse(null), options.enableCfs());
    } catch (IllegalArgumentException e) {
      launchFailed(c, e.getMessage());
      return CompletableFuture.failedFuture(e);
    }
    return CompletableFuture.supplyAsync(() -> createAndStart(c, spec), io)
        .handleAsync(
            (pid, error) -> {
              if (error != null) {
                String why = describe(error);
                launchFailed(c, why);
                throw new CompletionException(new IllegalStateException(why, unwrap(error)));
              }
              c.started(pid);
              LOG.infof(
                  "Launched Docker container %s for task %s (image %s, pid %s)",
                  c.name, config.task().taskId(), config.task().container().docker().image(), pid);
              follow(c, "0");
              watchExit(c);
              if (c.destroyRequested) {
                destroyNow(c, Duration.ZERO);
              }
              return LaunchResult.SUCCESS;
            },
            ctx);
  }

  /** On an I/O thread: the engine calls of a launch; returns the container's pid. */
  private Long createAndStart(DockerContainer c, ObjectNode spec) {
    try {
      prepareCgroups(c.config.containerId());
      Files.createDirectories(c.config.sandbox());
      touch(c.config.run().stdout());
      touch(c.config.run().stderr());
      try {
        engine.create(c.name, spec);
      } catch (DockerEngine.EngineException e) {
        if (e.status() != 404 || !options.pullMissingImages()) {
          throw e;
        }
        String image = spec.path("Image").asText();
        LOG.infof("Pulling image %s for container %s", image, c.name);
        engine.pull(image);
        engine.create(c.name, spec);
      }
      if (c.destroyRequested) {
        engine.remove(c.name);
        throw new IllegalStateException("the container was destroyed during launch");
      }
      try {
        engine.start(c.name);
      } catch (IOException e) {
        engine.remove(c.name);
        throw e;
      }
      return engine.inspect(c.name).map(DockerEngine.ContainerState::pid).orElse(null);
    } catch (IOException e) {
      throw new CompletionException(new IllegalStateException(e.getMessage(), e));
    }
  }

  private static void touch(Path file) throws IOException {
    if (!Files.exists(file)) {
      Files.createFile(file);
    }
  }

  private void launchFailed(DockerContainer c, String why) {
    LOG.warnf("Launch of Docker container %s failed: %s", c.name, why);
    releaseCgroups(c.config.containerId())
        .whenCompleteAsync(
            (ok, e) ->
                finish(
                    c,
                    new Termination(
                        null, c.destroyRequested, null, "Failed to launch container: " + why)),
            ctx);
  }

  // ---- running -------------------------------------------------------------------------------

  /** Copies the container's output into the sandbox until the container stops. */
  private void follow(DockerContainer c, String sinceEpochSeconds) {
    submit(
        () -> {
          try (OutputStream out = new FileOutputStream(c.config.run().stdout().toFile(), true);
              OutputStream err = new FileOutputStream(c.config.run().stderr().toFile(), true)) {
            engine.followLogs(c.name, sinceEpochSeconds, out, err);
          } catch (IOException e) {
            if (!closed) {
              LOG.debugf("Log stream of %s ended: %s", c.name, e.getMessage());
            }
          } finally {
            c.logsCopied.complete(null);
          }
        });
  }

  /** Waits for the container's end on an I/O thread, then reports it. */
  private void watchExit(DockerContainer c) {
    submit(
        () -> {
          Integer exit = null;
          while (!closed) {
            try {
              exit = engine.awaitExit(c.name);
              break;
            } catch (IOException e) {
              if (closed) {
                return;
              }
              // The engine restarted or dropped the connection: look, and wait again if it still
              // runs.
              try {
                Optional<DockerEngine.ContainerState> st = engine.inspect(c.name);
                if (st.isEmpty() || !st.get().running()) {
                  exit = st.map(DockerEngine.ContainerState::exitCode).orElse(null);
                  break;
                }
              } catch (IOException unreachable) {
                LOG.warnf(
                    "Cannot reach the Docker engine about %s: %s",
                    c.name, unreachable.getMessage());
              }
              sleep(Duration.ofSeconds(1));
            }
          }
          if (!closed) {
            exited(c, exit);
          }
        });
  }

  /** On an I/O thread: gathers how the container ended, removes it, then reports on the context. */
  private void exited(DockerContainer c, Integer exitCode) {
    ContainerId id = c.config.containerId();
    boolean oomKilled = false;
    Integer exit = exitCode;
    try {
      Optional<DockerEngine.ContainerState> st = engine.inspect(c.name);
      if (st.isPresent()) {
        oomKilled = st.get().oomKilled();
        exit = exit != null ? exit : st.get().exitCode();
      }
    } catch (IOException e) {
      LOG.warnf("Cannot inspect the ended container %s: %s", c.name, e.getMessage());
    }
    MemoryControl.Stats memory = memoryStats(id).orElse(null);
    try {
      c.logsCopied.get(LOG_DRAIN.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception slow) {
      LOG.debugf("Log stream of %s still open after it exited", c.name);
    }
    try {
      engine.remove(c.name);
    } catch (IOException e) {
      LOG.warnf("Cannot remove the ended container %s: %s", c.name, e.getMessage());
    }
    boolean oom = oomKilled || (exit != null && exit == 137 && ranIntoMemoryLimit(c, memory));
    Integer status = exit;
    releaseCgroups(id)
        .whenCompleteAsync(
            (ok, e) -> {
              ContainerLimitation limitation =
                  oom && !c.destroyRequested
                      ? CgroupsMemoryIsolator.limitation(
                          c.config.resources(),
                          limitBytes(c),
                          memory == null ? null : memory.peakBytes())
                      : null;
              String message =
                  limitation != null
                      ? limitation.message()
                      : status == null
                          ? "Container ended; its exit status is unknown"
                          : "Container exited with status " + status;
              finish(c, new Termination(status, c.destroyRequested, limitation, message));
            },
            ctx);
  }

  /** The cgroup's word on a SIGKILL: the OOM killer acted, or usage peaked at the limit. */
  private static boolean ranIntoMemoryLimit(DockerContainer c, MemoryControl.Stats memory) {
    if (memory == null) {
      return false;
    }
    if (memory.oomKills() > 0) {
      return true;
    }
    Long limit = limitBytes(c);
    return limit != null
        && memory.peakBytes() != null
        && memory.peakBytes() >= limit - PEAK_SLACK_BYTES;
  }

  private static Long limitBytes(DockerContainer c) {
    return ContainerResources.scalar(c.config.resources(), "mem")
        .map(ContainerResources::megabytes)
        .orElse(null);
  }

  private void finish(DockerContainer c, Termination t) {
    if (c.isTerminated()) {
      return;
    }
    ContainerId id = c.config.containerId();
    containers.remove(id);
    terminated.put(id, t);
    c.terminated(t);
    LOG.infof("Docker container %s terminated: %s", c.name, t.message());
  }

  // ---- cgroups -------------------------------------------------------------------------------

  /** The parent cgroup path the engine is given: {@code /<root>/docker/<container id>}. */
  private Optional<String> cgroupParent(ContainerId id) {
    return Optional.ofNullable(options.cgroups())
        .map(g -> "/" + g.root() + "/" + ContainerCgroups.DOCKER + "/" + id.value());
  }

  private Optional<Cgroup> parent(String controller, ContainerId id) {
    ContainerCgroups g = options.cgroups();
    if (g == null || g.fs().mountOf(controller).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(g.fs().cgroup(controller, cgroupParent(id).orElseThrow().substring(1)));
  }

  /** Makes the parents the agent reads (the engine makes the rest, in every hierarchy). */
  private void prepareCgroups(ContainerId id) {
    parent("memory", id).ifPresent(Cgroup::create);
    parent("cpuacct", id).ifPresent(Cgroup::create);
  }

  private CompletionStage<Void> releaseCgroups(ContainerId id) {
    ContainerCgroups g = options.cgroups();
    if (g == null) {
      return CompletableFuture.completedFuture(null);
    }
    List<Cgroup> everywhere = g.fs().everywhere(cgroupParent(id).orElseThrow().substring(1));
    return g.release(NAME, everywhere)
        .exceptionally(
            e -> {
              LOG.warnf("Cannot remove the cgroups of Docker container %s: %s", id, describe(e));
              return null;
            });
  }

  private Optional<MemoryControl.Stats> memoryStats(ContainerId id) {
    try {
      return parent("memory", id).filter(Cgroup::exists).map(MemoryControl::stats);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  // ---- destroy -------------------------------------------------------------------------------

  @Override
  public CompletionStage<Optional<Termination>> destroy(ContainerId id, Duration gracePeriod) {
    return context
        .call(
            () -> {
              DockerContainer c = containers.get(id);
              if (c == null) {
                return CompletableFuture.completedFuture(Optional.ofNullable(terminated.get(id)));
              }
              destroyNow(c, gracePeriod);
              return c.termination;
            })
        .thenCompose(Function.identity());
  }

  private void destroyNow(DockerContainer c, Duration grace) {
    c.destroyRequested = true;
    switch (c.state()) {
      case LAUNCHING -> {
        // The launch checks the flag between its engine calls.
      }
      case RUNNING -> {
        c.destroying();
        LOG.infof("Stopping Docker container %s (SIGKILL after %s)", c.name, grace);
        submit(
            () ->
                engineCall(
                    "stop " + c.name,
                    () -> {
                      if (grace.isZero() || grace.isNegative()) {
                        engine.kill(c.name);
                      } else {
                        engine.stop(c.name, grace);
                      }
                    }));
      }
      case DESTROYING -> {
        if (grace.isZero() || grace.isNegative()) {
          submit(() -> engineCall("kill " + c.name, () -> engine.kill(c.name)));
        }
      }
      case TERMINATED -> {
        // Nothing left to do.
      }
    }
  }

  // ---- recovery ------------------------------------------------------------------------------

  @Override
  public CompletionStage<Set<ContainerId>> recover(List<ContainerConfig> all) {
    List<ContainerConfig> mine = all.stream().filter(DockerContainerizer::isDocker).toList();
    return CompletableFuture.supplyAsync(
            () -> {
              try {
                Map<String, DockerEngine.ContainerState> found = new HashMap<>();
                for (DockerEngine.ContainerState st :
                    engine.list(Map.of(DockerRunSpec.LABEL_OWNER, options.owner()))) {
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
            io)
        .thenApplyAsync(
            found -> {
              Set<ContainerId> known = new HashSet<>();
              for (ContainerConfig config : mine) {
                known.add(config.containerId());
                recoverOne(
                    config,
                    found == null
                        ? null
                        : Optional.ofNullable(found.remove(containerName(config.containerId()))));
              }
              if (found != null) {
                for (DockerEngine.ContainerState orphan : found.values()) {
                  LOG.warnf(
                      "Removing Docker container %s: it carries this agent's mark but no task of it",
                      orphan.name());
                  String cid = orphan.labels().get(DockerRunSpec.LABEL_CONTAINER_ID);
                  submit(
                      () -> {
                        engineCall("remove " + orphan.name(), () -> engine.remove(orphan.name()));
                        if (cid != null) {
                          releaseCgroups(ContainerId.of(cid));
                        }
                      });
                }
              }
              return known;
            },
            ctx);
  }

  /**
   * @param state empty: no such container; null: the engine could not be asked
   */
  private void recoverOne(ContainerConfig config, Optional<DockerEngine.ContainerState> state) {
    DockerContainer c =
        new DockerContainer(
            config, containerName(config.containerId()), DockerContainer.State.LAUNCHING);
    containers.put(config.containerId(), c);
    if (state == null || state.isEmpty()) {
      String why =
          state == null
              ? "the Docker engine could not be reached"
              : "the engine has no such container";
      LOG.infof("Recovered Docker container %s as ended: %s", c.name, why);
      c.logsCopied.complete(null);
      finish(
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
      follow(c, lastWritten(config));
      watchExit(c);
    } else {
      LOG.infof("Recovered Docker container %s: it exited while the agent was down", c.name);
      c.logsCopied.complete(null);
      submit(() -> exited(c, state.get().exitCode()));
    }
  }

  /**
   * Where a recovered container's output resumes: when the previous agent last wrote to the sandbox
   * files (their creation, if it wrote nothing), as {@code seconds.nanoseconds}.
   */
  private static String lastWritten(ContainerConfig config) {
    java.time.Instant last = java.time.Instant.EPOCH;
    for (Path f : List.of(config.run().stdout(), config.run().stderr())) {
      try {
        java.time.Instant t = Files.getLastModifiedTime(f).toInstant();
        last = t.isAfter(last) ? t : last;
      } catch (IOException missing) {
        // Never written.
      }
    }
    // File times come from the kernel's coarse clock (a few ms behind the engine's precise log
    // timestamps), so a line already copied could look newer than the file; skip that window. A
    // line the engine logged within it after the last copy is lost rather than doubled.
    if (!last.equals(java.time.Instant.EPOCH)) {
      last = last.plusMillis(COARSE_CLOCK_MILLIS);
    }
    return String.format("%d.%09d", last.getEpochSecond(), last.getNano());
  }

  private static final long COARSE_CLOCK_MILLIS = 20;

  // ---- queries -------------------------------------------------------------------------------

  @Override
  public CompletionStage<Optional<Termination>> wait(ContainerId id) {
    return context
        .call(
            () -> {
              DockerContainer c = containers.get(id);
              return c != null
                  ? c.termination
                  : CompletableFuture.completedFuture(Optional.ofNullable(terminated.get(id)));
            })
        .thenCompose(Function.identity());
  }

  @Override
  public CompletionStage<ContainerUsage> usage(ContainerId id) {
    return context.call(
        () -> {
          double now = timers.clock().millis() / 1000.0;
          DockerContainer c = containers.get(id);
          if (c == null) {
            return ContainerUsage.at(now);
          }
          ContainerUsage.Builder b =
              ContainerUsage.builder(now)
                  .cpusLimit(ContainerResources.scalar(c.config.resources(), "cpus").orElse(null));
          Long limit = limitBytes(c);
          Optional<MemoryControl.Stats> mem = memoryStats(id);
          b.memory(
              limit,
              mem.map(MemoryControl.Stats::totalBytes).orElse(null),
              mem.map(MemoryControl.Stats::rssBytes).orElse(null),
              mem.map(MemoryControl.Stats::cacheBytes).orElse(null));
          parent("cpuacct", id)
              .filter(Cgroup::exists)
              .ifPresent(
                  acct -> {
                    CpuControl.Stats s = CpuControl.stats(acct, acct);
                    b.cpuTimes(s.userSecs(), s.systemSecs());
                  });
          parent("pids", id)
              .filter(Cgroup::exists)
              .ifPresent(p -> b.processes(p.processes().size()));
          return b.build();
        });
  }

  @Override
  public CompletionStage<TaskStatus.ContainerStatus> status(ContainerId id) {
    return context.call(
        () -> {
          DockerContainer c = containers.get(id);
          Integer pid = c == null || c.pid == null ? null : c.pid.intValue();
          return new TaskStatus.ContainerStatus(id, null, pid);
        });
  }

  @Override
  public CompletionStage<Set<ContainerId>> containers() {
    return context.call(() -> Set.copyOf(containers.keySet()));
  }

  /** The engine this containerizer talks to, e.g. {@code unix:///var/run/docker.sock}. */
  public String endpoint() {
    return engine.endpoint();
  }

  @Override
  public void close() {
    closed = true;
    engine.close();
    io.shutdownNow();
    context.close(Duration.ofSeconds(5));
  }

  // ---- helpers -------------------------------------------------------------------------------

  private interface EngineCall {
    void run() throws IOException;
  }

  private void engineCall(String what, EngineCall call) {
    try {
      call.run();
    } catch (IOException e) {
      LOG.warnf("Docker engine call '%s' failed: %s", what, e.getMessage());
    }
  }

  private void submit(Runnable work) {
    try {
      io.execute(work);
    } catch (RejectedExecutionException closedPool) {
      LOG.debugf("Docker containerizer closed; dropping work");
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Throwable unwrap(Throwable e) {
    while ((e instanceof CompletionException
            || e instanceof IllegalStateException && e.getCause() instanceof IOException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  private static String describe(Throwable e) {
    Throwable t = unwrap(e);
    return t.getMessage() != null ? t.getMessage() : t.toString();
  }
}
