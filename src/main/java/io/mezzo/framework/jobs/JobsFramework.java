package io.mezzo.framework.jobs;

import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.Offer;
import io.mezzo.api.v1.OfferId;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.core.concurrent.SerialContext;
import io.mezzo.framework.jobs.job.JobDefinition;
import io.mezzo.framework.sdk.BuiltInFramework;
import io.mezzo.framework.sdk.ClientStarter;
import io.mezzo.framework.sdk.FrameworkContext;
import io.mezzo.framework.sdk.Scheduler;
import io.mezzo.framework.sdk.SchedulerDriver;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The built-in jobs framework ("chronos"): scheduled and dependent batch jobs behind Chronos's REST
 * API ({@link JobsApi}). It is an ordinary v1 framework on the SDK: its own FrameworkID (stored
 * before first use and reused on every start, so a new leader's copy fails over to the same
 * framework), role {@code chronos}, a one-week failover timeout, checkpointing and PARTITION_AWARE.
 *
 * <p>All state lives on one owner thread (a {@link SerialContext}); SDK callbacks, timers and API
 * calls hop onto it, and an API call that changes state completes only once the change is stored.
 * The parts: {@link SlotClaims} (time: slots, retries, overruns), {@link JobLauncher} (offers),
 * {@link RunOutcomes} (updates), {@link Reconciler} (after each subscription), {@link JobCommands}
 * (API changes), {@link JobsStore} (documents). A failed store write (another master leads now)
 * stops it without acting.
 */
public final class JobsFramework implements BuiltInFramework, Scheduler, JobsApi {
  private static final Logger LOG = Logger.getLogger(JobsFramework.class);
  private final JobsConfig config;
  private final ClientStarter starter;
  private volatile SerialContext owner;
  private volatile JobsCore core;
  private SlotClaims claims;
  private JobLauncher launcher;
  private RunOutcomes outcomes;
  private Reconciler reconciler;
  private JobCommands commands;
  private AutoCloseable client;
  private volatile boolean stopped;

  public JobsFramework(JobsConfig config, ClientStarter starter) {
    this.config = config;
    this.starter = starter;
  }

  @Override
  public String name() {
    return "jobs";
  }

  @Override
  public synchronized void start(FrameworkContext context) {
    if (owner != null) {
      throw new IllegalStateException("jobs framework already started");
    }
    SerialContext ctx = new SerialContext("jobs");
    JobsCore c =
        new JobsCore(config, context.timers(), new JobsStore(context.store()), ctx::execute);
    claims = new SlotClaims(c);
    launcher = new JobLauncher(c, claims);
    claims.onQueueGrew(launcher::queueGrew);
    reconciler = new Reconciler(c, claims);
    outcomes = new RunOutcomes(c, claims, reconciler);
    commands = new JobCommands(c, claims, launcher, outcomes);
    c.onFence = this::closeClient;
    owner = ctx;
    core = c;
    ctx.execute(
        () -> {
          try {
            new JobsLoader(c).load();
          } catch (RuntimeException e) {
            c.fencedBecause = "cannot load state: " + e.getMessage();
            LOG.errorf(e, "jobs framework cannot load its state");
            return;
          }
          c.loaded = true;
          LOG.infof(
              "jobs state loaded: %d jobs, framework id %s",
              c.jobs.size(), c.frameworkId.map(FrameworkId::value).orElse("(none yet)"));
          client = starter.start(config.frameworkInfo(c.frameworkId.orElse(null)), this, context);
          reconciler.everyPeriod();
          // Slots that came while no leader ran are decided now: inside epsilon run, else skipped.
          List.copyOf(c.jobs.values()).forEach(j -> SlotClaims.guarded(() -> claims.plan(j)));
        });
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
              core.jobs.values().forEach(JobsCore::cancelWake);
              closeClient();
              return null;
            })
        .completeOnTimeout(null, 5, TimeUnit.SECONDS)
        .join();
    ctx.close(Duration.ofSeconds(5));
  }

  private void closeClient() {
    if (client != null) {
      try {
        client.close();
      } catch (Exception e) {
        LOG.warnf(e, "stopping the jobs subscription failed");
      }
      client = null;
    }
  }

  // --- Scheduler callbacks: hop onto the owner thread ---

  @Override
  public void subscribed(SchedulerDriver driver, FrameworkId frameworkId) {
    onOwner(
        () -> {
          JobsCore c = core;
          if (c.frameworkId.filter(frameworkId::equals).isEmpty()) {
            c.frameworkId = Optional.of(frameworkId);
            c.saveFrameworkId(frameworkId); // before the id is used for anything else
          }
          c.driver = driver;
          LOG.infof("jobs framework subscribed as %s", frameworkId.value());
          launcher.subscribed();
          reconciler.reconcile();
          List.copyOf(c.jobs.values()).forEach(claims::release);
          launcher.updateSuppression();
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
    onOwner(() -> outcomes.update(status));
  }

  @Override
  public void error(SchedulerDriver driver, String message) {
    onOwner(
        () -> {
          LOG.errorf("the master ended the jobs framework: %s", message);
          core.driver = null;
          reconciler.disconnected();
        });
  }

  @Override
  public void disconnected(SchedulerDriver driver, String why) {
    onOwner(
        () -> {
          LOG.infof("jobs framework disconnected: %s", why);
          core.driver = null;
          reconciler.disconnected();
        });
  }

  private void onOwner(Runnable r) {
    SerialContext ctx = owner;
    JobsCore c = core;
    if (ctx != null && c != null && c.fencedBecause == null) {
      ctx.execute(
          () -> {
            if (c.usable()) {
              SlotClaims.guarded(r);
            }
          });
    }
  }

  // --- JobsApi: run on the owner thread, complete once durable ---

  private <T> CompletionStage<T> call(Supplier<T> work) {
    SerialContext ctx = owner;
    if (ctx == null || stopped) {
      return CompletableFuture.failedFuture(
          new JobsException(503, "jobs framework is not running"));
    }
    return ctx.call(
        () -> {
          core.checkUsable();
          return work.get();
        });
  }

  private CompletionStage<Void> change(Runnable work) {
    return call(
        () -> {
          work.run();
          return null;
        });
  }

  @Override
  public CompletionStage<JobsSnapshot> snapshot() {
    return call(() -> core.snapshot());
  }

  @Override
  public CompletionStage<Void> put(JobDefinition job, Optional<JobsSnapshot.Counters> counters) {
    return change(() -> commands.put(job, counters));
  }

  @Override
  public CompletionStage<Void> delete(String name) {
    return change(() -> commands.delete(name));
  }

  @Override
  public CompletionStage<Void> run(String name, Optional<String> arguments) {
    return change(() -> commands.run(name, arguments));
  }

  @Override
  public CompletionStage<Void> killTasks(String name) {
    return change(() -> commands.killTasks(name));
  }

  @Override
  public CompletionStage<Boolean> markSuccess(String name) {
    return call(() -> commands.markSuccess(name));
  }
}
