package io.mezzo.agent.containerizer.docker;

import java.nio.file.Path;

/** The Docker containerizer contract against Debian's dockerd (docker.io 20.10). */
class DockerdContainerizerTest extends EngineContainerizerContract {
  @Override
  EngineDaemon startEngine(Path dir) throws Exception {
    return EngineDaemon.docker(dir);
  }
}
