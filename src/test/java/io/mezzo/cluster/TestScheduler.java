package io.mezzo.cluster;

import static org.awaitility.Awaitility.await;

import io.mezzo.api.v1.CommandInfo;
import io.mezzo.api.v1.Filters;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.Offer;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.api.v1.scheduler.Call;
import io.mezzo.api.v1.scheduler.Event;
import io.mezzo.master.CallResult;
import io.mezzo.master.Master;
import io.mezzo.master.scheduler.FrameworkStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A framework speaking to the master's entry points as the HTTP edge would: it records events and,
 * like a well-behaved scheduler, acknowledges every update that carries a uuid.
 */
final class TestScheduler implements FrameworkStream {
  private final String streamId = UUID.randomUUID().toString();
  private final List<Event> events = new CopyOnWriteArrayList<>();
  private final Master master;
  final FrameworkInfo info;
  volatile FrameworkId id;
  volatile boolean autoAck = true;

  /** A new scheduler process for an existing framework: same info and id, a new stream. */
  TestScheduler(Master master, FrameworkInfo existing) {
    this.master = master;
    this.info = existing;
  }

  TestScheduler(Master master, String name, FrameworkInfo.Capability.Type... caps) {
    this.master = master;
    List<FrameworkInfo.Capability> c = new ArrayList<>();
    for (var t : caps) {
      c.add(new FrameworkInfo.Capability(t));
    }
    this.info =
        FrameworkInfo.builder()
            .user("root")
            .name(name)
            .failoverTimeout(3600.0)
            .checkpoint(true)
            .capabilities(c)
            .build();
  }

  TestScheduler subscribe() {
    Call call = Call.subscribe(info);
    InProcessCluster.get(master.subscribe(call, this));
    await().atMost(Duration.ofSeconds(60)).until(() -> id != null);
    return this;
  }

  @Override
  public String id() {
    return streamId;
  }

  @Override
  public void send(Event event) {
    events.add(event);
    if (event.type() == Event.Type.SUBSCRIBED) {
      id = event.subscribed().frameworkId();
    }
    if (autoAck && event.type() == Event.Type.UPDATE && event.update().status().uuid() != null) {
      TaskStatus s = event.update().status();
      call(Call.acknowledge(id, new Call.Acknowledge(s.agentId(), s.taskId(), s.uuid())));
    }
  }

  @Override
  public void close() {}

  CallResult call(Call call) {
    // Not joined: send() runs on the master's context, which must not wait on itself.
    return master.call(call, streamId).toCompletableFuture().getNow(CallResult.ACCEPTED);
  }

  CallResult callAndWait(Call call) {
    return InProcessCluster.get(master.call(call, streamId));
  }

  List<Offer> offers() {
    List<Offer> out = new ArrayList<>();
    events.stream()
        .filter(e -> e.type() == Event.Type.OFFERS)
        .forEach(e -> out.addAll(e.offers().offers()));
    return out;
  }

  List<Event> events(Event.Type type) {
    return events.stream().filter(e -> e.type() == type).toList();
  }

  List<TaskStatus> updates(String taskId) {
    return events(Event.Type.UPDATE).stream()
        .map(e -> e.update().status())
        .filter(s -> s.taskId().value().equals(taskId))
        .toList();
  }

  boolean saw(String taskId, TaskState state) {
    return updates(taskId).stream().anyMatch(s -> s.state() == state);
  }

  private int consumed;

  /** The next offer this test has not looked at yet, waiting for it if need be. */
  Offer awaitOffer() {
    await().atMost(Duration.ofSeconds(60)).until(() -> offers().size() > consumed);
    return offers().get(consumed++);
  }

  CallResult launch(Offer offer, String taskId, double cpus, double mem, String command) {
    TaskInfo task =
        new TaskInfo(
            taskId,
            new TaskId(taskId),
            offer.agentId(),
            List.of(Resource.scalar("cpus", cpus), Resource.scalar("mem", mem)),
            null,
            CommandInfo.shell(command),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    return callAndWait(
        Call.accept(
            id,
            new Call.Accept(
                List.of(offer.id()),
                List.of(Call.Operation.launch(List.of(task))),
                new Filters(0.0))));
  }

  CallResult decline(Offer offer, double seconds) {
    return callAndWait(
        Call.decline(id, new Call.Decline(List.of(offer.id()), new Filters(seconds))));
  }

  CallResult suppress() {
    return callAndWait(Call.suppress(id, new Call.Suppress(null)));
  }

  CallResult revive() {
    return callAndWait(Call.revive(id, new Call.Revive(null)));
  }
}
