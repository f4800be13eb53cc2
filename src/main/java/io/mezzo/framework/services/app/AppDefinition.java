package io.mezzo.framework.services.app;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A Marathon app definition as Mezzo runs it, with Marathon's defaults applied (so two definitions
 * that differ only in spelled-out defaults are equal). Field names are Marathon's JSON names; the
 * JSON form (parsing with JSON-path errors, writing with every default) lives in {@code AppJson},
 * the checks in {@code AppValidator}. Optional parts that Marathon leaves out of its JSON when
 * unset are null here ({@code cmd}, {@code args}, {@code user}, {@code container}, {@code
 * taskKillGracePeriodSeconds}); lists and maps are never null.
 *
 * <p>{@code version} is the time of the last change of any kind; {@code versionInfo} tells scaling
 * apart from configuration changes (a restart of instances is needed only for the latter).
 */
public record AppDefinition(
    PathId id,
    String cmd,
    List<String> args,
    String user,
    Map<String, String> env,
    int instances,
    double cpus,
    double mem,
    double disk,
    int gpus,
    List<Constraint> constraints,
    List<FetchUri> fetch,
    Container container,
    List<Network> networks,
    List<PortDefinition> portDefinitions,
    boolean requirePorts,
    List<HealthCheckDef> healthChecks,
    List<ReadinessCheckDef> readinessChecks,
    List<PathId> dependencies,
    UpgradeStrategy upgradeStrategy,
    UnreachableStrategy unreachableStrategy,
    KillSelection killSelection,
    Long taskKillGracePeriodSeconds,
    double backoffSeconds,
    double backoffFactor,
    double maxLaunchDelaySeconds,
    Map<String, String> labels,
    List<String> acceptedResourceRoles,
    String role,
    Instant version,
    VersionInfo versionInfo) {

  public AppDefinition {
    args = args == null ? null : List.copyOf(args);
    env = Map.copyOf(env);
    constraints = List.copyOf(constraints);
    fetch = List.copyOf(fetch);
    networks = List.copyOf(networks);
    portDefinitions = List.copyOf(portDefinitions);
    healthChecks = List.copyOf(healthChecks);
    readinessChecks = List.copyOf(readinessChecks);
    dependencies = List.copyOf(dependencies);
    labels = Map.copyOf(labels);
    acceptedResourceRoles = List.copyOf(acceptedResourceRoles);
  }

  /** {@code [field, operator, value]}; value is null for operators that take none (UNIQUE). */
  public record Constraint(String field, String operator, String value) {}

  public record FetchUri(
      String uri, boolean extract, boolean executable, boolean cache, String outputFile) {}

  /**
   * {@code type} is MESOS or DOCKER; {@code docker} is set for DOCKER and for MESOS with an image.
   */
  public record Container(
      String type, Docker docker, List<PortMapping> portMappings, List<VolumeDef> volumes) {
    public Container {
      portMappings = List.copyOf(portMappings);
      volumes = List.copyOf(volumes);
    }
  }

  public record Docker(
      String image, boolean privileged, boolean forcePullImage, List<Parameter> parameters) {
    public Docker {
      parameters = List.copyOf(parameters);
    }
  }

  public record Parameter(String key, String value) {}

  /** {@code hostPort} null means no host port (container networking without one); 0 means any. */
  public record PortMapping(
      int containerPort,
      Integer hostPort,
      int servicePort,
      String protocol,
      String name,
      Map<String, String> labels) {
    public PortMapping {
      labels = Map.copyOf(labels);
    }
  }

  /** {@code mode} is RO or RW. */
  public record VolumeDef(String containerPath, String hostPath, String mode) {}

  /** {@code mode} is host, container or container/bridge. */
  public record Network(String mode, String name, Map<String, String> labels) {
    public Network {
      labels = Map.copyOf(labels);
    }
  }

  /** {@code port} 0 means any host port (assigned from the offer); also the service port. */
  public record PortDefinition(int port, String protocol, String name, Map<String, String> labels) {
    public PortDefinition {
      labels = Map.copyOf(labels);
    }
  }

  /**
   * {@code protocol} is MESOS_HTTP, MESOS_HTTPS, MESOS_TCP or COMMAND (legacy HTTP, HTTPS and TCP,
   * which Marathon runs itself, are refused with a message pointing at the MESOS_ forms).
   */
  public record HealthCheckDef(
      String protocol,
      String path,
      Integer portIndex,
      Integer port,
      String command,
      int gracePeriodSeconds,
      int intervalSeconds,
      int timeoutSeconds,
      int maxConsecutiveFailures,
      int delaySeconds,
      String ipProtocol) {}

  public record ReadinessCheckDef(
      String name,
      String protocol,
      String path,
      String portName,
      int intervalSeconds,
      int timeoutSeconds,
      List<Integer> httpStatusCodesForReady,
      boolean preserveLastResponse) {
    public ReadinessCheckDef {
      httpStatusCodesForReady = List.copyOf(httpStatusCodesForReady);
    }
  }

  /** Fractions of {@code instances}, each in [0, 1]. */
  public record UpgradeStrategy(double minimumHealthCapacity, double maximumOverCapacity) {}

  /**
   * Seconds after which an instance on an unreachable agent is replaced, and after which it is
   * forgotten. {@code disabled} (Marathon's {@code "disabled"}) means never replace.
   */
  public record UnreachableStrategy(
      boolean disabled, long inactiveAfterSeconds, long expungeAfterSeconds) {}

  public enum KillSelection {
    YOUNGEST_FIRST,
    OLDEST_FIRST
  }

  public record VersionInfo(Instant lastScalingAt, Instant lastConfigChangeAt) {}

  /** True if running instances of {@code this} must be replaced to become {@code other}. */
  public boolean needsRestartFor(AppDefinition other) {
    return !withoutScaling().equals(other.withoutScaling());
  }

  private AppDefinition withoutScaling() {
    return copy(0, portDefinitions, null, null);
  }

  public AppDefinition withInstances(int n) {
    return copy(n, portDefinitions, version, versionInfo);
  }

  public AppDefinition withPortDefinitions(List<PortDefinition> defs) {
    return copy(instances, defs, version, versionInfo);
  }

  public AppDefinition withVersion(Instant v, VersionInfo info) {
    return copy(instances, portDefinitions, v, info);
  }

  /** This definition with the parts the framework itself changes replaced. */
  private AppDefinition copy(int n, List<PortDefinition> ports, Instant v, VersionInfo info) {
    return new AppDefinition(
        id,
        cmd,
        args,
        user,
        env,
        n,
        cpus,
        mem,
        disk,
        gpus,
        constraints,
        fetch,
        container,
        networks,
        ports,
        requirePorts,
        healthChecks,
        readinessChecks,
        dependencies,
        upgradeStrategy,
        unreachableStrategy,
        killSelection,
        taskKillGracePeriodSeconds,
        backoffSeconds,
        backoffFactor,
        maxLaunchDelaySeconds,
        labels,
        acceptedResourceRoles,
        role,
        v,
        info);
  }
}
