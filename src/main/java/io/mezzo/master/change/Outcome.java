package io.mezzo.master.change;

import io.mezzo.api.agent.AgentEvent;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.api.v1.scheduler.Event;
import io.mezzo.master.CallResult;
import io.mezzo.master.MasterMetrics.Counter;
import io.mezzo.master.offer.OfferEntry;
import io.mezzo.master.registry.FrameworkEntry;
import io.mezzo.master.registry.Registry;
import io.mezzo.master.scheduler.FrameworkStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a decision comes to (Kafka KRaft's {@code ControllerResult}): the registry to make durable,
 * the state changes, the messages, the counters to bump and the reply. The master's one applier
 * persists {@code registry} first (a fenced write makes the master step down and nothing else
 * happens), then applies {@code changes} in order, then bumps {@code counts}, then sends {@code
 * messages} in order, then asks for an allocation run if {@code allocate}, and answers {@code
 * reply}.
 *
 * @param registry the whole next registry document, or empty when nothing durable changes
 * @param allocate whether the outcome may have made resources offerable (an allocation run soon)
 */
public record Outcome(
    Optional<Registry> registry,
    List<Change> changes,
    List<Message> messages,
    List<Counter> counts,
    boolean allocate,
    CallResult reply) {

  public Outcome {
    Objects.requireNonNull(registry);
    changes = List.copyOf(changes);
    messages = List.copyOf(messages);
    counts = List.copyOf(counts);
    Objects.requireNonNull(reply, "an outcome always has a reply");
  }

  /** Nothing changes; the call is answered {@code reply}. */
  public static Outcome reply(CallResult reply) {
    return builder().reply(reply);
  }

  /** Nothing changes or is said; the 202 of a call that had nothing to do. */
  public static Outcome none() {
    return reply(CallResult.ACCEPTED);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Collects an outcome in decision order; {@link #reply} ends it. Not thread-safe. */
  public static final class Builder {
    private Registry registry;
    private final List<Change> changes = new ArrayList<>();
    private final List<Message> messages = new ArrayList<>();
    private final List<Counter> counts = new ArrayList<>();
    private boolean allocate;

    private Builder() {}

    /** The next registry document; a later call replaces an earlier one (it is written whole). */
    public Builder persist(Registry next) {
      this.registry = Objects.requireNonNull(next);
      return this;
    }

    /**
     * The registry document pending in this builder, or {@code current} if none is: what a second
     * durable change of the same outcome builds on.
     */
    public Registry registryOr(Registry current) {
      return registry != null ? registry : current;
    }

    public Builder change(Change change) {
      changes.add(Objects.requireNonNull(change));
      return this;
    }

    public Builder send(Message message) {
      messages.add(Objects.requireNonNull(message));
      return this;
    }

    public Builder toFramework(FrameworkId id, Event event) {
      return send(new Message.ToFramework(id, event));
    }

    public Builder toAgent(AgentId id, AgentEvent event) {
      return send(new Message.ToAgent(id, event));
    }

    public Builder toStream(FrameworkStream stream, Event event, boolean close) {
      return send(new Message.ToStream(stream, event, close));
    }

    /**
     * A status update to the framework, downgraded to TASK_LOST for frameworks without
     * PARTITION_AWARE (as Mesos does).
     */
    public Builder update(FrameworkEntry framework, TaskStatus status) {
      TaskStatus shown = status.withState(status.state().forFramework(framework.partitionAware()));
      return toFramework(framework.id(), Event.update(shown));
    }

    /** An unused offer leaves the books and its resources go back, filtered by {@code refuse}. */
    public Builder returnOffer(OfferEntry offer, Change.OfferRemoved.Why why, Duration refuse) {
      change(new Change.OfferRemoved(offer.id(), why));
      return change(
          new Change.ResourcesRecovered(
              offer.frameworkId(), offer.agentId(), offer.resources(), refuse));
    }

    /** Rescinds an offer: it is returned unfiltered and its framework is told. */
    public Builder rescind(OfferEntry offer) {
      returnOffer(offer, Change.OfferRemoved.Why.RESCINDED, null);
      count(Counter.OFFERS_RESCINDED);
      return toFramework(offer.frameworkId(), Event.rescind(offer.id()));
    }

    public Builder count(Counter counter) {
      counts.add(Objects.requireNonNull(counter));
      return this;
    }

    /** Asks for an allocation run soon after the outcome is applied (runs are coalesced). */
    public Builder allocate() {
      this.allocate = true;
      return this;
    }

    /** Whether anything was collected besides counters: lets a decider tell a no-op. */
    public boolean changesNothing() {
      return registry == null && changes.isEmpty() && messages.isEmpty();
    }

    public Outcome reply(CallResult reply) {
      return new Outcome(Optional.ofNullable(registry), changes, messages, counts, allocate, reply);
    }
  }
}
