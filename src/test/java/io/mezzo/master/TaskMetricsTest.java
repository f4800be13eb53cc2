package io.mezzo.master;

import static io.mezzo.master.MasterHarness.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.api.v1.Offer;
import io.mezzo.api.v1.OfferId;
import io.mezzo.api.v1.TaskState;
import io.mezzo.master.operator.MasterMetricsSnapshot;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Terminal task states are counted as Mesos counts them ({@code master/tasks_*}), from the changes
 * the master applies, so tasks that end before they exist (rejected at ACCEPT) count too.
 */
class TaskMetricsTest {
  private final MasterHarness h = new MasterHarness();

  @AfterEach
  void stop() {
    h.close();
  }

  private Map<String, Double> snapshot() {
    return MasterHarness.get(h.master.inspect(s -> MasterMetricsSnapshot.of(s, 0)));
  }

  @Test
  void anInvalidLaunchIncrementsTasksError() {
    h.registerAgent("cpus:2;mem:512");
    var fw = h.subscribe("fw");
    h.allocate();
    Offer offer = fw.lastOffer();
    assertThat(snapshot()).containsEntry("master/tasks_error", 0.0);

    fw.launch(offer, task("big", offer, 3, 32));

    assertThat(fw.lastUpdate().state()).isEqualTo(TaskState.TASK_ERROR);
    assertThat(snapshot()).containsEntry("master/tasks_error", 1.0);
    assertThat(h.master.metrics().tasksEnded(TaskState.TASK_ERROR)).isEqualTo(1);
  }

  @Test
  void aLaunchOnInvalidOffersIncrementsTasksDropped() {
    h.registerAgent("cpus:2;mem:512");
    var fw = h.subscribe("fw");
    h.allocate();
    Offer real = fw.lastOffer();
    Offer fake =
        new Offer(
            new OfferId("nope"), fw.id, real.agentId(), null, null, null, List.of(), null, null);

    fw.launch(fake, task("t1", real, 0.1, 32));

    // A framework that is not partition-aware sees TASK_LOST; the master counts what it decided.
    assertThat(fw.lastUpdate().state()).isEqualTo(TaskState.TASK_LOST);
    assertThat(snapshot())
        .containsEntry("master/tasks_dropped", 1.0)
        .containsEntry("master/tasks_error", 0.0);
  }
}
