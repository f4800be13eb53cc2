package io.mezzo.master;

import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.MasterInfo;
import io.mezzo.api.v1.OfferId;
import io.mezzo.core.concurrent.SerialContext;
import io.mezzo.core.time.Timers;
import io.mezzo.master.allocator.Allocator;
import io.mezzo.master.offer.OfferEntry;
import io.mezzo.master.registry.AgentEntry;
import io.mezzo.master.registry.FrameworkEntry;
import io.mezzo.master.registry.RegistryStore;
import io.mezzo.master.registry.TaskEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Everything the master knows, and the small operations every call handler shares (sending updates,
 * returning offers, finishing tasks). Owned by the master's {@code SerialContext}: only code
 * running there may touch it, which is why nothing here locks.
 */
public final class MasterState {
  private static final Logger LOG = Logger.getLogger(MasterState.class);

  private final MasterConfig config;
  private final MasterInfo masterInfo;
  private final Timers timers;
  private final SerialContext context;
  private final Allocator allocator;
  private final RegistryStore registry;
  private final MasterMetrics metrics;
  private final MasterObservers observers = new MasterObservers();
  private final Instant startTime;
  private final Map<FrameworkId, FrameworkEntry> frameworks = new LinkedHashMap<>();
  private final Deque<FrameworkEntry> completedFrameworks = new ArrayDeque<>();
  private final Map<AgentId, AgentEntry> agents = new LinkedHashMap<>();
  private final Map<OfferId, OfferEntry> offers = new LinkedHashMap<>();
  private final FrameworkBook frameworkBook;
  private final OfferBook offerBook;
  private final TaskBook taskBook;
  private Runnable allocationRequest = () -> {};
  private boolean recovered;

  public MasterState(
      MasterConfig config,
      MasterInfo masterInfo,
      Timers timers,
      SerialContext context,
      Allocator allocator,
      RegistryStore registry,
      MasterMetrics metrics) {
    this.config = config;
    this.masterInfo = masterInfo;
    this.timers = timers;
    this.context = context;
    this.allocator = allocator;
    this.registry = registry;
    this.metrics = metrics;
    this.startTime = timers.clock().instant();
    this.frameworkBook =
        new FrameworkBook(frameworks, completedFrameworks, config.maxCompletedFrameworks());
    this.offerBook = new OfferBook(masterInfo.id(), frameworks, agents, offers, metrics);
    this.taskBook = new TaskBook(frameworks, agents);
  }

  FrameworkBook frameworkBook() {
    return frameworkBook;
  }

  OfferBook offerBook() {
    return offerBook;
  }

  TaskBook taskBook() {
    return taskBook;
  }

  public MasterConfig config() {
    return config;
  }

  public MasterInfo masterInfo() {
    return masterInfo;
  }

  public String masterId() {
    return masterInfo.id();
  }

  public Timers timers() {
    return timers;
  }

  public Allocator allocator() {
    return allocator;
  }

  public RegistryStore registry() {
    return registry;
  }

  public MasterMetrics metrics() {
    return metrics;
  }

  public Instant startTime() {
    return startTime;
  }

  /**
   * Everyone who must hear about changes; handlers call it right after each change (see {@link
   * MasterObserver}).
   */
  public MasterObserver observers() {
    return observers;
  }

  void addObserver(MasterObserver observer) {
    observers.add(observer);
  }

  void removeObserver(MasterObserver observer) {
    observers.remove(observer);
  }

  /** Queues {@code task} on the master's context, after whatever is running now. */
  public void execute(Runnable task) {
    context.execute(task);
  }

  /** Runs {@code task} on the master's context after {@code delay}. */
  public Timers.Cancellable schedule(Duration delay, Runnable task) {
    return timers.schedule(delay, () -> context.execute(task));
  }

  public Instant now() {
    return timers.clock().instant();
  }

  public double nowSeconds() {
    return timers.clock().millis() / 1000.0;
  }

  public boolean recovered() {
    return recovered;
  }

  void markRecovered() {
    recovered = true;
  }

  void onAllocationRequest(Runnable request) {
    this.allocationRequest = request;
  }

  /** Asks for an allocation run soon; runs requested together are coalesced into one. */
  public void requestAllocation() {
    allocationRequest.run();
  }

  public Map<FrameworkId, FrameworkEntry> frameworks() {
    return frameworks;
  }

  public Deque<FrameworkEntry> completedFrameworks() {
    return completedFrameworks;
  }

  public Map<AgentId, AgentEntry> agents() {
    return agents;
  }

  public Map<OfferId, OfferEntry> offers() {
    return offers;
  }

  public Optional<FrameworkEntry> framework(FrameworkId id) {
    return Optional.ofNullable(id == null ? null : frameworks.get(id));
  }

  public Optional<AgentEntry> agent(AgentId id) {
    return Optional.ofNullable(id == null ? null : agents.get(id));
  }

  /** The id the {@code ahead}-th next offer will get (see {@code MasterView#offerId}). */
  public OfferId peekOfferId(int ahead) {
    return offerBook.peekId(ahead);
  }

  /**
   * Applies a terminal transition's bookkeeping once: the task's resources go back to the allocator
   * (unless its framework or agent already returned them wholesale).
   */
  public void releaseTaskResources(TaskEntry task) {
    if (!task.markResourcesRecovered()) {
      return;
    }
    AgentEntry agent = agents.get(task.agentId());
    FrameworkEntry fw = frameworks.get(task.frameworkId());
    if (agent != null
        && fw != null
        && fw.state() != FrameworkEntry.State.REMOVED
        && agent.state() != AgentEntry.State.UNREACHABLE
        && agent.state() != AgentEntry.State.GONE) {
      allocator.recoverResources(
          fw.id().value(), agent.id().value(), task.resources(), null, now());
      requestAllocation();
    }
  }
}
