package io.mezzo.agent;

import io.mezzo.agent.containerizer.process.ProcessContainerizer;
import io.mezzo.agent.resources.HostProbe;
import io.mezzo.agent.resources.ResourceDetector;
import io.mezzo.core.concurrent.SerialContext;
import io.mezzo.core.time.ManualTimers;
import io.mezzo.core.time.SystemTimers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Real agents on one work dir against a scripted master, for the agent's own tests: agent time
 * (registration backoff, heartbeats, update retries, executor timeouts) is manual; processes and
 * kill grace periods run in real time. {@link #close} destroys every container it started and stops
 * every agent, so no task outlives its test.
 */
final class AgentHarness implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(60);

  final ManualTimers timers = new ManualTimers();
  final SystemTimers killTimers = new SystemTimers("kill");
  final List<Agent> agents = new ArrayList<>();
  final List<ProcessContainerizer> containerizers = new ArrayList<>();
  private final Path work;

  AgentHarness(Path work) {
    this.work = work;
  }

  /** The tests' agent settings: this work dir, the given resources, a 200 ms kill grace period. */
  AgentConfig config(String resources, String attributes, String endpoint) {
    return AgentConfig.defaults()
        .withWorkDir(work)
        .withResources(resources, attributes)
        .withEndpoint(endpoint.replaceFirst("^https?://([^:/]+).*", "$1"), endpoint)
        .withKillGracePeriod(Duration.ofMillis(200));
  }

  /** A new agent (not started) with its own process containerizer. */
  Agent newAgent(AgentConfig config, MasterLink link, long seed) {
    return newAgent(config, link, seed, ExecutorSettings.defaults());
  }

  Agent newAgent(AgentConfig config, MasterLink link, long seed, ExecutorSettings executors) {
    ProcessContainerizer containerizer = new ProcessContainerizer(killTimers, List.of());
    containerizers.add(containerizer);
    Agent a =
        new Agent(
            config,
            link,
            List.of(containerizer),
            new ResourceDetector(HostProbe.system()),
            timers,
            new SplittableRandom(seed),
            new SerialContext("agent"),
            executors);
    agents.add(a);
    return a;
  }

  static <T> T get(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    for (ProcessContainerizer c : containerizers) {
      for (var id : get(c.containers())) {
        get(c.destroy(id));
      }
    }
    agents.forEach(Agent::stop);
    killTimers.close();
  }
}
