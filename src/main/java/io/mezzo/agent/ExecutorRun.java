package io.mezzo.agent;

import io.mezzo.agent.state.Paths;
import io.mezzo.api.v1.ExecutorId;
import io.mezzo.api.v1.ExecutorInfo;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.core.time.Timers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One run of a custom executor on this agent: its container, its stream, and the tasks it runs.
 * Owned by the agent's context.
 *
 * <pre>
 *   LAUNCHING ──container runs──▶ REGISTERING ──SUBSCRIBE──▶ RUNNING ──SHUTDOWN sent──▶ TERMINATING
 *       │                            │    ▲                     │ │                        │
 *       │                            │    └─ stream lost ───────┘ │                        │
 *       │                            │       (until it returns)   │                        │
 *       └──── launch failed, ────────┴────────────────────────────┴── container ended ─────┴──▶ TERMINATED
 *             registration timeout
 * </pre>
 *
 * <p>A recovered run (agent restart) starts in REGISTERING: the executor must re-subscribe within
 * the re-registration timeout. Tasks given before SUBSCRIBE wait in {@link #queued} and go out as
 * LAUNCH events on SUBSCRIBED; later ones go straight to the stream.
 */
final class ExecutorRun {
  /** Where the executor is in its life; see the diagram above. */
  enum State {
    LAUNCHING,
    REGISTERING,
    RUNNING,
    TERMINATING,
    TERMINATED
  }

  private static final Map<State, Set<State>> NEXT =
      Map.of(
          State.LAUNCHING, EnumSet.of(State.REGISTERING, State.TERMINATING, State.TERMINATED),
          State.REGISTERING, EnumSet.of(State.RUNNING, State.TERMINATING, State.TERMINATED),
          State.RUNNING, EnumSet.of(State.REGISTERING, State.TERMINATING, State.TERMINATED),
          State.TERMINATING, EnumSet.of(State.TERMINATED),
          State.TERMINATED, EnumSet.noneOf(State.class));

  final FrameworkInfo framework;
  final ExecutorInfo info;
  final Paths.Run run;

  /** The executor's tasks that have not been acknowledged terminal, by id, in launch order. */
  final Map<TaskId, TaskRun> tasks = new LinkedHashMap<>();

  /** Tasks waiting for the executor to subscribe. */
  final List<TaskInfo> queued = new ArrayList<>();

  private State state;

  /** The open subscription, null while none. */
  ExecutorStream stream;

  /** The registration (or re-registration) deadline, or the shutdown grace timer. */
  Timers.Cancellable timer;

  /**
   * Why the agent destroyed the container, if it did: becomes the reason of the tasks that were
   * still running, instead of a plain {@code REASON_EXECUTOR_TERMINATED}.
   */
  TaskStatus.Reason destroyReason;

  String destroyMessage;

  ExecutorRun(FrameworkInfo framework, ExecutorInfo info, Paths.Run run, State initial) {
    this.framework = framework;
    this.info = info;
    this.run = run;
    this.state = initial;
  }

  ExecutorId id() {
    return info.executorId();
  }

  FrameworkId frameworkId() {
    return run.frameworkId();
  }

  State state() {
    return state;
  }

  boolean isTerminated() {
    return state == State.TERMINATED;
  }

  /** Mesos's rule: the executor's own shutdown grace period, else the agent's. */
  Duration shutdownGrace(Duration agentDefault) {
    return info.shutdownGracePeriod() == null
        ? agentDefault
        : info.shutdownGracePeriod().toDuration();
  }

  /**
   * Moves to {@code to}.
   *
   * @throws IllegalStateException if the diagram has no such edge
   */
  void transition(State to) {
    if (!NEXT.get(state).contains(to)) {
      throw new IllegalStateException(
          "cannot go from " + state + " to " + to + ": executor " + id() + " of " + frameworkId());
    }
    state = to;
  }

  void cancelTimer() {
    if (timer != null) {
      timer.cancel();
      timer = null;
    }
  }
}
