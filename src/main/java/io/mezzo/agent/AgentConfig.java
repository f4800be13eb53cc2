package io.mezzo.agent;

import io.mezzo.agent.fetcher.FetcherConfig;
import io.mezzo.agent.gc.GcPolicy;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The agent's settings, as plain values (the CDI layer maps {@code mezzo.agent.*} onto it).
 * Defaults are Mesos's where Mesos has one.
 *
 * @param workDir root of sandboxes and checkpoints ({@code --work_dir})
 * @param resources {@code --resources}-style overrides, e.g. {@code cpus:4;mem:8192}; "" detects
 *     all
 * @param attributes {@code --attributes}-style, e.g. {@code rack:a;dc:east}; "" for none
 * @param hostname the hostname reported in {@code AgentInfo}
 * @param endpoint the agent's own advertised HTTP base URL ({@code http://host:5051}); its port is
 *     the {@code AgentInfo.port}
 * @param containerizers names of the containerizers to use, in order (Mesos {@code
 *     --containerizers})
 * @param registrationBackoffFactor first registration attempt after random [0, this]; 1 s
 * @param registrationBackoffMax cap of the doubling registration backoff; 1 min
 * @param heartbeatInterval heartbeat period used when REGISTERED names none; 15 s
 * @param masterSilenceTimeout re-subscribe when the stream has been silent this long; 75 s (Mesos:
 *     agent_ping_timeout 15 s × max_agent_ping_timeouts 5)
 * @param killGracePeriod SIGTERM → SIGKILL delay when neither the kill nor the task has a policy; 3
 *     s
 * @param statusUpdateRetryMin first resend of an unacknowledged status update; 10 s
 * @param statusUpdateRetryMax cap of the doubling resend delay; 10 min
 * @param switchUser run tasks as their {@code CommandInfo.user} / {@code FrameworkInfo.user}
 *     ({@code --switch_user}); true
 * @param gc when completed sandboxes are removed ({@code --gc_delay}, {@code
 *     --disk_watch_interval}, {@code --gc_disk_headroom})
 * @param fetcher the fetcher's cache and timeout ({@code mezzo.agent.fetcher.*})
 */
