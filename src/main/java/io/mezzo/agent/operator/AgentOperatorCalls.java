package io.mezzo.agent.operator;

import io.mezzo.agent.Agent;
import io.mezzo.agent.AgentSnapshot;
import io.mezzo.agent.ContainerReport;
import io.mezzo.agent.files.FileAccessException;
import io.mezzo.agent.files.SandboxFiles;
import io.mezzo.api.v1.Flag;
import io.mezzo.api.v1.Metric;
import io.mezzo.api.v1.VersionInfo;
import io.mezzo.api.v1.agent.Call;
import io.mezzo.api.v1.agent.Response;
import io.mezzo.core.logging.Verbosity;
import io.mezzo.security.Caller;
import io.mezzo.security.acl.Authorizer;
import io.mezzo.security.acl.Decision;
import io.mezzo.security.acl.ViewFilter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The agent's operator API ({@code POST /slave(1)/api/v1}, MESOS-API.md §4.2): the reads
 * (GET_HEALTH, GET_FLAGS, GET_VERSION, GET_METRICS, GET_STATE, GET_CONTAINERS, GET_FRAMEWORKS,
 * GET_EXECUTORS, GET_TASKS, GET_AGENT, GET_OPERATIONS, GET_RESOURCE_PROVIDERS), the files
 * (LIST_FILES, READ_FILE), the logging level (GET_/SET_LOGGING_LEVEL) and the top-level containers
 * (WAIT_CONTAINER, KILL_CONTAINER, in {@link ContainerCalls}); every other type of the 1.11 protos
 * answers 501 with its {@link #NOT_BUILT} reason. Reads are of a snapshot taken on the agent's
 * context; file calls do their blocking I/O on {@code blockingIo}. Thread-safe.
 *
 * <p>Every call is decided for its caller with the node's {@link Authorizer}, as a Mesos agent does
 * ({@link AgentCallAuthorization}): a refusal is 403 with the decision's reason and changes
 * nothing; the state reads show only what the caller may see ({@link VisibleState}); the file calls
 * open only the sandboxes the caller may access.
 */
public final class AgentOperatorCalls {
  /** The call types the agent implements. */
  public static final Set<Call.Type> SUPPORTED =
      Collections.unmodifiableSet(
          EnumSet.of(
              Call.Type.GET_HEALTH,
              Call.Type.GET_FLAGS,
              Call.Type.GET_VERSION,
              Call.Type.GET_METRICS,
              Call.Type.GET_LOGGING_LEVEL,
              Call.Type.SET_LOGGING_LEVEL,
              Call.Type.LIST_FILES,
              Call.Type.READ_FILE,
              Call.Type.GET_STATE,
              Call.Type.GET_CONTAINERS,
              Call.Type.GET_FRAMEWORKS,
              Call.Type.GET_EXECUTORS,
              Call.Type.GET_OPERATIONS,
              Call.Type.GET_TASKS,
              Call.Type.GET_AGENT,
              Call.Type.GET_RESOURCE_PROVIDERS,
              Call.Type.WAIT_CONTAINER,
              Call.Type.KILL_CONTAINER));

  /**
   * Every other call type but UNKNOWN, with what it needs that Mezzo's agent does not have: the
   * reason its 501 gives.
   */
  public static final Map<Call.Type, String> NOT_BUILT = notBuilt();

  private static Map<Call.Type, String> notBuilt() {
    String nested =
        "nested containers: Mezzo's agent plays the default executor itself, so a task group's"
            + " nested containers belong to the agent and are not exposed to the operator API"
            + " (KILL_TASK ends such a task)";
    String standalone =
        "standalone containers: the agent runs containers only for tasks the master sends it and"
            + " accounts resources per task, so it has none outside a framework";
    String providers =
        "local resource providers: Mezzo's agents have no resource provider manager or CSI"
            + " plugins and offer only their own resources";
    String io =
        "container I/O: Mezzo's containers write stdout and stderr to sandbox files and have no"
            + " I/O switchboard to attach to (READ_FILE reads their output)";
    Map<Call.Type, String> m = new EnumMap<>(Call.Type.class);
    m.put(Call.Type.LAUNCH_NESTED_CONTAINER, nested);
    m.put(Call.Type.WAIT_NESTED_CONTAINER, nested);
    m.put(Call.Type.KILL_NESTED_CONTAINER, nested);
    m.put(Call.Type.REMOVE_NESTED_CONTAINER, nested);
    m.put(
        Call.Type.LAUNCH_NESTED_CONTAINER_SESSION,
        "debug sessions (task exec): they need a nested container under the task's executor with"
            + " its I/O streamed over the response, and Mezzo has neither");
    m.put(Call.Type.ATTACH_CONTAINER_INPUT, io);
    m.put(Call.Type.ATTACH_CONTAINER_OUTPUT, io);
    m.put(Call.Type.LAUNCH_CONTAINER, standalone);
    m.put(Call.Type.REMOVE_CONTAINER, standalone);
    m.put(Call.Type.ADD_RESOURCE_PROVIDER_CONFIG, providers);
    m.put(Call.Type.UPDATE_RESOURCE_PROVIDER_CONFIG, providers);
    m.put(Call.Type.REMOVE_RESOURCE_PROVIDER_CONFIG, providers);
    m.put(Call.Type.MARK_RESOURCE_PROVIDER_GONE, providers);
    m.put(
        Call.Type.PRUNE_IMAGES,
        "image garbage collection: Mezzo has no container image store of its own (MESOS"
            + " containers run on the host file system; the Docker engine keeps Docker images)");
    return Collections.unmodifiableMap(m);
  }

  /** The outcome of a call: 200 with a response (null: an empty 200), or a status and a reason. */
  public record Answer(int status, String message, Response body) {
    static Answer ok(Response body) {
      return new Answer(200, null, body);
    }

    static Answer error(int status, String message) {
      return new Answer(status, message, null);
    }
  }

  private final Agent agent;
  private final Executor blockingIo;
  private final Instant started;
  private final Clock clock;
  private final Map<String, String> extraFlags;
  private final Verbosity logging;
  private final ContainerCalls containers;
  private final Authorizer authorizer;

  /**
   * @param blockingIo where file reads run (never an event loop)
   * @param started when this agent process started, for uptime
   * @param extraFlags node settings to show beside the agent's own (e.g. the master URL)
   * @param logging the node's logging level, which GET_/SET_LOGGING_LEVEL read and set
   */
  public AgentOperatorCalls(
      Agent agent,
      Executor blockingIo,
      Instant started,
      Clock clock,
      Map<String, String> extraFlags,
      Verbosity logging) {
    this(agent, blockingIo, started, clock, extraFlags, logging, Authorizer.permissive());
  }

  /**
   * @param authorizer decides each call for its caller (the node's, from {@code
   *     mezzo.security.acls})
   */
  public AgentOperatorCalls(
      Agent agent,
      Executor blockingIo,
      Instant started,
      Clock clock,
      Map<String, String> extraFlags,
      Verbosity logging,
      Authorizer authorizer) {
    if (authorizer == null) {
      throw new IllegalArgumentException("the agent's operator calls need an authorizer");
    }
    this.authorizer = authorizer;
    this.agent = agent;
    this.blockingIo = blockingIo;
    this.started = started;
    this.clock = clock;
    this.extraFlags = Map.copyOf(extraFlags);
    this.logging = logging;
    this.containers = new ContainerCalls(agent.containerizer(), agent::snapshot);
  }

  /** No type (400), UNKNOWN or a type the agent does not implement (501). Pure. */
  public static Optional<Answer> problem(Call call) {
    if (call.type() == null) {
      return Optional.of(Answer.error(400, "Expecting 'type' to be present"));
    }
    if (call.type() == Call.Type.UNKNOWN) {
      return Optional.of(Answer.error(501, "Received an unknown call type"));
    }
    if (NOT_BUILT.containsKey(call.type())) {
      return Optional.of(
          Answer.error(
              501,
              call.type() + " is not supported by Mezzo agents: " + NOT_BUILT.get(call.type())));
    }
    return Optional.empty();
  }

  /** A call of the node's own (standalone's master in-process), which nothing restricts. */
  public CompletionStage<Answer> call(Call call) {
    return call(call, Caller.NODE);
  }

  /** A call by {@code caller}: 403 when the authorizer refuses it, else as the call type says. */
  public CompletionStage<Answer> call(Call call, Caller caller) {
    Optional<Answer> problem = problem(call);
    if (problem.isPresent()) {
      return CompletableFuture.completedFuture(problem.get());
    }
    Decision decision = AgentCallAuthorization.decide(authorizer, caller, call);
    if (!decision.allowed()) {
      return CompletableFuture.completedFuture(Answer.error(403, decision.reason()));
    }
    return switch (call.type()) {
      case GET_HEALTH -> done(Response.health(true));
      case GET_FLAGS -> done(Response.flags(flagList()));
      case GET_VERSION -> done(Response.version(VersionInfo.current()));
      case GET_LOGGING_LEVEL -> done(Response.loggingLevel(logging.level()));
      case SET_LOGGING_LEVEL -> CompletableFuture.completedFuture(setLoggingLevel(call));
      case GET_OPERATIONS -> done(Response.operations());
      case GET_RESOURCE_PROVIDERS -> done(Response.resourceProviders());
      case WAIT_CONTAINER -> containers.await(call.waitContainer());
      case KILL_CONTAINER -> containers.kill(call.killContainer());
      case GET_METRICS ->
          agent
              .snapshot()
              .thenApply(
                  s -> {
                    List<Metric> metrics = new ArrayList<>();
                    AgentViews.metrics(s, started, clock.instant())
                        .forEach((k, v) -> metrics.add(new Metric(k, v)));
                    return Answer.ok(Response.metrics(metrics));
                  });
      case GET_STATE ->
          visible(caller).thenApply(s -> Answer.ok(Response.state(AgentViews.state(s))));
      case GET_FRAMEWORKS ->
          visible(caller).thenApply(s -> Answer.ok(Response.frameworks(AgentReads.frameworks(s))));
      case GET_EXECUTORS ->
          visible(caller).thenApply(s -> Answer.ok(Response.executors(AgentReads.executors(s))));
      case GET_TASKS ->
          visible(caller).thenApply(s -> Answer.ok(Response.tasks(AgentReads.tasks(s))));
      case GET_AGENT ->
          agent
              .snapshot()
              .thenApply(s -> Answer.ok(Response.agent(AgentReads.agent(s, agent.config()))));
      case GET_CONTAINERS ->
          containers(caller)
              .thenApply(r -> Answer.ok(Response.containers(AgentViews.containers(r))));
      case LIST_FILES ->
          call.listFiles() == null
              ? CompletableFuture.completedFuture(
                  Answer.error(400, "Expecting 'list_files' to be present"))
              : files(
                  caller,
                  f ->
                      Response.listFiles(
                          f.browse(call.listFiles().path()).stream()
                              .map(e -> e.toWire())
                              .toList()));
      case READ_FILE -> readFile(call.readFile(), caller);
      default ->
          CompletableFuture.completedFuture(Answer.error(501, call.type() + " is not supported"));
    };
  }

  /** Mesos answers a set level with an empty 200. */
  private Answer setLoggingLevel(Call call) {
    Call.SetLoggingLevel set = call.setLoggingLevel();
    if (set == null) {
      return Answer.error(400, "Expecting 'set_logging_level' to be present");
    }
    if (set.level() == null) {
      return Answer.error(400, "Expecting 'set_logging_level.level' to be present");
    }
    if (set.duration() == null || set.duration().nanoseconds() == null) {
      return Answer.error(400, "Expecting 'set_logging_level.duration' to be present");
    }
    try {
      logging.set(set.level(), set.duration().toDuration());
    } catch (IllegalArgumentException e) {
      return Answer.error(400, "Invalid 'set_logging_level': " + e.getMessage());
    } catch (UnsupportedOperationException e) {
      return Answer.error(501, e.getMessage());
    }
    return Answer.ok(null);
  }

  private CompletionStage<Answer> readFile(Call.ReadFile read, Caller caller) {
    if (read == null) {
      return CompletableFuture.completedFuture(
          Answer.error(400, "Expecting 'read_file' to be present"));
    }
    if (read.offset() == null) {
      return CompletableFuture.completedFuture(
          Answer.error(400, "Expecting 'read_file.offset' to be present"));
    }
    return files(
        caller,
        f -> {
          SandboxFiles.Chunk c = f.read(read.path(), read.offset(), read.length());
          return Response.readFile(c.size(), Base64.getEncoder().encodeToString(c.data()));
        });
  }

  /** The agent's state as {@code caller} may see it. */
  public CompletionStage<AgentSnapshot> visible(Caller caller) {
    return agent.snapshot().thenApply(s -> VisibleState.of(s, new ViewFilter(authorizer, caller)));
  }

  /** The agent's running containers that {@code caller} may see. */
  public CompletionStage<List<ContainerReport>> containers(Caller caller) {
    return agent
        .snapshot()
        .thenCompose(
            s ->
                agent
                    .containers()
                    .thenApply(r -> VisibleState.containers(r, s, authorizer, caller)));
  }

  /** The node's authorizer, for the agent's legacy endpoints. */
  public Authorizer authorizer() {
    return authorizer;
  }

  private CompletionStage<Answer> files(Caller caller, Function<SandboxFiles, Response> work) {
    SandboxFiles.Access access = SandboxFiles.Access.of(authorizer, caller);
    return agent
        .snapshot()
        .thenApplyAsync(
            s -> {
              try {
                return Answer.ok(work.apply(SandboxFiles.of(s).restrictedBy(access)));
              } catch (FileAccessException e) {
                return Answer.error(e.status(), e.getMessage());
              }
            },
            blockingIo);
  }

  private List<Flag> flagList() {
    List<Flag> flags = new ArrayList<>();
    AgentViews.flags(agent.config()).forEach((k, v) -> flags.add(new Flag(k, v)));
    extraFlags.forEach((k, v) -> flags.add(new Flag(k, v)));
    return flags;
  }

  /** The agent's flags and the node's extra ones, for {@code /slave(1)/flags}. */
  public Map<String, String> flags() {
    Map<String, String> out = new LinkedHashMap<>(AgentViews.flags(agent.config()));
    out.putAll(extraFlags);
    return out;
  }

  public Instant started() {
    return started;
  }

  private static CompletionStage<Answer> done(Response r) {
    return CompletableFuture.completedFuture(Answer.ok(r));
  }
}
