package io.mezzo.master;

import io.mezzo.api.v1.TaskState;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counters the master bumps as it works. Written on the master's context, read from any thread by
 * the metrics endpoints (Prometheus and Mesos's {@code /metrics/snapshot}); plain Java so the
 * master stays free of Micrometer.
 */
public final class MasterMetrics {
  /** Counters whose names follow Mesos's {@code master/*} keys. */
  public enum Counter {
    SLAVE_REGISTRATIONS("master/slave_registrations"),
    SLAVE_REREGISTRATIONS("master/slave_reregistrations"),
    SLAVE_REMOVALS("master/slave_removals"),
    SLAVE_UNREACHABLE_COMPLETED("master/slave_unreachable_completed"),
    VALID_STATUS_UPDATES("master/valid_status_updates"),
    INVALID_STATUS_UPDATES("master/invalid_status_updates"),
    MESSAGES_LAUNCH_TASKS("master/messages_launch_tasks"),
    MESSAGES_DECLINE_OFFERS("master/messages_decline_offers"),
    MESSAGES_REVIVE_OFFERS("master/messages_revive_offers"),
    MESSAGES_SUPPRESS_OFFERS("master/messages_suppress_offers"),
    MESSAGES_KILL_TASK("master/messages_kill_task"),
    MESSAGES_ACKNOWLEDGEMENTS("master/messages_status_update_acknowledgement"),
    MESSAGES_RECONCILE_TASKS("master/messages_reconcile_tasks"),
    MESSAGES_REGISTER_FRAMEWORK("master/messages_register_framework"),
    MESSAGES_REREGISTER_FRAMEWORK("master/messages_reregister_framework"),
    MESSAGES_UNREGISTER_FRAMEWORK("master/messages_unregister_framework"),
    MESSAGES_FRAMEWORK_TO_EXECUTOR("master/messages_framework_to_executor"),
    VALID_FRAMEWORK_TO_EXECUTOR_MESSAGES("master/valid_framework_to_executor_messages"),
    INVALID_FRAMEWORK_TO_EXECUTOR_MESSAGES("master/invalid_framework_to_executor_messages"),
    MESSAGES_EXECUTOR_TO_FRAMEWORK("master/messages_executor_to_framework"),
    VALID_EXECUTOR_TO_FRAMEWORK_MESSAGES("master/valid_executor_to_framework_messages"),
    INVALID_EXECUTOR_TO_FRAMEWORK_MESSAGES("master/invalid_executor_to_framework_messages"),
    MESSAGES_EXITED_EXECUTOR("master/messages_exited_executor"),
    INVALID_CALLS("master/invalid_calls"),
    OFFERS_RESCINDED("master/offers_rescinded"),
    ALLOCATION_RUNS("allocator/mesos/allocation_runs");

    private final String mesosName;

    Counter(String mesosName) {
      this.mesosName = mesosName;
    }

    public String mesosName() {
      return mesosName;
    }
  }

  private final AtomicLongArray counters = new AtomicLongArray(Counter.values().length);
  private final AtomicLongArray tasksEnded = new AtomicLongArray(TaskState.values().length);
  private final AtomicLong outstandingOffers = new AtomicLong();
  private final AtomicLong lastAllocationNanos = new AtomicLong();
  private final AtomicLong totalAllocationNanos = new AtomicLong();

  public void increment(Counter c) {
    counters.incrementAndGet(c.ordinal());
  }

  public long get(Counter c) {
    return counters.get(c.ordinal());
  }

  public Map<Counter, Long> counters() {
    Map<Counter, Long> out = new EnumMap<>(Counter.class);
    for (Counter c : Counter.values()) {
      out.put(c, counters.get(c.ordinal()));
    }
    return out;
  }

  /** A task reached terminal {@code state} (Mesos's {@code master/tasks_<state>} counters). */
  public void taskEnded(TaskState state) {
    tasksEnded.incrementAndGet(state.ordinal());
  }

  /** How many tasks reached terminal {@code state} since this master started. */
  public long tasksEnded(TaskState state) {
    return tasksEnded.get(state.ordinal());
  }

  public void offersOutstanding(long n) {
    outstandingOffers.set(n);
  }

  void offerRescinded() {
    increment(Counter.OFFERS_RESCINDED);
  }

  public long outstandingOffers() {
    return outstandingOffers.get();
  }

  void allocationRun(long nanos) {
    increment(Counter.ALLOCATION_RUNS);
    lastAllocationNanos.set(nanos);
    totalAllocationNanos.addAndGet(nanos);
  }

  public double lastAllocationMillis() {
    return lastAllocationNanos.get() / 1e6;
  }

  public double totalAllocationSeconds() {
    return totalAllocationNanos.get() / 1e9;
  }
}