public record AgentConfig(
    Path workDir,
    String resources,
    String attributes,
    String hostname,
    String endpoint,
    List<String> containerizers,
    Duration registrationBackoffFactor,
    Duration registrationBackoffMax,
    Duration heartbeatInterval,
    Duration masterSilenceTimeout,
    Duration killGracePeriod,
    Duration statusUpdateRetryMin,
    Duration statusUpdateRetryMax,
    boolean switchUser,
    GcPolicy gc,
    FetcherConfig fetcher) {

  /** Mesos's defaults for the user switch, sandbox GC and the fetcher. */
  public AgentConfig(
      Path workDir,
      String resources,
      String attributes,
      String hostname,
      String endpoint,
      List<String> containerizers,
      Duration registrationBackoffFactor,
      Duration registrationBackoffMax,
      Duration heartbeatInterval,
      Duration masterSilenceTimeout,
      Duration killGracePeriod,
      Duration statusUpdateRetryMin,
      Duration statusUpdateRetryMax) {
    this(
        workDir,
        resources,
        attributes,
        hostname,
        endpoint,
        containerizers,
        registrationBackoffFactor,
        registrationBackoffMax,
        heartbeatInterval,
        masterSilenceTimeout,
        killGracePeriod,
        statusUpdateRetryMin,
        statusUpdateRetryMax,
        true,
        GcPolicy.defaults(),
        FetcherConfig.defaults());
  }

  public AgentConfig {
    gc = gc == null ? GcPolicy.defaults() : gc;
    fetcher = fetcher == null ? FetcherConfig.defaults() : fetcher;
    resources = resources == null ? "" : resources;
    attributes = attributes == null ? "" : attributes;
    containerizers = List.copyOf(containerizers);
    requirePositive("heartbeatInterval", heartbeatInterval);
    requirePositive("masterSilenceTimeout", masterSilenceTimeout);
    requirePositive("statusUpdateRetryMin", statusUpdateRetryMin);
    if (registrationBackoffMax.compareTo(registrationBackoffFactor) < 0) {
      throw new IllegalArgumentException(
          "registrationBackoffMax "
              + registrationBackoffMax
              + " is below registrationBackoffFactor "
              + registrationBackoffFactor);
    }
    if (statusUpdateRetryMax.compareTo(statusUpdateRetryMin) < 0) {
      throw new IllegalArgumentException(
          "statusUpdateRetryMax "
              + statusUpdateRetryMax
              + " is below statusUpdateRetryMin "
              + statusUpdateRetryMin);
    }
    if (killGracePeriod.isNegative()) {
      throw new IllegalArgumentException("killGracePeriod " + killGracePeriod + " is negative");
    }
  }

  /** Mesos's defaults, work dir {@code ./mezzo-data/agent}, this host's name, port 5051. */
  public static AgentConfig defaults() {
    String host = localHostname();
    return new AgentConfig(
        Path.of("mezzo-data", "agent"),
        "",
        "",
        host,
        "http://" + host + ":5051",
        List.of("mesos"),
        Duration.ofSeconds(1),
        Duration.ofMinutes(1),
        Duration.ofSeconds(15),
        Duration.ofSeconds(75),
        Duration.ofSeconds(3),
        Duration.ofSeconds(10),
        Duration.ofMinutes(10));
  }

  /** The port of {@link #endpoint}, 5051 when it names none. */
  public int port() {
    int port = URI.create(endpoint).getPort();
    return port > 0 ? port : 5051;
  }

  public AgentConfig withWorkDir(Path dir) {
    return new AgentConfig(
        dir,
        resources,
        attributes,
        hostname,
        endpoint,
        containerizers,
        registrationBackoffFactor,
        registrationBackoffMax,
        heartbeatInterval,
        masterSilenceTimeout,
        killGracePeriod,
        statusUpdateRetryMin,
        statusUpdateRetryMax,
        switchUser,
        gc,
        fetcher);
  }

  public AgentConfig withResources(String flag, String attributeFlag) {
    return new AgentConfig(
        workDir,
        flag,
        attributeFlag,
        hostname,
        endpoint,
        containerizers,
        registrationBackoffFactor,
        registrationBackoffMax,
        heartbeatInterval,
        masterSilenceTimeout,
        killGracePeriod,
        statusUpdateRetryMin,
        statusUpdateRetryMax,
        switchUser,
        gc,
        fetcher);
  }

  public AgentConfig withEndpoint(String host, String url) {
    return new AgentConfig(
        workDir,
        resources,
        attributes,
        host,
        url,
        containerizers,
        registrationBackoffFactor,
        registrationBackoffMax,
        heartbeatInterval,
        masterSilenceTimeout,
        killGracePeriod,
        statusUpdateRetryMin,
        statusUpdateRetryMax,
        switchUser,
        gc,
        fetcher);
  }

  public AgentConfig withKillGracePeriod(Duration grace) {
    return new AgentConfig(
        workDir,
        resources,
        attributes,
        hostname,
        endpoint,
        containerizers,
        registrationBackoffFactor,
        registrationBackoffMax,
        heartbeatInterval,
        masterSilenceTimeout,
        grace,
        statusUpdateRetryMin,
        statusUpdateRetryMax,
        switchUser,
        gc,
        fetcher);
  }

  public AgentConfig withSwitchUser(boolean on) {
    return new AgentConfig(
        workDir,
        resources,
        attributes,
        hostname,
        endpoint,
        containerizers,
        registrationBackoffFactor,
        registrationBackoffMax,
        heartbeatInterval,
        masterSilenceTimeout,
        killGracePeriod,
        statusUpdateRetryMin,
        statusUpdateRetryMax,
        on,
        gc,
        fetcher);
  }

  public AgentConfig withGc(GcPolicy policy) {
    return new AgentConfig(
        workDir,
        resources,
        attributes,
        hostname,
        endpoint,
        containerizers,
        registrationBackoffFactor,
        registrationBackoffMax,
        heartbeatInterval,
        masterSilenceTimeout,
        killGracePeriod,
        statusUpdateRetryMin,
        statusUpdateRetryMax,
        switchUser,
        policy,
        fetcher);
  }

  public AgentConfig withFetcher(FetcherConfig f) {
    return new AgentConfig(
        workDir,
        resources,
        attributes,
        hostname,
        endpoint,
        containerizers,
        registrationBackoffFactor,
        registrationBackoffMax,
        heartbeatInterval,
        masterSilenceTimeout,
        killGracePeriod,
        statusUpdateRetryMin,
        statusUpdateRetryMax,
        switchUser,
        gc,
        f);
  }

  private static void requirePositive(String name, Duration d) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
  }

  private static String localHostname() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
