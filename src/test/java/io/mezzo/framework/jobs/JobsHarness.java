package io.mezzo.framework.jobs;

import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.Attribute;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.Offer;
import io.mezzo.api.v1.OfferId;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.core.time.ManualTimers;
import io.mezzo.framework.jobs.job.JobDefinition;
import io.mezzo.framework.sdk.FrameworkContext;
import io.mezzo.framework.sdk.RecordingDriver;
import io.mezzo.framework.services.InMemoryFrameworkStore;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One jobs framework on manual time, a recording driver and a shared in-memory store, fed offers
 * and updates by hand. Every feeding method waits until the framework's owner thread handled it.
 */
final class JobsHarness implements AutoCloseable {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  final ManualTimers timers;
  final InMemoryFrameworkStore store;
  final RecordingDriver driver = new RecordingDriver();
  final List<FrameworkInfo> subscriptions = new ArrayList<>();
  final java.util.concurrent.atomic.AtomicBoolean clientClosed =
      new java.util.concurrent.atomic.AtomicBoolean();
  final JobsFramework framework;
  private int offers;

  JobsHarness() {
    this(new InMemoryFrameworkStore(), new ManualTimers(T0));
  }

  JobsHarness(InMemoryFrameworkStore store, ManualTimers timers) {
    this(store, timers, JobsConfig.defaults());
  }

  JobsHarness(InMemoryFrameworkStore store, ManualTimers timers, JobsConfig config) {
    this.store = store;
    this.timers = timers;
    framework =
        new JobsFramework(
            config,
            (info, scheduler, context) -> {
              subscriptions.add(info);
              return () -> clientClosed.set(true);
            });
    framework.start(new FrameworkContext(URI.create("http://127.0.0.1:5050"), store, timers, null));
    sync();
    framework.subscribed(driver, FrameworkId.of("fw-1"));
    sync();
  }

  void sync() {
    get(framework.snapshot());
  }

  JobsSnapshot snapshot() {
    return get(framework.snapshot());
  }

  JobsSnapshot.Job job(String name) {
    return snapshot().job(name).orElseThrow();
  }

  void put(JobDefinition job) {
    get(framework.put(job, Optional.empty()));
  }

  /** One offer from each agent, with plenty of cpus, mem and disk. */
  void offer(String... agents) {
    List<Offer> list = new ArrayList<>();
    for (String a : agents) {
      list.add(offer(a, a + ".example", List.of()));
    }
    framework.offers(driver, list);
    sync();
  }

  void offer(Offer o) {
    framework.offers(driver, List.of(o));
    sync();
  }

  Offer offer(String agent, String host, List<Attribute> attributes) {
    return new Offer(
        OfferId.of("o" + (++offers)),
        FrameworkId.of("fw-1"),
        AgentId.of(agent),
        host,
        null,
        null,
        List.of(
            Resource.scalar("cpus", 4),
            Resource.scalar("mem", 4096),
            Resource.scalar("disk", 10000)),
        attributes,
        List.of());
  }

  void status(String task, TaskState state) {
    status(
        TaskStatus.builder(TaskId.of(task), state)
            .agentId(AgentId.of("a1"))
            .uuid("u-" + task + "-" + state)
            .build());
  }

  void status(TaskStatus status) {
    framework.update(driver, status);
    sync();
  }

  /** What the master answers for a task it does not know. */
  void unknownToTheMaster(String task) {
    status(
        TaskStatus.builder(TaskId.of(task), TaskState.TASK_UNKNOWN)
            .source(TaskStatus.Source.SOURCE_MASTER)
            .reason(TaskStatus.Reason.REASON_RECONCILIATION)
            .message("Reconciliation: Task is unknown")
            .build());
  }

  /**
   * Moves time on, letting the owner thread handle each timer that falls due before the next one
   * runs: timers are re-armed from the owner thread, so a single jump could return before the next
   * one is armed and leave the owner acting at another time than the test assumes.
   */
  void advance(Duration d) {
    timers.advance(
        d,
        () -> {
          sync();
          sync();
        });
  }

  /** Runs one attempt to its end: launched on an offer, RUNNING, then {@code end}. */
  String runToEnd(TaskState end) {
    int before = driver.launched().size();
    offer("a1");
    List<String> ids = driver.launchedIds();
    if (ids.size() != before + 1) {
      throw new AssertionError("expected one launch, launched " + ids.subList(before, ids.size()));
    }
    String id = ids.get(ids.size() - 1);
    status(id, TaskState.TASK_RUNNING);
    status(id, end);
    return id;
  }

  static String taskId(Instant due, int attempt, String job) {
    return "ct:" + due.toEpochMilli() + ":" + attempt + ":" + job + ":";
  }

  static <T> T get(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    framework.stop();
  }
}
