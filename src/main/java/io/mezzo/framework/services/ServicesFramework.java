package io.mezzo.framework.services;

import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.Offer;
import io.mezzo.api.v1.OfferId;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.core.concurrent.SerialContext;
import io.mezzo.core.time.Timers;
import io.mezzo.framework.sdk.BuiltInFramework;
import io.mezzo.framework.sdk.ClientStarter;
import io.mezzo.framework.sdk.FrameworkContext;
import io.mezzo.framework.sdk.Scheduler;
import io.mezzo.framework.sdk.SchedulerDriver;
import io.mezzo.framework.services.app.Group;
import io.mezzo.framework.services.app.PathId;
import io.mezzo.framework.services.deploy.Deployment;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;
import org.jboss.logging.Logger;

/**
 * The built-in services framework ("marathon"): long-running apps kept at their instance count,
 * healed, and changed by deployments, behind Marathon's REST API ({@link ServicesApi}). It is an
 * ordinary v1 framework on the SDK: its own FrameworkID (stored before first use and reused on
 * every start, so a new leader's copy fails over to the same framework), role {@code marathon}, a
 * one-week failover timeout, checkpointing and PARTITION_AWARE.
 *
 * <p>All state lives on one owner thread (a {@link SerialContext}); SDK callbacks and API calls hop
 * onto it. The parts: {@link Launcher} (offers), {@link Healer} (updates, reconciliation), {@link
 * DeploymentRunner} (changes), {@link Converger} (drives every app and deployment), {@link
 * ServicesStore} (documents).
 */
public final class ServicesFramework implements BuiltInFramework, Scheduler, ServicesApi {
  private static final Logger LOG = Logger.getLogger(ServicesFramework.class);

  private final ServicesConfig config;
  private final Decisions decisions;
  private final ClientStarter starter;
  private final RandomGenerator random;
  private final ReadinessProbe probe;
  private volatile SerialContext owner;
  private volatile ServicesCore core;
  private Launcher launcher;
  private Healer healer;
  private Converger converger;
  private DeploymentRunner runner;
  private ReadinessChecker readiness;
  private AutoCloseable client;
  private Timers.Cancellable tick;
  private volatile boolean stopped;

  /** With the product's readiness probe (HTTP). */
  public ServicesFramework(
      ServicesConfig config, Decisions decisions, ClientStarter starter, RandomGenerator random) {
    this(config, decisions, starter, random, new HttpReadinessProbe());
  }

  public ServicesFramework(
      ServicesConfig config,
      Decisions decisions,
      ClientStarter starter,
      RandomGenerator random,
      ReadinessProbe probe) {
    this.config = config;
    this.decisions = decisions;
    this.starter = starter;
    this.random = random;
    this.probe = probe;
  }

  @Override
  public String name() {
    return "services";
  }

  @Override
  public synchronized void start(FrameworkContext context) {
    if (owner != null) {
      throw new IllegalStateException("services framework already started");
    }
    SerialContext ctx = new SerialContext("services");
    ServicesCore c =
        new ServicesCore(
            config, decisions, context.timers().clock(), new ServicesStore(context.store()));
    launcher = new Launcher(c, ctx::execute);
    converger = new Converger(c, launcher);
    launcher.afterChange(converger::converge);
    healer = new Healer(c, converger);
    runner = new DeploymentRunner(c, converger, random);
    readiness = new ReadinessChecker(c, converger, probe, this::onOwner);
    owner = ctx;
    core = c;
    ctx.execute(
        () -> {
          try {
            c.store.load(c.state);
          } catch (RuntimeException e) {
            c.fencedBecause = "cannot load state: " + e.getMessage();
            LOG.errorf(e, "services framework cannot load its state");
            return;
          }
          c.loaded = true;
          LOG.infof(
              "services state loaded: %d apps, %d deployments, framework id %s",
              c.state.root.allApps().size(), c.state.deployments.size(), c.state.frameworkId);
          client = starter.start(config.frameworkInfo(c.state.frameworkId), this, context);
          scheduleTick(context.timers());
        });
  }

  private void scheduleTick(Timers timers) {
    if (stopped) {
      return;
    }
    tick =
        timers.schedule(
            config.tick(),
            () ->
                onOwner(
                    () -> {
                      healer.expunge();
                      converger.converge();
                      readiness.probeDue();
                      scheduleTick(timers);
                    }));
  }

