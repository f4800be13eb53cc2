package io.mezzo.bootstrap;

import io.mezzo.agent.cgroups.CgroupFs;
import io.mezzo.agent.cgroups.ContainerCgroups;
import io.mezzo.agent.containerizer.Containerizer;
import io.mezzo.agent.containerizer.docker.DockerContainerizer;
import io.mezzo.agent.containerizer.docker.EngineApi;
import io.mezzo.agent.containerizer.process.ProcessContainerizer;
import io.mezzo.agent.isolator.Isolator;
import io.mezzo.agent.isolator.cgroups.CgroupsCpuIsolator;
import io.mezzo.agent.isolator.cgroups.CgroupsMemoryIsolator;
import io.mezzo.agent.isolator.cgroups.CgroupsPidsIsolator;
import io.mezzo.agent.isolator.disk.DiskUsageIsolator;
import io.mezzo.agent.isolator.filesystem.LinuxFilesystemIsolator;
import io.mezzo.agent.isolator.filesystem.PosixFilesystemIsolator;
import io.mezzo.agent.isolator.network.PortsIsolator;
import io.mezzo.agent.isolator.posix.PosixCpuIsolator;
import io.mezzo.agent.isolator.posix.PosixMemoryIsolator;
import io.mezzo.agent.state.Paths;
import io.mezzo.config.AgentSettings;
import io.mezzo.config.MezzoConfig;
import io.mezzo.core.time.SystemTimers;
import io.quarkus.arc.Unremovable;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The isolators and containerizers as CDI beans qualified by their Mesos names, built from {@code
 * mezzo.agent.*} only when an agent asks for them (a master never touches cgroups or Docker). The
 * plain-Java classes know nothing of CDI; these producers hand them what they share: one timer
 * thread, one blocking pool (for {@code du} and {@code /proc} walks), one view of the cgroups.
 */
@ApplicationScoped
public class IsolationWiring {
  /** How often the cgroups isolators look for OOM kills and failed forks. */
  private static final Duration CGROUPS_WATCH_INTERVAL = Duration.ofMillis(250);

  private final AgentSettings settings;
  private final MezzoConfig config;
  private final ByMesosName<Isolator> isolators;
  private final ByMesosName<Containerizer> containerizers;
  private SystemTimers timers;
  private ExecutorService blocking;
  private ContainerCgroups cgroups;

  public IsolationWiring(
      AgentSettings settings,
      MezzoConfig config,
      @Any Instance<Isolator> isolators,
      @Any Instance<Containerizer> containerizers) {
    this.settings = settings;
    this.config = config;
    this.isolators = new ByMesosName<>("isolator", "mezzo.agent.isolation", isolators);
    this.containerizers =
        new ByMesosName<>("containerizer", "mezzo.agent.containerizers", containerizers);
  }

  /**
   * The containerizers {@code mezzo.agent.containerizers} names, built.
   *
   * @throws StartupRefusal for an unknown name or one that cannot work on this host
   */
  List<Containerizer> containerizers() {
    return containerizers.select(settings.containerizers());
  }

  /**
   * Refuses unknown containerizer and isolator names before anything is built or any state read;
   * whether a known one works on this host is found out when it is built.
   *
   * @throws StartupRefusal naming the key and the unknown name
   */
  void requireKnownNames() {
    containerizers.requireKnown(settings.containerizers());
    isolators.requireKnown(settings.isolation());
  }

  private synchronized SystemTimers timers() {
    if (timers == null) {
      timers = new SystemTimers("isolation");
    }
    return timers;
  }

  private synchronized ExecutorService blocking() {
    if (blocking == null) {
      blocking =
          Executors.newCachedThreadPool(
              r -> {
                Thread t = new Thread(r, "isolation-io");
                t.setDaemon(true);
                return t;
              });
    }
    return blocking;
  }

  private synchronized ContainerCgroups cgroups() {
    if (cgroups == null) {
      cgroups = new ContainerCgroups(CgroupFs.system(), settings.cgroupsRoot(), timers());
    }
    return cgroups;
  }

  // ---- isolators -----------------------------------------------------------------------------

  @Produces
  @Dependent
  @Unremovable
  @MesosName(PosixCpuIsolator.NAME)
  Isolator posixCpu() {
    return new PosixCpuIsolator(Clock.systemUTC());
  }

  @Produces
  @Dependent
  @Unremovable
  @MesosName(PosixMemoryIsolator.NAME)
  Isolator posixMem() {
    return new PosixMemoryIsolator(Clock.systemUTC());
  }

