package io.mezzo.agent.containerizer.docker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mezzo.agent.containerizer.ContainerConfig;
import io.mezzo.agent.containerizer.ContainerTable;
import io.mezzo.agent.containerizer.Containerizer.LaunchResult;
import io.mezzo.agent.containerizer.Termination;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.jboss.logging.Logger;

/**
 * The launch phase of a Docker container: the run spec is built from the task (a bad one fails
 * before the engine is asked), the parent cgroups and sandbox files are made, the engine creates
 * the container (pulling the image first if the task forces it, else a missing image if allowed)
 * and starts it. A destroy during the launch removes what was created; any failure leaves nothing
 * behind and {@code wait} reports why.
 */
final class DockerLaunch {
  private static final Logger LOG = Logger.getLogger(DockerContainerizer.class);

  private final ContainerTable<DockerContainer> table;
  private final EngineWorkers workers;
  private final DockerCgroups cgroups;
  private final DockerReaper reaper;
  private final DockerContainerizer.Options options;
  private final Executor ctx;

  DockerLaunch(
      ContainerTable<DockerContainer> table,
      EngineWorkers workers,
      DockerCgroups cgroups,
      DockerReaper reaper,
      DockerContainerizer.Options options,
      Executor ctx) {
    this.table = table;
    this.workers = workers;
    this.cgroups = cgroups;
    this.reaper = reaper;
    this.options = options;
    this.ctx = ctx;
  }

  /** On the context: starts the launch of a config already known to be new and ours. */
  CompletionStage<LaunchResult> begin(ContainerConfig config) {
    DockerContainer c =
        table.launching(
            new DockerContainer(config, DockerContainerizer.containerName(config.containerId())));
    ObjectNode spec;
    try {
      spec =
          DockerRunSpec.of(
              config,
              options.owner(),
              cgroups.parentPath(c.id()).orElse(null),
              options.enableCfs());
    } catch (IllegalArgumentException e) {
      launchFailed(c, e.getMessage());
      return CompletableFuture.failedFuture(e);
    }
    return CompletableFuture.supplyAsync(() -> createAndStart(c, spec), workers.io())
        .handleAsync(
            (pid, error) -> {
              if (error != null) {
                String why = EngineWorkers.describe(error);
                launchFailed(c, why);
                throw new CompletionException(
                    new IllegalStateException(why, EngineWorkers.unwrap(error)));
              }
              c.started(pid);
              LOG.infof(
                  "Launched Docker container %s for task %s (image %s, pid %s)",
                  c.name, config.task().taskId(), config.task().container().docker().image(), pid);
              reaper.follow(c, "0");
              reaper.watchExit(c);
              if (c.destroyRequested()) {
                reaper.destroy(c, Duration.ZERO);
              }
              return LaunchResult.SUCCESS;
            },
            ctx);
  }

  /** On an I/O thread: the engine calls of a launch; returns the container's pid. */
  private Long createAndStart(DockerContainer c, ObjectNode spec) {
    DockerEngine engine = workers.engine;
    try {
      cgroups.prepare(c.id());
      Files.createDirectories(c.config().sandbox());
      touch(c.config().run().stdout());
      touch(c.config().run().stderr());
      if (ImagePulls.forced(c.config())) {
        ImagePulls.forcePull(engine, spec.path("Image").asText(), c.name, options);
      }
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
      if (c.destroyRequested()) {
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
    cgroups
        .release(c.id())
        .whenCompleteAsync(
            (ok, e) ->
                reaper.finish(
                    c,
                    new Termination(
                        null, c.destroyRequested(), null, "Failed to launch container: " + why)),
            ctx);
  }
}