  @Override
  public void stop() {
    stopped = true;
    SerialContext ctx = owner;
    if (ctx == null) {
      return;
    }
    ctx.call(
            () -> {
              if (tick != null) {
                tick.cancel();
              }
              closeClient();
              return null;
            })
        .completeOnTimeout(null, 5, java.util.concurrent.TimeUnit.SECONDS)
        .join();
    ctx.close(Duration.ofSeconds(5));
  }

  private void closeClient() {
    if (client != null) {
      try {
        client.close();
      } catch (Exception e) {
        LOG.warnf(e, "stopping the services subscription failed");
      }
      client = null;
    }
  }

  // --- Scheduler callbacks: hop onto the owner thread ---

  @Override
  public void subscribed(SchedulerDriver driver, FrameworkId frameworkId) {
    onOwner(
        () -> {
          ServicesCore c = core;
          if (!frameworkId.equals(c.state.frameworkId)) {
            c.state.frameworkId = frameworkId;
            try {
              c.store.saveFrameworkId(frameworkId); // before the id is used for anything else
            } catch (RuntimeException e) {
              c.fencedBecause = "cannot store the framework id: " + e.getMessage();
              LOG.errorf(e, "services framework fenced");
              return;
            }
          }
          c.driver = driver;
          LOG.infof("services framework subscribed as %s", frameworkId.value());
          launcher.subscribed();
          healer.reconcile();
          converger.converge();
        });
  }

  @Override
  public void offers(SchedulerDriver driver, List<Offer> offers) {
    onOwner(() -> launcher.offers(offers));
  }

  @Override
  public void rescinded(SchedulerDriver driver, OfferId offerId) {
    // Offers are used or declined in the round they arrive in; none is held.
  }

  @Override
  public void update(SchedulerDriver driver, TaskStatus status) {
    onOwner(() -> healer.update(status));
  }

  @Override
  public void error(SchedulerDriver driver, String message) {
    onOwner(
        () -> {
          LOG.errorf("the master ended the services framework: %s", message);
          core.driver = null;
        });
  }

  @Override
  public void disconnected(SchedulerDriver driver, String why) {
    onOwner(
        () -> {
          LOG.infof("services framework disconnected: %s", why);
          core.driver = null;
        });
  }

  private void onOwner(Runnable r) {
    SerialContext ctx = owner;
    ServicesCore c = core;
    if (ctx != null && c != null && c.fencedBecause == null) {
      ctx.execute(r);
    }
  }

  // --- ServicesApi: run on the owner thread, complete once durable ---

  private <T> CompletionStage<T> call(Supplier<T> work) {
    SerialContext ctx = owner;
    if (ctx == null || stopped) {
      return java.util.concurrent.CompletableFuture.failedFuture(
          new ServicesException(503, "services framework is not running"));
    }
    return ctx.call(
        () -> {
          core.checkUsable();
          return work.get();
        });
  }

  @Override
  public CompletionStage<ServicesSnapshot> snapshot() {
    return call(() -> core.state.snapshot(core.now()).withReadiness(readiness.results()));
  }

  @Override
  public CompletionStage<Optional<Deployment>> deploy(UnaryOperator<Group> change, boolean force) {
    return call(() -> runner.deploy(change, force));
  }

  @Override
  public CompletionStage<Deployment> restart(PathId app, boolean force) {
    return call(() -> runner.restart(app, force));
  }

  @Override
  public CompletionStage<Optional<Deployment>> killTasks(
      Collection<String> taskIds, boolean scale, boolean wipe, boolean force) {
    return call(() -> new TaskKiller(core, runner, converger).kill(taskIds, scale, wipe, force));
  }

  @Override
  public CompletionStage<Optional<Deployment>> cancelDeployment(String id, boolean force) {
    return call(() -> runner.cancel(id, force));
  }

  @Override
  public CompletionStage<Boolean> resetDelay(PathId app) {
    return call(
        () -> {
          if (core.state.root.app(app).isEmpty()) {
            throw new ServicesException(404, "App '" + app + "' does not exist");
          }
          AppRecord r = core.state.record(app);
          boolean had = r.resetDelay();
          core.saveApp(app);
          converger.converge();
          return had;
        });
  }

  @Override
  public AutoCloseable subscribe(Consumer<ServicesEvent> listener) {
    ServicesCore c = core;
    if (c == null) {
      throw new ServicesException(503, "services framework is not running");
    }
    return c.events.subscribe(listener);
  }
}
