package io.mezzo.agent;

import io.mezzo.agent.fetcher.FetcherConfig;
import io.mezzo.agent.gc.GcPolicy;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

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
 * @param maxConcurrentLaunches how many command tasks may be launching at once (checkpoint,
 *     sandbox, fetch, fork, until the container runs); the others wait in TASK_STAGING, in order;
 *     at least 1; default {@link #defaultMaxConcurrentLaunches()}
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
    FetcherConfig fetcher,
    int maxConcurrentLaunches) {

  /** The default number of concurrent launches for this machine's cores. */
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
      Duration statusUpdateRetryMax,
      boolean switchUser,
      GcPolicy gc,
      FetcherConfig fetcher) {
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
        switchUser,
        gc,
        fetcher,
        defaultMaxConcurrentLaunches());
  }

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
    if (maxConcurrentLaunches < 1) {
      throw new IllegalArgumentException(
          "maxConcurrentLaunches must be at least 1, got " + maxConcurrentLaunches);
    }
  }

  /**
   * Twice the cores, at least 2 and at most 64: a launch alternates between the CPU (fork, exec)
   * and waiting (fsync of its checkpoints, the wrapper's handshake), so two per core keep the cores
   * busy while the rest of a burst waits cheaply in the queue.
   */
  public static int defaultMaxConcurrentLaunches() {
    return Math.max(2, Math.min(64, 2 * Runtime.getRuntime().availableProcessors()));
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
    return with(c -> c.workDir = dir);
  }

  public AgentConfig withResources(String flag, String attributeFlag) {
    return with(
        c -> {
          c.resources = flag;
          c.attributes = attributeFlag;
        });
  }

  public AgentConfig withEndpoint(String host, String url) {
    return with(
        c -> {
          c.hostname = host;
          c.endpoint = url;
        });
  }

  public AgentConfig withKillGracePeriod(Duration grace) {
    return with(c -> c.killGracePeriod = grace);
  }

  public AgentConfig withSwitchUser(boolean on) {
    return with(c -> c.switchUser = on);
  }

  public AgentConfig withGc(GcPolicy policy) {
    return with(c -> c.gc = policy);
  }

  public AgentConfig withFetcher(FetcherConfig f) {
    return with(c -> c.fetcher = f);
  }

  public AgentConfig withMaxConcurrentLaunches(int max) {
    return with(c -> c.maxConcurrentLaunches = max);
  }

  /** This config with some settings changed (and checked again by the canonical constructor). */
  private AgentConfig with(Consumer<Copy> change) {
    Copy c = new Copy(this);
    change.accept(c);
    return c.build();
  }

  /** The settings as mutable fields, only for {@link #with}. */
  private static final class Copy {
    Path workDir;
    String resources;
    String attributes;
    String hostname;
    String endpoint;
    final List<String> containerizers;
    final Duration registrationBackoffFactor;
    final Duration registrationBackoffMax;
    final Duration heartbeatInterval;
    final Duration masterSilenceTimeout;
    Duration killGracePeriod;
    final Duration statusUpdateRetryMin;
    final Duration statusUpdateRetryMax;
    boolean switchUser;
    GcPolicy gc;
    FetcherConfig fetcher;
    int maxConcurrentLaunches;

    Copy(AgentConfig a) {
      workDir = a.workDir;
      resources = a.resources;
      attributes = a.attributes;
      hostname = a.hostname;
      endpoint = a.endpoint;
      containerizers = a.containerizers;
      registrationBackoffFactor = a.registrationBackoffFactor;
      registrationBackoffMax = a.registrationBackoffMax;
      heartbeatInterval = a.heartbeatInterval;
      masterSilenceTimeout = a.masterSilenceTimeout;
      killGracePeriod = a.killGracePeriod;
      statusUpdateRetryMin = a.statusUpdateRetryMin;
      statusUpdateRetryMax = a.statusUpdateRetryMax;
      switchUser = a.switchUser;
      gc = a.gc;
      fetcher = a.fetcher;
      maxConcurrentLaunches = a.maxConcurrentLaunches;
    }

    AgentConfig build() {
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
          fetcher,
          maxConcurrentLaunches);
    }
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
