package io.mezzo.agent;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The TASK_KILLED reports of tasks a kill took out of the launch queue, made a batch per turn of
 * the agent's context: each report costs fsyncs (the task and its update are checkpointed), and a
 * TEARDOWN of thousands of waiting tasks must not hold heartbeats and acknowledgements behind all
 * of them. The tasks are out of the queue before they get here, so nothing of them runs meanwhile.
 * Owned by the agent's context.
 */
final class QueuedKillReports {
  /** How many reports one turn of the context makes. */
  static final int PER_TURN = 32;

  private final Executor ctx;
  private final Consumer<TaskRun> report;
  private final ArrayDeque<TaskRun> pending = new ArrayDeque<>();

  /**
   * @param ctx the agent's context, where the batches run
   * @param report reports one task killed (called for tasks that have not ended meanwhile)
   */
  QueuedKillReports(Executor ctx, Consumer<TaskRun> report) {
    this.ctx = ctx;
    this.report = report;
  }

  /** Reports {@code t} killed in a coming turn of the context. */
  void add(TaskRun t) {
    pending.addLast(t);
    if (pending.size() == 1) {
      ctx.execute(this::batch);
    }
  }

  private void batch() {
    for (int i = 0; i < PER_TURN && !pending.isEmpty(); i++) {
      TaskRun t = pending.removeFirst();
      if (!t.isTerminal()) {
        report.accept(t);
      }
    }
    if (!pending.isEmpty()) {
      ctx.execute(this::batch);
    }
  }
}
