package io.mezzo.master;

import io.mezzo.api.v1.Address;
import io.mezzo.api.v1.MasterInfo;
import io.mezzo.master.allocator.AllocatorConfig;
import io.mezzo.security.AuthenticationFlags;
import io.mezzo.security.acl.Authorizer;
import java.time.Duration;
import java.util.List;
import java.util.Map;

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
 * @param authorizer decides what each authenticated principal may do (Mesos's local authorizer over
 *     {@code --acls}); {@link Authorizer#permissive()} when no ACLs are configured
 * @param agentReregisterTimeout how long a new leader waits for the agents of its registry to
 *     re-register before it marks the missing ones unreachable (Mesos {@code
 *     agent_reregister_timeout}, 10 minutes by default)
 * @param weights the role weights to start with (Mesos's deprecated {@code --weights}): written to
 *     the registry by a master that finds none there, ignored (with a warning) once the registry
 *     holds weights, which UPDATE_WEIGHTS and {@code /weights} change
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
    AuthenticationFlags authentication,
    Authorizer authorizer,
    Duration agentReregisterTimeout,
    Map<String, Double> weights) {

  /** Mesos's default {@code agent_reregister_timeout}. */
  public static final Duration DEFAULT_AGENT_REREGISTER_TIMEOUT = Duration.ofMinutes(10);

  public MasterConfig {
    if (authentication == null || authorizer == null) {
      throw new IllegalArgumentException("a master needs its authentication flags and authorizer");
    }
    if (agentReregisterTimeout == null
        || agentReregisterTimeout.isNegative()
        || agentReregisterTimeout.isZero()) {
      throw new IllegalArgumentException(
          "agent-reregister-timeout must be positive, got " + agentReregisterTimeout);
    }
    weights = weights == null ? Map.of() : Map.copyOf(weights);
  }

  /** Without start-up weights. */
  public MasterConfig(
      String hostname,
      String ip,
      int port,
      Duration agentPingTimeout,
      int maxAgentPingTimeouts,
      Duration frameworkHeartbeatInterval,
      Duration offerTimeout,
      int maxCompletedFrameworks,
      AllocatorConfig allocator,
      AuthenticationFlags authentication,
      Authorizer authorizer,
      Duration agentReregisterTimeout) {
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
        authentication,
        authorizer,
        agentReregisterTimeout,
        Map.of());
  }

  /** With Mesos's default {@code agent_reregister_timeout}. */
  public MasterConfig(
      String hostname,
      String ip,
      int port,
      Duration agentPingTimeout,
      int maxAgentPingTimeouts,
      Duration frameworkHeartbeatInterval,
      Duration offerTimeout,
      int maxCompletedFrameworks,
      AllocatorConfig allocator,
      AuthenticationFlags authentication,
      Authorizer authorizer) {
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
        authentication,
        authorizer,
        DEFAULT_AGENT_REREGISTER_TIMEOUT);
  }

  public MasterConfig withAgentReregisterTimeout(Duration timeout) {
    return new MasterConfig(
        hostname,
        ip,
        port,
        agentPingTimeout,
        maxAgentPingTimeouts,
        frameworkHeartbeatInterval,
        offerTimeout,
        maxCompletedFrameworks,
        allocator,
        authentication,
        authorizer,
        timeout,
        weights);
  }

  /** With {@code startWeights} as the start-up weights (see {@link #weights}). */
  public MasterConfig withWeights(Map<String, Double> startWeights) {
    return new MasterConfig(
        hostname,
        ip,
        port,
        agentPingTimeout,
        maxAgentPingTimeouts,
        frameworkHeartbeatInterval,
        offerTimeout,
        maxCompletedFrameworks,
        allocator,
        authentication,
        authorizer,
        agentReregisterTimeout,
        startWeights);
  }

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
        AuthenticationFlags.OFF,
        Authorizer.permissive());
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
        authentication,
        authorizer,
        agentReregisterTimeout,
        weights);
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
        authentication,
        authorizer,
        agentReregisterTimeout,
        weights);
  }

  /** The same settings deciding calls with {@code newAuthorizer} (tests and the CDI layer). */
  public MasterConfig withSecurity(AuthenticationFlags flags, Authorizer newAuthorizer) {
    return new MasterConfig(
        hostname,
        ip,
        port,
        agentPingTimeout,
        maxAgentPingTimeouts,
        frameworkHeartbeatInterval,
        offerTimeout,
        maxCompletedFrameworks,
        allocator,
        flags,
        newAuthorizer,
        agentReregisterTimeout,
        weights);
  }

  /** The MasterInfo a master with this config and id announces (in SUBSCRIBED and in ZooKeeper). */
  public MasterInfo describe(String masterId) {
    return new MasterInfo(
        masterId,
        MasterInfo.packIp(ip()),
        port(),
        "master@" + ip() + ":" + port(),
        hostname(),
        MESOS_API_VERSION,
        new Address(hostname(), ip(), port()),
        List.of(new MasterInfo.Capability(MasterInfo.Capability.Type.AGENT_UPDATE)));
  }
}
