package io.mezzo.master;

import io.mezzo.master.allocator.AllocatorConfig;
import io.mezzo.security.AuthenticationFlags;
import java.time.Duration;

/**
 * Plain master settings (the CDI layer maps {@code mezzo.master.*} onto it).
 *
 * @param hostname advertised in MasterInfo and used in redirects
 * @param ip advertised IPv4 address
 * @param port the HTTP port
 * @param agentPingTimeout how often agent liveness is checked (Mesos {@code agent_ping_timeout})
 * @param maxAgentPingTimeouts consecutive silent periods before an agent is unreachable
 * @param frameworkHeartbeatInterval HEARTBEAT events on scheduler streams
 * @param offerTimeout rescind offers held longer than this; null = never (Mesos default)
 * @param maxCompletedFrameworks how many removed frameworks are remembered
 * @param allocator allocation interval, minimum allocatable resources, sorter
 * @param authentication which HTTP realms need credentials (reported as Mesos's {@code
 *     authenticate_*} flags; the HTTP gate enforces them)
 */
public record MasterConfig(
    String hostname,
    String ip,
    int port,
    Duration agentPingTimeout,
    int maxAgentPingTimeouts,
    Duration frameworkHeartbeatInterval,
    Duration offerTimeout,
    int maxCompletedFrameworks,
    AllocatorConfig allocator,
    AuthenticationFlags authentication) {

  /** The Mesos version whose API Mezzo speaks; clients read it from MasterInfo. */
  public static final String MESOS_API_VERSION = "1.11.0";

  /** Without authentication, as every master was before {@code mezzo.security.*}. */
  public MasterConfig(
      String hostname,
      String ip,
      int port,
      Duration agentPingTimeout,
      int maxAgentPingTimeouts,
      Duration frameworkHeartbeatInterval,
      Duration offerTimeout,
      int maxCompletedFrameworks,
      AllocatorConfig allocator) {
    this(
        hostname,
        ip,
        port,
        agentPingTimeout,
        maxAgentPingTimeouts,
        frameworkHeartbeatInterval,
        offerTimeout,
        maxCompletedFrameworks,
        allocator,
        AuthenticationFlags.OFF);
  }

  public static MasterConfig defaults() {
    return new MasterConfig(
        "localhost",
        "127.0.0.1",
        5050,
        Duration.ofSeconds(15),
        5,
        Duration.ofSeconds(15),
        null,
        50,
        AllocatorConfig.defaults());
  }

  public MasterConfig withAgentPing(Duration timeout, int max) {
    return new MasterConfig(
        hostname,
        ip,
        port,
        timeout,
        max,
        frameworkHeartbeatInterval,
        offerTimeout,
        maxCompletedFrameworks,
        allocator,
        authentication);
  }

  public MasterConfig withAllocator(AllocatorConfig newAllocator) {
    return new MasterConfig(
        hostname,
        ip,
        port,
        agentPingTimeout,
        maxAgentPingTimeouts,
        frameworkHeartbeatInterval,
        offerTimeout,
        maxCompletedFrameworks,
        newAllocator,
        authentication);
  }
}
