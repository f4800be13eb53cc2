package io.mezzo.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Master settings ({@code mezzo.master.*}), with Mesos's defaults. */
@ConfigMapping(prefix = "mezzo.master")
public interface MasterSettings {
  /** How often agent liveness is checked (Mesos {@code --agent_ping_timeout}). Default 15 s. */
  @WithDefault("15S")
  Duration agentPingTimeout();

  /**
   * How long a new leader waits for the agents it recovered to re-register before marking the
   * missing ones unreachable (Mesos {@code agent_reregister_timeout}).
   */
  @WithDefault("10M")
  Duration agentReregisterTimeout();

  /**
   * Silent ping periods in a row before an agent is unreachable (Mesos {@code
   * --max_agent_ping_timeouts}). Default 5.
   */
  @WithDefault("5")
  int maxAgentPingTimeouts();

  /** Interval of HEARTBEAT events on scheduler streams. Default 15 s. */
  @WithDefault("15S")
  Duration heartbeatInterval();

  /** Rescind offers held longer than this (Mesos {@code --offer_timeout}). Default: never. */
  Optional<Duration> offerTimeout();

  /**
   * Removed frameworks remembered, so a re-subscription gets "Framework has been removed". Default
   * 50.
   */
  @WithDefault("50")
  int maxCompletedFrameworks();

  /**
   * How long the master waits for an agent when it proxies a sandbox request ({@code /files/*},
   * LIST_FILES, READ_FILE) to it before answering 504; connecting gets at most 3 s of it. Default
   * 10 s.
   */
  @WithDefault("10S")
  Duration sandboxProxyTimeout();

  /**
   * Role weights to start with, Mesos's {@code --weights} form {@code role1=2,role2=3.5}: written
   * to the registry by a master that finds no weights there; once the registry holds weights
   * (UPDATE_WEIGHTS, {@code /weights}), they win and this is ignored with a warning. Unset: none.
   */
  Optional<String> weights();
}
