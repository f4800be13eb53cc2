package io.mezzo.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.scheduler.Call;
import io.mezzo.api.v1.scheduler.Event;
import io.mezzo.framework.sdk.SchedulerCallException;
import io.mezzo.framework.sdk.SchedulerConnections;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The in-process transport keeps the {@link SchedulerConnections} contract against a master. */
class InProcessConnectionsTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  @TempDir Path work;
  private InProcessCluster cluster;
  private final List<Event> events = new CopyOnWriteArrayList<>();
  private final List<String> closes = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static FrameworkInfo info() {
    return FrameworkInfo.builder().user("root").name("sdk").failoverTimeout(60.0).build();
  }

  private SchedulerConnections.Stream subscribe(Call call) throws Exception {
    return cluster
        .connections()
        .subscribe(call, events::add, closes::add)
        .toCompletableFuture()
        .get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  @Test
  void subscribesCallsWithItsStreamIdAndHangsUpOnce() throws Exception {
    cluster = new InProcessCluster(work);
    SchedulerConnections.Stream stream = subscribe(Call.subscribe(info()));
    await().atMost(WAIT).until(() -> !events.isEmpty());
    assertThat(events.get(0).type()).isEqualTo(Event.Type.SUBSCRIBED);
    FrameworkId id = events.get(0).subscribed().frameworkId();

    stream
        .call(Call.reconcile(id, new Call.Reconcile(List.of())))
        .toCompletableFuture()
        .get(WAIT.toSeconds(), TimeUnit.SECONDS);

    stream.close();
    stream.close();
    assertThat(closes).containsExactly("closed by the framework");
    assertThatThrownBy(
            () ->
                stream
                    .call(Call.reconcile(id, new Call.Reconcile(List.of())))
                    .toCompletableFuture()
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS))
        .hasCauseInstanceOf(SchedulerCallException.class);
  }

  @Test
  void aRefusedCallFailsWithTheMastersStatusAndMessage() throws Exception {
    cluster = new InProcessCluster(work);
    SchedulerConnections.Stream stream = subscribe(Call.subscribe(info()));
    await().atMost(WAIT).until(() -> !events.isEmpty());
    assertThatThrownBy(
            () ->
                stream
                    .call(Call.reconcile(new FrameworkId("nobody"), new Call.Reconcile(List.of())))
                    .toCompletableFuture()
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS))
        .cause()
        .isInstanceOf(SchedulerCallException.class)
        .hasMessageContaining("400")
        .hasMessageContaining("Framework cannot be found");
  }

  @Test
  void theMasterClosingTheStreamIsReportedOnce() throws Exception {
    cluster = new InProcessCluster(work);
    subscribe(Call.subscribe(info()));
    await().atMost(WAIT).until(() -> !events.isEmpty());
    cluster.master.close();
    await().atMost(WAIT).until(() -> !closes.isEmpty());
    assertThat(closes).containsExactly("the master closed the stream");
  }
}
