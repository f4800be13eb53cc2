package io.mezzo.agent.containerizer.docker;

import java.nio.file.Path;

/**
 * The Docker containerizer contract against podman 4.3's Docker-compatible service, which reports
 * {@code OOMKilled=false} after an OOM kill: the memory test passes only through the cgroup check.
 */
class PodmanContainerizerTest extends EngineContainerizerContract {
  @Override
  EngineDaemon startEngine(Path dir) throws Exception {
    return EngineDaemon.podman(dir);
  }
}
