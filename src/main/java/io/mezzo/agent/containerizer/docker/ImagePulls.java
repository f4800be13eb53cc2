package io.mezzo.agent.containerizer.docker;

import io.mezzo.agent.containerizer.ContainerConfig;
import io.mezzo.api.v1.ContainerInfo;
import java.io.IOException;
import org.jboss.logging.Logger;

/**
 * {@code DockerInfo.force_pull_image}: as in Mesos, a task that sets it gets its image pulled
 * before every launch, even when the engine has it, so a moving tag is fresh. A failed pull fails
 * the launch naming the image (the task ends TASK_FAILED); it never falls back to the local copy.
 */
final class ImagePulls {
  private static final Logger LOG = Logger.getLogger(DockerContainerizer.class);

  private ImagePulls() {}

  static boolean forced(ContainerConfig config) {
    ContainerInfo info = config.task().container();
    return info != null
        && info.docker() != null
        && Boolean.TRUE.equals(info.docker().forcePullImage());
  }

  /**
   * On an I/O thread: pulls {@code image}. An agent that does not pull images refuses rather than
   * run a copy the task asked not to trust.
   *
   * @throws IllegalStateException when this agent does not pull images
   * @throws IOException the engine's complaint, which names the image
   */
  static void forcePull(
      DockerEngine engine, String image, String container, DockerContainerizer.Options options)
      throws IOException {
    if (!options.pullMissingImages()) {
      throw new IllegalStateException(
          "force_pull_image is set but this agent does not pull images"
              + " (mezzo.agent.docker-pull-missing-images=false); image "
              + image);
    }
    LOG.infof("Pulling image %s for container %s (force_pull_image)", image, container);
    engine.pull(image);
  }
}
