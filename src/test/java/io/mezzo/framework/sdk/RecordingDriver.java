package io.mezzo.framework.sdk;

import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.Filters;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.KillPolicy;
import io.mezzo.api.v1.OfferId;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.api.v1.scheduler.Call;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * A SchedulerDriver that records every call and answers each at once (or as scripted), for the
 * built-in frameworks' unit tests.
 */
public final class RecordingDriver implements SchedulerDriver {
  private final List<String> calls = new ArrayList<>();
  private final List<TaskInfo> launched = new ArrayList<>();
  private final List<TaskId> killed = new ArrayList<>();
  private final List<OfferId> declined = new ArrayList<>();
  private final List<TaskStatus> acked = new ArrayList<>();
  private final List<List<Call.Reconcile.Task>> reconciled = new ArrayList<>();
  public volatile Consumer<List<TaskInfo>> onAccept = t -> {};
  public volatile RuntimeException refuseAccept;

  @Override
  public Optional<FrameworkId> frameworkId() {
    return Optional.of(FrameworkId.of("fw-1"));
  }

  @Override
  public synchronized CompletionStage<Void> accept(
      List<OfferId> offers, List<Call.Operation> operations, Filters filters) {
    List<TaskInfo> tasks = new ArrayList<>();
    operations.forEach(o -> tasks.addAll(o.launch().taskInfos()));
    onAccept.accept(tasks);
    calls.add("ACCEPT " + offers.get(0).value());
    if (refuseAccept != null) {
      return CompletableFuture.failedFuture(refuseAccept);
    }
    launched.addAll(tasks);
    return done();
  }

  @Override
  public synchronized CompletionStage<Void> decline(List<OfferId> offers, Filters filters) {
    calls.add("DECLINE");
    declined.addAll(offers);
    return done();
  }

  @Override
  public synchronized CompletionStage<Void> kill(TaskId task, AgentId agent, KillPolicy p) {
    calls.add("KILL " + task.value());
    killed.add(task);
    return done();
  }

  @Override
  public synchronized CompletionStage<Void> acknowledge(TaskStatus status) {
    acked.add(status);
    return done();
  }

  @Override
  public synchronized CompletionStage<Void> reconcile(List<Call.Reconcile.Task> tasks) {
    calls.add("RECONCILE");
    reconciled.add(List.copyOf(tasks));
    return done();
  }

  @Override
  public synchronized CompletionStage<Void> revive() {
    calls.add("REVIVE");
    return done();
  }

  @Override
  public synchronized CompletionStage<Void> suppress() {
    calls.add("SUPPRESS");
    return done();
  }

  @Override
  public CompletionStage<Void> teardown() {
    return done();
  }

  public synchronized List<TaskInfo> launched() {
    return List.copyOf(launched);
  }

  public synchronized List<String> launchedIds() {
    return launched.stream().map(t -> t.taskId().value()).toList();
  }

  public synchronized List<TaskId> killed() {
    return List.copyOf(killed);
  }

  public synchronized List<String> calls() {
    return List.copyOf(calls);
  }

  public synchronized List<OfferId> declined() {
    return List.copyOf(declined);
  }

  public synchronized List<TaskStatus> acked() {
    return List.copyOf(acked);
  }

  public synchronized List<List<Call.Reconcile.Task>> reconciled() {
    return List.copyOf(reconciled);
  }

  private static CompletableFuture<Void> done() {
    return CompletableFuture.completedFuture(null);
  }
}
