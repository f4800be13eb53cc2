package io.mezzo.framework.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.OfferId;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.api.v1.scheduler.Call;
import io.mezzo.api.v1.scheduler.Event;
import io.mezzo.core.concurrent.PumpedQueue;
import io.mezzo.core.concurrent.SerialContext;
import io.mezzo.core.time.ManualTimers;
import io.mezzo.framework.sdk.SchedulerClient.State;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The client's state machine, deterministic: a pumped context, hand-moved time and a transport the
 * test scripts step by step.
 */
class SchedulerClientTest {
  private static final FrameworkId ID = new FrameworkId("fw-1");
  private static final SchedulerClientSettings SETTINGS =
      new SchedulerClientSettings(
          Duration.ofSeconds(1),
          Duration.ofSeconds(8),
          5,
          Duration.ofSeconds(30),
          Duration.ofSeconds(5));

  private final PumpedQueue pump = new PumpedQueue();
  private final SerialContext context = SerialContext.pumped("client", pump);
  private final ManualTimers timers = new ManualTimers();
  private final ScriptedConnections connections = new ScriptedConnections();
  private final RecordingScheduler scheduler = new RecordingScheduler();
  private final SchedulerClient client = client(info());

  private static FrameworkInfo info() {
    return FrameworkInfo.builder()
        .user("root")
        .name("svc")
        .failoverTimeout(600.0)
        .roles(List.of("marathon", "extra"))
        .capabilities(
            List.of(new FrameworkInfo.Capability(FrameworkInfo.Capability.Type.MULTI_ROLE)))
        .build();
  }

  private SchedulerClient client(FrameworkInfo info) {
    return new SchedulerClient(
        info, scheduler, connections, timers, new SplittableRandom(7), SETTINGS, context);
  }

  private void settle() {
    pump.runUntilIdle(10_000);
  }

  /** Moves time in small steps, letting the client react between them as real time would. */
  private void advance(Duration by) {
    Instant end = timers.clock().instant().plus(by);
    settle();
    while (timers.clock().instant().isBefore(end)) {
      Duration step = Duration.between(timers.clock().instant(), end);
      timers.advance(step.compareTo(Duration.ofMillis(100)) < 0 ? step : Duration.ofMillis(100));
      settle();
    }
  }

  private ScriptedConnections.Attempt subscribed(double heartbeatSeconds) {
    ScriptedConnections.Attempt a = connections.last().open();
    a.emit(Event.subscribed(ID, heartbeatSeconds, null));
    settle();
    return a;
  }

  private static TaskStatus status(String task, String uuid) {
    return TaskStatus.builder(new TaskId(task), TaskState.TASK_RUNNING)
        .agentId(new AgentId("a1"))
        .uuid(uuid)
        .build();
  }