  @Produces
  @Dependent
  @Unremovable
  @MesosName(CgroupsCpuIsolator.NAME)
  Isolator cgroupsCpu() {
    return new CgroupsCpuIsolator(cgroups(), settings.cgroupsEnableCfs());
  }

  @Produces
  @Dependent
  @Unremovable
  @MesosName(CgroupsMemoryIsolator.NAME)
  Isolator cgroupsMem() {
    return new CgroupsMemoryIsolator(cgroups(), CGROUPS_WATCH_INTERVAL);
  }

  @Produces
  @Dependent
  @Unremovable
  @MesosName(CgroupsPidsIsolator.NAME)
  Isolator cgroupsPids() {
    return new CgroupsPidsIsolator(cgroups(), settings.cgroupsPidsMax(), CGROUPS_WATCH_INTERVAL);
  }

  @Produces
  @Dependent
  @Unremovable
  @MesosName(DiskUsageIsolator.NAME)
  Isolator diskDu() {
    return new DiskUsageIsolator(
        timers(),
        settings.enforceContainerDiskQuota(),
        settings.containerDiskWatchInterval(),
        blocking());
  }

  @Produces
  @Dependent
  @Unremovable
  @MesosName(LinuxFilesystemIsolator.NAME)
  Isolator filesystemLinux() {
    LinuxFilesystemIsolator.problem()
        .ifPresent(
            p -> {
              throw new IllegalStateException(p + "; use filesystem/posix");
            });
    return new LinuxFilesystemIsolator(agentPaths(), blocking());
  }

  @Produces
  @Dependent
  @Unremovable
  @MesosName(PosixFilesystemIsolator.NAME)
  Isolator filesystemPosix() {
    return new PosixFilesystemIsolator(blocking());
  }

  /** The agent's layout: its work dir is {@code <mezzo.work-dir>/agent}, as AgentWiring sets it. */
  private Paths agentPaths() {
    return new Paths(Path.of(config.workDir()).resolve("agent"));
  }

  /**
   * The isolation list with a filesystem isolator first, as Mesos always has one: the one named, or
   * else {@code filesystem/linux} when the agent can mount (root on Linux), {@code
   * filesystem/posix} otherwise.
   */
  static List<String> withFilesystem(List<String> isolation, boolean canMount) {
    List<String> names = new ArrayList<>(isolation);
    if (names.contains(LinuxFilesystemIsolator.NAME)
        || names.contains(PosixFilesystemIsolator.NAME)) {
      return names;
    }
    names.add(0, canMount ? LinuxFilesystemIsolator.NAME : PosixFilesystemIsolator.NAME);
    return names;
  }

  @Produces
  @Dependent
  @Unremovable
  @MesosName(PortsIsolator.NAME)
  Isolator networkPorts() {
    return new PortsIsolator(timers(), settings.containerPortsWatchInterval(), blocking());
  }

  // ---- containerizers ------------------------------------------------------------------------

  /**
   * The {@code mesos} containerizer with the isolators of {@code mezzo.agent.isolation}, in order,
   * after the filesystem isolator ({@link #withFilesystem}).
   */
  @Produces
  @Dependent
  @Unremovable
  @MesosName(ProcessContainerizer.NAME)
  Containerizer mesos() {
    List<String> names =
        withFilesystem(settings.isolation(), LinuxFilesystemIsolator.problem().isEmpty());
    return new ProcessContainerizer(timers(), isolators.select(names));
  }

  /**
   * The {@code docker} containerizer; the engine must answer on {@code mezzo.agent.docker-socket}.
   */
  @Produces
  @Dependent
  @Unremovable
  @MesosName(DockerContainerizer.NAME)
  Containerizer docker() {
    EngineApi engine = new EngineApi(Path.of(settings.dockerSocket()));
    try {
      engine.version();
    } catch (IOException e) {
      engine.close();
      throw new IllegalStateException(
          "no Docker engine answers at "
              + engine.endpoint()
              + " (mezzo.agent.docker-socket): "
              + e.getMessage(),
          e);
    }
    ContainerCgroups parents =
        settings.dockerCgroups() && cgroups().fs().problem("memory").isEmpty() ? cgroups() : null;
    String owner =
        Path.of(config.workDir()).resolve("agent").toAbsolutePath().normalize().toString();
    return new DockerContainerizer(
        engine,
        timers(),
        new DockerContainerizer.Options(
            owner, parents, settings.cgroupsEnableCfs(), settings.dockerPullMissingImages()));
  }

  @PreDestroy
  synchronized void close() {
    if (blocking != null) {
      blocking.shutdownNow();
    }
    if (timers != null) {
      timers.close();
    }
  }
}
