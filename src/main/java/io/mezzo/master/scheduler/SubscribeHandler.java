package io.mezzo.master.scheduler;

import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.scheduler.Call;
import io.mezzo.api.v1.scheduler.Event;
import io.mezzo.master.CallResult;
import io.mezzo.master.MasterMetrics.Counter;
import io.mezzo.master.MasterState;
import io.mezzo.master.offer.OfferEntry;
import io.mezzo.master.registry.FrameworkEntry;
import io.mezzo.master.registry.Registry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * SUBSCRIBE, and what happens when a subscription stream goes away (MESOS-API.md §2.9): a new
 * framework gets an id once it is durable; a known one fails over onto the new stream; a closed
 * stream starts the failover timeout, after which the framework is removed.
 */
public final class SubscribeHandler {
  private static final Logger LOG = Logger.getLogger(SubscribeHandler.class);
  private final MasterState state;
  private final TeardownHandler teardown;

  public SubscribeHandler(MasterState state, TeardownHandler teardown) {
    this.state = state;
    this.teardown = teardown;
  }

  public CallResult subscribe(Call call, FrameworkStream stream) {
    FrameworkInfo info = call.subscribe().frameworkInfo();
    List<String> suppressed = call.subscribe().suppressedRoles();
    Optional<String> problem = FrameworkInfoValidator.problem(info, suppressed);
    if (problem.isPresent()) {
      return refuse(stream, problem.get());
    }
    FrameworkId id = call.frameworkId();
    FrameworkEntry fw;
    if (id == null) {
      fw = register(info, stream);
      state.metrics().increment(Counter.MESSAGES_REGISTER_FRAMEWORK);
    } else {
      if (isRemoved(id)) {
        return refuse(stream, "Framework has been removed");
      }
      fw = state.frameworks().get(id);
      state.metrics().increment(Counter.MESSAGES_REREGISTER_FRAMEWORK);
      if (fw == null) {
        fw = register(info, stream); // known before a master restart: keep its id
      } else {
        Optional<String> change = resubscribe(fw, info, stream);
        if (change.isPresent()) {
          return refuse(stream, change.get());
        }
      }
    }
    Set<String> roles = new LinkedHashSet<>(fw.info().effectiveRoles());
    fw.suppressedRoles(new LinkedHashSet<>(suppressed));
    fw.send(
        Event.subscribed(
            fw.id(),
            state.config().frameworkHeartbeatInterval().toMillis() / 1000.0,
            state.masterInfo()));
    state.allocator().updateFramework(fw.id().value(), roles, fw.suppressedRoles());
    state.allocator().activateFramework(fw.id().value());
    state.requestAllocation();
    LOG.infof("framework %s (%s) subscribed on stream %s", fw.id(), fw.info().name(), stream.id());
    return CallResult.OK;
  }

  private CallResult refuse(FrameworkStream stream, String message) {
    LOG.infof("subscription refused: %s", message);
    state.metrics().increment(Counter.INVALID_CALLS);
    stream.send(Event.error(message));
    stream.close();
    return CallResult.OK;
  }

  private boolean isRemoved(FrameworkId id) {
    if (state.completedFrameworks().stream().anyMatch(f -> f.id().equals(id))) {
      return true;
    }
    return state
        .registry()
        .current()
        .framework(id)
        .map(f -> Boolean.TRUE.equals(f.removed()))
        .orElse(false);
  }

  private FrameworkEntry register(FrameworkInfo info, FrameworkStream stream) {
    Registry reg = state.registry().current();
    FrameworkId id = info.id();
    if (id == null) {
      id = new FrameworkId(String.format("%s-%04d", state.masterId(), reg.nextFrameworkSeq()));
      reg = reg.withNextFrameworkSeq(reg.nextFrameworkSeq() + 1);
    }
    FrameworkInfo withId = info.withId(id);
    state.saveRegistry(reg.withFramework(new Registry.KnownFramework(withId, false)));
    FrameworkEntry fw = new FrameworkEntry(id, withId, FrameworkEntry.State.CONNECTED, state.now());
    fw.connect(stream, state.now());
    state.frameworks().put(id, fw);
    state
        .allocator()
        .addFramework(id.value(), new LinkedHashSet<>(withId.effectiveRoles()), Set.of(), true);
    state.observers().frameworkAdded(fw);
    return fw;
  }

  /**
   * Fails an existing framework over onto a new stream. Returns a problem if the change is not
   * allowed.
   */
  private Optional<String> resubscribe(
      FrameworkEntry fw, FrameworkInfo info, FrameworkStream stream) {
    FrameworkInfo old = fw.info();
    if (old.principal() != null && !old.principal().equals(info.principal())) {
      return Optional.of("Changing framework's principal is not allowed");
    }
    // Mesos silently keeps the original user and checkpoint flag on re-subscription.
    FrameworkInfo merged =
        new FrameworkInfo(
            old.user(),
            info.name(),
            fw.id(),
            info.failoverTimeout(),
            old.checkpoint(),
            info.role(),
            info.roles(),
            info.hostname(),
            info.principal(),
            info.webuiUrl(),
            info.capabilities(),
            info.labels());
    if (!merged.equals(old)) {
      state.saveRegistry(
          state.registry().current().withFramework(new Registry.KnownFramework(merged, false)));
    }
    for (var offerId : new ArrayList<>(fw.offers())) {
      OfferEntry offer = state.takeOffer(offerId);
      if (offer != null) {
        state.returnOffer(offer, null);
      }
    }
    fw.info(merged);
    fw.connect(stream, state.now());
    state.observers().frameworkUpdated(fw);
    return Optional.empty();
  }

  /** The stream of {@code fw} closed: offers go back, and the failover timeout starts. */
  public void disconnected(FrameworkEntry fw, FrameworkStream stream) {
    if (fw.stream() != stream || !fw.connected()) {
      return; // an old stream of a framework that already failed over
    }
    for (var offerId : new ArrayList<>(fw.offers())) {
      OfferEntry offer = state.takeOffer(offerId);
      if (offer != null) {
        state.returnOffer(offer, null);
      }
    }
    state.allocator().deactivateFramework(fw.id().value());
    Duration timeout = Duration.ofMillis((long) (fw.info().failoverTimeout() * 1000));
    LOG.infof(
        "framework %s disconnected; removing it in %s unless it re-subscribes", fw.id(), timeout);
    fw.disconnect(state.now(), state.schedule(timeout, () -> failoverExpired(fw.id())));
    state.observers().frameworkUpdated(fw);
    state.requestAllocation();
  }

  private void failoverExpired(FrameworkId id) {
    FrameworkEntry fw = state.frameworks().get(id);
    if (fw != null && fw.state() == FrameworkEntry.State.DISCONNECTED) {
      LOG.infof("framework %s did not re-subscribe within its failover timeout", id);
      teardown.remove(fw, "failover timeout expired");
    }
  }
}
