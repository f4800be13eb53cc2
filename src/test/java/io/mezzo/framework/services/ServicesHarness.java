package io.mezzo.framework.services;

import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.Offer;
import io.mezzo.api.v1.OfferId;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.core.time.ManualTimers;
import io.mezzo.framework.sdk.FrameworkContext;
import io.mezzo.framework.sdk.RecordingDriver;
import io.mezzo.framework.services.app.AppDefinition;
import io.mezzo.framework.services.deploy.Deployment;
import io.mezzo.framework.services.instance.Instance;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One services framework on manual time, a recording driver and a shared in-memory store, fed
 * offers and updates by hand. Every feeding method waits until the framework's owner thread has
 * handled it.
 */
final class ServicesHarness implements AutoCloseable {
  final ManualTimers timers;
  final InMemoryFrameworkStore store;
  final RecordingDriver driver = new RecordingDriver();
  final List<ServicesEvent> events = new CopyOnWriteArrayList<>();
  final List<FrameworkInfo> subscriptions = new ArrayList<>();
  final ServicesFramework framework;
  private int offers;

  ServicesHarness() {
    this(new InMemoryFrameworkStore(), new ManualTimers());
  }

  ServicesHarness(InMemoryFrameworkStore store, ManualTimers timers) {
    this(store, timers, new SimpleDecisions(), new ScriptedReadinessProbe());
  }

  ServicesHarness(
      InMemoryFrameworkStore store,
      ManualTimers timers,
      Decisions decisions,
      ReadinessProbe probe) {
    this.store = store;
    this.timers = timers;
    framework =
        new ServicesFramework(
            ServicesConfig.defaults(),
            decisions,
            (info, scheduler, context) -> {
              subscriptions.add(info);
              return () -> {};
            },
            new SplittableRandom(7),
            probe);
    framework.start(new FrameworkContext(URI.create("http://127.0.0.1:5050"), store, timers, null));
    sync();
    framework.subscribe(events::add);
    framework.subscribed(driver, FrameworkId.of("fw-1"));
    sync();
  }

  void sync() {
    get(framework.snapshot());
  }

  ServicesSnapshot snapshot() {
    return get(framework.snapshot());
  }

  Optional<Deployment> deploy(AppDefinition app) {
    return get(framework.deploy(root -> root.withApp(app, timers.clock().instant()), false));
  }

  /** Offers from these agents (one offer each). */
  void offer(String... agents) {
    List<Offer> list = new ArrayList<>();
    for (String a : agents) {
      list.add(
          new Offer(
              OfferId.of("o" + (++offers)),
              FrameworkId.of("fw-1"),
              AgentId.of(a),
              a + ".example",
              null,
              null,
              List.of(),
              List.of(),
              List.of()));
    }
    framework.offers(driver, list);
    sync();
  }

  void status(TaskId task, TaskState state) {
    status(TaskStatus.builder(task, state).agentId(AgentId.of("a1")).uuid("u-" + task).build());
  }

  void status(TaskStatus status) {
    framework.update(driver, status);
    sync();
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

  List<Instance> instances(String app) {
    return snapshot()
        .instances()
        .getOrDefault(io.mezzo.framework.services.app.PathId.parse(app), List.of());
  }

  List<String> eventTypes() {
    return events.stream().map(ServicesEvent::eventType).toList();
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
