package io.mezzo.framework.jobs.job;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A Chronos job definition as a user wrote it (not its counters or runs): what {@code POST
 * /iso8601} and {@code POST /dependency} carry. Immutable; defaults are Chronos's ({@link
 * #DEFAULT_RETRIES} and friends), applied by {@link JobJson} when a field is absent.
 *
 * <p>Exactly one of {@code schedule} (a scheduled job) and a non-empty {@code parents} (a dependent
 * job) is set; {@link JobValidator} enforces it.
 *
 * @param softError when true a run that fails past its retries still triggers the job's dependents,
 *     as a success would (Chronos's meaning); it is still counted as an error
 * @param highPriority when true the job's queued runs are launched before other jobs' (Chronos's
 *     high-priority queue)
 * @param epsilon how late a slot may still run; slots missed by more are skipped and counted
 * @param maxCompletionTime seconds a run may take before it is killed and counts as failed
 */
public record JobDefinition(
    String name,
    String description,
    String command,
    boolean shell,
    List<String> arguments,
    List<EnvVar> environmentVariables,
    double cpus,
    double mem,
    double disk,
    Optional<Container> container,
    List<String> uris,
    List<Fetch> fetch,
    String owner,
    String ownerName,
    int retries,
    boolean async,
    boolean disabled,
    boolean concurrent,
    Duration epsilon,
    List<Constraint> constraints,
    Optional<String> runAsUser,
    Optional<String> schedule,
    Optional<String> scheduleTimeZone,
    List<String> parents,
    boolean softError,
    boolean dataProcessingJobType,
    boolean highPriority,
    Optional<Long> maxCompletionTime,
    Optional<String> taskInfoData) {
  public static final int DEFAULT_RETRIES = 2;
  public static final double DEFAULT_CPUS = 0.1;
  public static final double DEFAULT_MEM = 128;
  public static final double DEFAULT_DISK = 256;
  public static final Duration DEFAULT_EPSILON = Duration.ofMinutes(1);

  public JobDefinition {
    arguments = List.copyOf(arguments);
    environmentVariables = List.copyOf(environmentVariables);
    uris = List.copyOf(uris);
    fetch = List.copyOf(fetch);
    constraints = List.copyOf(constraints);
    parents = List.copyOf(parents);
  }

  /** A scheduled job is one with a schedule; otherwise it runs after its parents. */
  public boolean scheduled() {
    return schedule.isPresent();
  }

  /** The same definition with another {@code disabled} flag (enable/disable from the UI). */
  public JobDefinition withDisabled(boolean value) {
    return new JobDefinition(
        name,
        description,
        command,
        shell,
        arguments,
        environmentVariables,
        cpus,
        mem,
        disk,
        container,
        uris,
        fetch,
        owner,
        ownerName,
        retries,
        async,
        value,
        concurrent,
        epsilon,
        constraints,
        runAsUser,
        schedule,
        scheduleTimeZone,
        parents,
        softError,
        dataProcessingJobType,
        highPriority,
        maxCompletionTime,
        taskInfoData);
  }

  /** A minimal scheduled job with Chronos's defaults; for tests and the CLI's examples. */
  public static JobDefinition scheduled(String name, String command, String schedule) {
    return new JobDefinition(
        name,
        "",
        command,
        true,
        List.of(),
        List.of(),
        DEFAULT_CPUS,
        DEFAULT_MEM,
        DEFAULT_DISK,
        Optional.empty(),
        List.of(),
        List.of(),
        "",
        "",
        DEFAULT_RETRIES,
        false,
        false,
        false,
        DEFAULT_EPSILON,
        List.of(),
        Optional.empty(),
        Optional.of(schedule),
        Optional.empty(),
        List.of(),
        false,
        false,
        false,
        Optional.empty(),
        Optional.empty());
  }

  /** A minimal dependent job with Chronos's defaults. */
  public static JobDefinition dependent(String name, String command, List<String> parents) {
    return new JobDefinition(
        name,
        "",
        command,
        true,
        List.of(),
        List.of(),
        DEFAULT_CPUS,
        DEFAULT_MEM,
        DEFAULT_DISK,
        Optional.empty(),
        List.of(),
        List.of(),
        "",
        "",
        DEFAULT_RETRIES,
        false,
        false,
        false,
        DEFAULT_EPSILON,
        List.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        parents,
        false,
        false,
        false,
        Optional.empty(),
        Optional.empty());
  }

  /** One environment variable, in the order given. */
  public record EnvVar(String name, String value) {}

  /** A URI the fetcher downloads into the sandbox before the command starts. */
  public record Fetch(
      String uri,
      boolean cache,
      boolean extract,
      boolean executable,
      Optional<String> outputFile) {}

  /** Chronos's constraint: {@code [attribute, EQUALS|LIKE|UNLIKE, value]}. */
  public record Constraint(String attribute, Operator operator, String value) {
    /** EQUALS matches the value exactly; LIKE/UNLIKE take it as a whole-string regex. */
    public enum Operator {
      EQUALS,
      LIKE,
      UNLIKE
    }
  }

  /** The container a job's task runs in. */
  public record Container(
      Type type,
      String image,
      Network network,
      Optional<String> networkName,
      boolean forcePullImage,
      List<Volume> volumes,
      List<Parameter> parameters) {
    public Container {
      volumes = List.copyOf(volumes);
      parameters = List.copyOf(parameters);
    }

    /** A docker run option ({@code key} without dashes); keys may repeat, order is kept. */
    public record Parameter(String key, String value) {}

    /** DOCKER runs on the Docker containerizer, MESOS on the Mezzo containerizer with an image. */
    public enum Type {
      DOCKER,
      MESOS
    }

    /** The container's network mode. */
    public enum Network {
      HOST,
      BRIDGE,
      USER
    }

    /** A host path mounted into the container. */
    public record Volume(String containerPath, Optional<String> hostPath, Mode mode) {
      /** Read-only or read-write. */
      public enum Mode {
        RO,
        RW
      }
    }
  }
}
