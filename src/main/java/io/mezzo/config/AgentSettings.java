package io.mezzo.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Agent settings ({@code mezzo.agent.*}), with Mesos's defaults where Mesos has one. */
@ConfigMapping(prefix = "mezzo.agent")
public interface AgentSettings {
  /**
   * Resources to advertise, overriding detection per name, in Mesos syntax: {@code
   * cpus:4;mem:8192;ports:[31000-32000]}. Default: detected.
   */
  Optional<String> resources();

  /** Attributes in Mesos syntax: {@code rack:a;dc:east}. Default: none. */
  Optional<String> attributes();

  /**
   * The URL other nodes use to reach this agent (sandbox reads). Default: {@code
   * http://<hostname>:<http port>}.
   */
  Optional<String> advertiseUrl();

  /** Containerizers in order of preference, Mesos names. Default {@code mesos}. */
  @WithDefault("mesos")
  List<String> containerizers();

  /** First registration retry waits a random time up to this, doubling each time. Default 1 s. */
  @WithDefault("1S")
  Duration registrationBackoffFactor();

  /** Cap of the registration backoff. Default 1 min. */
  @WithDefault("1M")
  Duration registrationBackoffMax();

  /**
   * Bound on opening a connection to a master (and to ZooKeeper, with {@code mezzo.master=zk://…});
   * past it the agent tries the next master. Default 2 s.
   */
  @WithDefault("2S")
  Duration masterConnectTimeout();

  /**
   * Bound on a master's answer to a call (a subscription's response headers, a heartbeat, a status
   * update); past it the agent leaves that master and tries the others and the leader ZooKeeper
   * names. Default 5 s.
   */
  @WithDefault("5S")
  Duration masterCallTimeout();

  /** Re-register when the master has been silent this long. Default 75 s (15 s × 5, as Mesos). */
  @WithDefault("75S")
  Duration masterSilenceTimeout();

  /**
   * How many command tasks the agent launches at once (checkpoint, sandbox, fetch, fork, until the
   * container runs); the rest of a burst waits in TASK_STAGING, in arrival order, and a kill takes
   * a waiting task out at once. At least 1. Default: twice the cores, between 2 and 64.
   */
  OptionalInt maxConcurrentLaunches();

  /** Time between SIGTERM and SIGKILL when a task's kill policy sets none. Default 3 s. */
  @WithDefault("3S")
  Duration killGracePeriod();

  /**
   * A custom executor must subscribe this long after its container started, or it is destroyed and
   * its tasks fail ({@code --executor_registration_timeout}). Default 1 min.
   */
  @WithDefault("1M")
  Duration executorRegistrationTimeout();

  /**
   * After an agent restart, a live executor must re-subscribe this soon ({@code
   * --executor_reregistration_timeout}). Default 2 s.
   */
  @WithDefault("2S")
  Duration executorReregistrationTimeout();

  /**
   * From SHUTDOWN to the destruction of an executor's container, unless its ExecutorInfo names a
   * period ({@code --executor_shutdown_grace_period}). Default 5 s.
   */
  @WithDefault("5S")
  Duration executorShutdownGracePeriod();

  /** First resend of an unacknowledged status update. Default 10 s. */
  @WithDefault("10S")
  Duration statusUpdateRetryMin();

  /** Cap of the status update resend backoff. Default 10 min. */
  @WithDefault("10M")
  Duration statusUpdateRetryMax();

  /**
   * Isolators of the {@code mesos} containerizer, in order, Mesos names: {@code posix/cpu}, {@code
   * posix/mem}, {@code cgroups/cpu}, {@code cgroups/mem}, {@code cgroups/pids}, {@code disk/du},
   * {@code network/ports}, {@code filesystem/linux}, {@code filesystem/posix}. Default {@code
   * posix/cpu,posix/mem} (accounting only); a filesystem isolator leads the chain when none is
   * named, as in Mesos.
   */
  @WithDefault("posix/cpu,posix/mem")
  List<String> isolation();

  /**
   * The cgroup under which each container gets its own, in every hierarchy. Default {@code mezzo}.
   */
  @WithDefault("mezzo")
  String cgroupsRoot();

  /** Cap cpu hard at the allocation (CFS quota) besides the shares. Default false, as Mesos. */
  @WithDefault("false")
  boolean cgroupsEnableCfs();

  /** Processes and threads one container may have under {@code cgroups/pids}. Default 4096. */
  @WithDefault("4096")
  long cgroupsPidsMax();

  /**
   * Kill a container whose sandbox outgrows its {@code disk} ({@code disk/du}). Default false, as
   * Mesos.
   */
  @WithDefault("false")
  boolean enforceContainerDiskQuota();

  /** How often {@code disk/du} measures each sandbox. Default 15 s, as Mesos. */
  @WithDefault("15S")
  Duration containerDiskWatchInterval();

  /** How often {@code network/ports} checks the ports tasks listen on. Default 30 s, as Mesos. */
  @WithDefault("30S")
  Duration containerPortsWatchInterval();

  /**
   * The Docker Engine API socket (Docker, or podman's compatible service). Default {@code
   * /var/run/docker.sock}.
   */
  @WithDefault("/var/run/docker.sock")
  String dockerSocket();

  /** Pull an image the engine does not have. Default true. */
  @WithDefault("true")
  boolean dockerPullMissingImages();

  /**
   * Put each Docker container under {@code <cgroups-root>/docker/<container id>} (needs the
   * engine's cgroupfs driver), so the agent reads its statistics and detects OOM kills the engine
   * misreports. Default true.
   */
  @WithDefault("true")
  boolean dockerCgroups();

  /**
   * Run each task as its {@code CommandInfo.user}, else its {@code FrameworkInfo.user} (Mesos's
   * {@code --switch_user}); false runs every task as the agent's own user. Default true.
   */
  @WithDefault("true")
  boolean switchUser();

  /**
   * Longest time a completed executor's sandbox is kept (Mesos {@code --gc_delay}). Default 1 week.
   */
  @WithDefault("7D")
  Duration gcDelay();

  /**
   * How often the work dir's disk usage is checked and due sandboxes removed (Mesos {@code
   * --disk_watch_interval}). Default 1 min.
   */
  @WithDefault("1M")
  Duration diskWatchInterval();

  /**
   * Fraction of the disk kept free by removing sandboxes sooner: they are kept {@code gc-delay ×
   * max(0, 1 - headroom - disk usage)} (Mesos {@code --gc_disk_headroom}). Default 0.1.
   */
  @WithDefault("0.1")
  double gcDiskHeadroom();

  /** The fetcher of {@code CommandInfo.uris} ({@code mezzo.agent.fetcher.*}). */
  Fetcher fetcher();

  /** Fetcher settings, Mesos's {@code --fetcher_cache_dir}, {@code --fetcher_cache_size}. */
  interface Fetcher {
    /** Directory of the download cache. Default {@code <work dir>/agent/fetch-cache}. */
    Optional<String> cacheDir();

    /** Most the cache holds before evicting least recently used entries. Default 2GB. */
    @WithDefault("2GB")
    String cacheSize();

    /** Bound of fetching all URIs of one container. Default 5 min. */
    @WithDefault("5M")
    Duration timeout();
  }
}
