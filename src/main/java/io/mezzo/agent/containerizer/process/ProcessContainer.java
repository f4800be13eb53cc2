package io.mezzo.agent.containerizer.process;

import io.mezzo.agent.containerizer.ContainerConfig;
import io.mezzo.agent.containerizer.ContainerLimitation;
import io.mezzo.agent.containerizer.ContainerRecord;
import io.mezzo.agent.isolator.Isolator;
import io.mezzo.core.time.Timers;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One container of the {@link ProcessContainerizer}, owned by its context. Its lifecycle is {@link
 * ContainerRecord}'s; within LAUNCHING, {@link #attached} tells the two steps apart:
 *
 * <pre>
 *   LAUNCHING, not attached ──wrapper ready──▶ LAUNCHING, attached ──go──▶ RUNNING ──▶ …
 *     (isolators prepare; nothing runs)          (wrapper parked in its own session; isolate)
 * </pre>
 *
 * A destroy before RUNNING only requests the destroy (and kills a parked wrapper); the launch sees
 * it and aborts.
 */
final class ProcessContainer extends ContainerRecord {
  /**
   * The process this agent run forked (the wrapper, or {@code setsid} if it had to fork); null for
   * a recovered container.
   */
  Process process;

  /** Pid of the wrapper, which is also the process group and session id; -1 before fork. */
  long pid = -1;

  /**
   * Whether this agent run saw the wrapper alive, so its pid is known to be our process group (and
   * not a recycled pid) when the group is cleaned up.
   */
  boolean attached;

  ContainerLimitation limitation;

  /**
   * What each isolator's {@code watch} returned, read again after cleanup for a late limitation.
   */
  final Map<Isolator, CompletableFuture<ContainerLimitation>> watches = new LinkedHashMap<>();

  /** Why the launch failed, once it has. */
  String launchFailure;

  Timers.Cancellable killTimer;

  ProcessContainer(ContainerConfig config) {
    super(config);
  }

  /** The wrapper reported {@code wrapperPid} from inside its new session. */
  void forked(long wrapperPid) {
    if (state() != State.LAUNCHING || attached) {
      throw new IllegalStateException(
          "cannot go from "
              + state()
              + (attached ? " (attached)" : "")
              + " to LAUNCHING (attached): container "
              + id()
              + " has a wrapper already");
    }
    this.pid = wrapperPid;
    this.attached = true;
  }

  @Override
  protected void onTerminated() {
    if (killTimer != null) {
      killTimer.cancel();
      killTimer = null;
    }
  }
}