  private static Throwable failure(java.util.concurrent.CompletionStage<Void> s) {
    try {
      s.toCompletableFuture().get(1, TimeUnit.SECONDS);
      return null;
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void reconcilesImplicitlyThenDeliversEventsInOrder() {
    client.start();
    settle();
    ScriptedConnections.Attempt a = connections.last().open();
    a.emit(Event.subscribed(ID, 15, null))
        .emit(Event.offers(List.of()))
        .emit(Event.update(status("t1", "u1")))
        .emit(Event.heartbeat())
        .emit(Event.rescind(new OfferId("o1")));
    settle();

    assertThat(a.stream.calls.get(0).type()).isEqualTo(Call.Type.RECONCILE);
    assertThat(a.stream.calls.get(0).reconcile().tasks()).isEmpty();
    assertThat(a.stream.calls.get(0).frameworkId()).isEqualTo(ID);
    assertThat(scheduler.log)
        .containsExactly("subscribed fw-1", "offers 0", "update t1 TASK_RUNNING", "rescinded o1");
    assertThat(client.state()).isEqualTo(State.SUBSCRIBED);
    assertThat(client.frameworkId()).contains(ID);
  }

  @Test
  void eventsThatArriveBeforeTheStreamIsAnsweredWaitForIt() {
    client.start();
    settle();
    ScriptedConnections.Attempt a = connections.last();
    a.emit(Event.subscribed(ID, 15, null)).emit(Event.offers(List.of()));
    settle();
    assertThat(scheduler.log).isEmpty();
    a.open();
    settle();
    assertThat(scheduler.log).containsExactly("subscribed fw-1", "offers 0");
    assertThat(a.stream.calls).extracting(Call::type).containsExactly(Call.Type.RECONCILE);
  }

  @Test
  void callsFailAtOnceWhileNotSubscribedAndSayWhy() {
    Throwable before = failure(client.revive());
    assertThat(before).isInstanceOf(SchedulerCallException.class).hasMessageContaining("503");
    assertThat(before).hasMessageContaining("REVIVE not sent").hasMessageContaining("not started");

    client.start();
    settle();
    ScriptedConnections.Attempt a = subscribed(1);
    assertThat(failure(client.suppress())).isNull();
    a.closeByMaster("connection reset");
    settle();
    Throwable after = failure(client.decline(List.of(new OfferId("o1")), null));
    assertThat(after).hasMessageContaining("connection reset");
    assertThat(a.stream.calls).extracting(Call::type).doesNotContain(Call.Type.DECLINE);
  }

  @Test
  void heartbeatsKeepTheStreamAndTheirLossResubscribesAsTheSameFramework() {
    client.start();
    settle();
    ScriptedConnections.Attempt first = subscribed(1);
    for (int i = 0; i < 20; i++) {
      advance(Duration.ofSeconds(1));
      first.emit(Event.heartbeat());
    }
    assertThat(connections.attempts).hasSize(1);

    advance(Duration.ofMillis(4900));
    assertThat(client.state()).isEqualTo(State.SUBSCRIBED);
    advance(Duration.ofMillis(200)); // five intervals of silence, checked once a second
    assertThat(first.stream.closed).isTrue();
    assertThat(client.state()).isEqualTo(State.BACKING_OFF);
    assertThat(scheduler.log).endsWith("disconnected");

    advance(Duration.ofSeconds(1)); // first backoff: within [0.5 s, 1 s]
    assertThat(connections.attempts).hasSize(2);
    Call again = connections.last().subscribe;
    assertThat(again.frameworkId()).isEqualTo(ID);
    assertThat(again.subscribe().frameworkInfo().id()).isEqualTo(ID);
    subscribed(1);
    assertThat(scheduler.log).endsWith("disconnected", "subscribed fw-1");
    assertThat(connections.last().stream.calls.get(0).type()).isEqualTo(Call.Type.RECONCILE);
  }

  @Test
  void backoffDoublesWithJitterUpToItsCapAndResetsOnceSubscribed() {
    client.start();
    settle();
    List<Instant> tries = new ArrayList<>();
    tries.add(timers.clock().instant());
    for (int i = 0; i < 7; i++) {
      connections.last().refuse(503, "Master has not finished recovery");
      int before = connections.attempts.size();
      while (connections.attempts.size() == before) {
        advance(Duration.ofMillis(100));
      }
      tries.add(timers.clock().instant());
    }
    long[] caps = {1000, 2000, 4000, 8000, 8000, 8000, 8000};
    for (int i = 0; i < caps.length; i++) {
      long gap = Duration.between(tries.get(i), tries.get(i + 1)).toMillis();
      assertThat(gap).as("gap %d", i).isBetween(caps[i] / 2, caps[i] + 100);
    }

    subscribed(15).closeByMaster("master failed over");
    settle();
    Instant dropped = timers.clock().instant();
    int before = connections.attempts.size();
    while (connections.attempts.size() == before) {
      advance(Duration.ofMillis(100));
    }
    assertThat(Duration.between(dropped, timers.clock().instant()).toMillis()).isLessThan(1100);
  }

  @Test
  void noSubscribedInTimeIsADroppedAttempt() {
    client.start();
    settle();
    ScriptedConnections.Attempt silent = connections.last().open();
    advance(Duration.ofSeconds(30));
    assertThat(silent.stream.closed).isTrue();
    advance(Duration.ofSeconds(1));
    assertThat(connections.attempts).hasSize(2);
    assertThat(scheduler.log).doesNotContain("disconnected"); // it never was subscribed
  }

  @Test
  void anErrorEventEndsTheClientForGood() {
    client.start();
    settle();
    ScriptedConnections.Attempt a = subscribed(1);
    a.emit(Event.error("Framework has been removed")).closeByMaster("closed");
    settle();
    assertThat(scheduler.log).endsWith("error Framework has been removed");
    assertThat(client.state()).isEqualTo(State.FAILED);
    assertThat(a.stream.closed).isTrue();
    advance(Duration.ofMinutes(5));
    assertThat(connections.attempts).hasSize(1);
    assertThat(failure(client.revive())).hasMessageContaining("Framework has been removed");
  }

  @Test
  void anErrorBeforeTheAnswerStillWinsOverTheCloseThatFollowsIt() {
    // The in-process master sends ERROR and closes the stream before its SUBSCRIBE returns.
    client.start();
    settle();
    ScriptedConnections.Attempt a = connections.last();
    a.emit(Event.error("Framework has been removed")).closeByMaster("the master closed it");
    settle();
    a.open();
    settle();
    assertThat(client.state()).isEqualTo(State.FAILED);
    assertThat(scheduler.log).containsExactly("error Framework has been removed");
  }

  @Test
  void aSubscribeRefusedAsMalformedIsFinalButUnavailableIsRetried() {
    client.start();
    settle();
    connections.last().refuse(503, "No leader elected");
    advance(Duration.ofSeconds(2));
    assertThat(connections.attempts).hasSize(2);
    connections.last().refuse(400, "'framework_info.user' must be set");
    advance(Duration.ofMinutes(1));
    assertThat(connections.attempts).hasSize(2);
    assertThat(client.state()).isEqualTo(State.FAILED);
    assertThat(scheduler.log).singleElement().asString().contains("must be set");
  }

  @Test
  void suppressAndReviveNameTheFrameworksRolesAndAcksNeedAUuid() {
    client.start();
    settle();
    ScriptedConnections.Attempt a = subscribed(15);
    client.suppress();
    client.revive();
    client.acknowledge(status("t1", null));
    client.acknowledge(status("t2", "dXVpZA=="));
    List<Call> calls = a.stream.calls;
    assertThat(calls)
        .extracting(Call::type)
        .containsExactly(
            Call.Type.RECONCILE, Call.Type.SUPPRESS, Call.Type.REVIVE, Call.Type.ACKNOWLEDGE);
    assertThat(calls.get(1).suppress().roles()).containsExactly("marathon", "extra");
    assertThat(calls.get(2).revive().roles()).containsExactly("marathon", "extra");
    assertThat(calls.get(3).acknowledge().uuid()).isEqualTo("dXVpZA==");
    assertThat(calls.get(3).acknowledge().taskId()).isEqualTo(new TaskId("t2"));
  }

  @Test
  void aKnownFrameworkIdIsUsedFromTheFirstSubscribe() {
    SchedulerClient known = client(info().withId(ID));
    assertThat(known.frameworkId()).contains(ID);
    known.start();
    settle();
    assertThat(connections.last().subscribe.frameworkId()).isEqualTo(ID);
  }

  @Test
  void eventsFromAStreamGivenUpAreIgnored() {
    client.start();
    settle();
    ScriptedConnections.Attempt old = subscribed(1);
    advance(Duration.ofMillis(5200));
    assertThat(client.state()).isEqualTo(State.BACKING_OFF);
    int seen = scheduler.log.size();
    // A transport that is slow to notice it was hung up on still hands over what it had read.
    old.stream.closed = false;
    old.emit(Event.offers(List.of()));
    settle();
    assertThat(scheduler.log).hasSize(seen);
  }

  @Test
  void stopHangsUpStopsRetryingAndIsIdempotent() {
    client.start();
    settle();
    ScriptedConnections.Attempt a = subscribed(15);
    context.execute(client::stop);
    context.execute(client::stop);
    settle();
    client.stop();
    assertThat(a.stream.closes).isEqualTo(1);
    assertThat(client.state()).isEqualTo(State.STOPPED);
    advance(Duration.ofMinutes(1));
    assertThat(connections.attempts).hasSize(1);
    assertThat(failure(client.kill(new TaskId("t"), null, null))).hasMessageContaining("stopped");
    assertThatThrownBy(client::start).isInstanceOf(IllegalStateException.class);
  }
}
