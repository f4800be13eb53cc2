package io.mezzo.sim;

import io.mezzo.agent.Agent;
import io.mezzo.agent.AgentConfig;
import io.mezzo.agent.resources.HostProbe;
import io.mezzo.agent.resources.ResourceDetector;
import io.mezzo.core.concurrent.SerialContext;
import io.mezzo.core.resources.Resources;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A simulated machine: a work dir and a {@link ScriptedContainerizer} that outlive the agent, and
 * the current agent incarnation (none while it is down). A crash drops the agent's context with
 * everything queued on it and breaks its connections; a restart builds a new {@link Agent} on the
 * same work dir, which recovers its checkpoint and re-registers.
 */
final class SimHost {
  static final String RESOURCES = "cpus:4;mem:4096;disk:10000;ports:[31000-31099]";

  final String node;
  final ScriptedContainerizer containerizer;
  private final SimCluster cluster;
  private final AgentConfig config;
  private Agent agent;
  private SerialContext context;
  private int incarnation;

  SimHost(SimCluster cluster, String node, Path workDir) {
    this.cluster = cluster;
    this.node = node;
    this.containerizer = new ScriptedContainerizer(cluster.timers());
    this.config =
        new AgentConfig(
            workDir,
            RESOURCES,
            "host:" + node,
            node,
            "http://" + node + ":5051",
            List.of("mesos"),
            Duration.ofMillis(500),
            Duration.ofSeconds(4),
            Duration.ofSeconds(1),
            Duration.ofSeconds(7),
            Duration.ofSeconds(1),
            Duration.ofSeconds(1),
            Duration.ofSeconds(8));
  }

  static Resources total() {
    return Resources.parse(RESOURCES);
  }

  boolean up() {
    return agent != null;
  }

  boolean registered() {
    return agent != null && agent.isRegistered();
  }

  /** Starts a new agent incarnation; recovery runs as the cluster is pumped. */
  void start(SplittableRandom random) {
    if (agent != null) {
      throw new IllegalStateException(node + " is already up");
    }
    incarnation++;
    context = SerialContext.pumped("agent-" + node + "#" + incarnation, cluster.queue());
    agent =
        new Agent(
            config,
            new SimAgentLink(cluster, this, context),
            List.of(containerizer),
            new ResourceDetector(HostProbe.system()),
            cluster.timers(),
            random,
            context);
    agent
        .start()
        .whenComplete(
            (ok, e) -> {
              if (e != null) {
                cluster.fail(node + " could not recover: " + e);
              }
            });
  }

  /** The agent process dies: queued work is lost, containers keep running. */
  void crash() {
    if (agent == null) {
      return;
    }
    context.close(Duration.ZERO);
    agent = null;
    cluster.network().crash(node);
  }
}
