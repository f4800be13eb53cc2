package io.mezzo.master.scheduler;

import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.OfferId;
import io.mezzo.api.v1.scheduler.Call;
import io.mezzo.api.v1.scheduler.Event;
import io.mezzo.master.CallResult;
import io.mezzo.master.MasterMetrics.Counter;
import io.mezzo.master.change.Change;
import io.mezzo.master.change.Change.OfferRemoved.Why;
import io.mezzo.master.change.MasterView;
import io.mezzo.master.change.Outcome;
import io.mezzo.master.registry.FrameworkEntry;
import io.mezzo.master.registry.Registry;
import io.mezzo.security.Caller;
import io.mezzo.security.acl.Decision;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * SUBSCRIBE, and what happens when a subscription stream goes away (MESOS-API.md §2.9): a new
 * framework gets an id once it is durable; a known one fails over onto the new stream; a closed
 * stream starts the failover timeout, after which the framework is removed. A decider: returns an
 * {@link Outcome}.
 */
public final class SubscribeHandler {
  private static final Logger LOG = Logger.getLogger(SubscribeHandler.class);
  private final TeardownHandler teardown;

  public SubscribeHandler(TeardownHandler teardown) {
    this.teardown = teardown;
  }

  /**
   * Subscribes {@code caller}'s framework. Refusals surface as Mesos's do: a FrameworkInfo naming
   * another principal than the authenticated one is refused before the stream opens (403 here;
   * Mesos answers 400 for it); a refused {@code register_frameworks} and a failover by another
   * principal are ERROR events on the new stream, which then closes, and change nothing.
   */
  public Outcome subscribe(MasterView view, Call call, FrameworkStream stream, Caller caller) {
    Optional<String> mismatch =
        FrameworkPrincipals.subscribeMismatch(caller, call.subscribe().frameworkInfo());
    if (mismatch.isPresent()) {
      LOG.infof("subscription refused: %s", mismatch.get());
      return Outcome.builder()
          .count(Counter.INVALID_CALLS)
          .reply(CallResult.forbidden(mismatch.get()));
    }
    FrameworkInfo info = FrameworkPrincipals.bind(caller, call.subscribe().frameworkInfo());
    Set<String> suppressed = new LinkedHashSet<>(call.subscribe().suppressedRoles());
    Optional<String> problem =
        FrameworkInfoValidator.problem(info, call.subscribe().suppressedRoles());
    if (problem.isPresent()) {
      return refuse(stream, problem.get());
    }
    Decision registration =
        FrameworkAuthorization.registration(view.config().authorizer(), caller, info);
    if (!registration.allowed()) {
      return refuse(stream, registration.reason());
    }
    FrameworkId id = call.frameworkId();
    Outcome.Builder out = Outcome.builder();
    FrameworkId subscribed;
    if (id == null) {
      subscribed = register(view, out, info, stream, suppressed);
      out.count(Counter.MESSAGES_REGISTER_FRAMEWORK);
    } else {
      if (isRemoved(view, id)) {
        return refuse(stream, "Framework has been removed");
      }
      out.count(Counter.MESSAGES_REREGISTER_FRAMEWORK);
      FrameworkEntry fw = view.framework(id).orElse(null);
      Optional<String> takeover = takeoverRefusal(view, id, fw, caller);
      if (takeover.isPresent()) {
        LOG.warnf("framework %s: re-subscription refused: %s", id, takeover.get());
        return refuse(stream, takeover.get());
      }
      if (fw == null) {
        // Known before a master restart: it keeps its id.
        subscribed = register(view, out, info, stream, suppressed);
      } else {
        Optional<String> change = resubscribe(view, out, fw, info, stream, suppressed);
        if (change.isPresent()) {
          return refuse(stream, change.get());
        }
        subscribed = fw.id();
      }
    }
    out.toFramework(
        subscribed,
        Event.subscribed(
            subscribed,
            view.config().frameworkHeartbeatInterval().toMillis() / 1000.0,
            view.masterInfo()));
    LOG.infof("framework %s (%s) subscribes on stream %s", subscribed, info.name(), stream.id());
    return out.allocate().reply(CallResult.OK);
  }

  /** Mesos answers a bad SUBSCRIBE on its stream (200 + ERROR) and closes it. */
  private static Outcome refuse(FrameworkStream stream, String message) {
    LOG.infof("subscription refused: %s", message);
    return Outcome.builder()
        .count(Counter.INVALID_CALLS)
        .toStream(stream, Event.error(message), true)
        .reply(CallResult.OK);
  }

  /**
   * Only the principal that registered a framework may fail it over, whether the master still holds
   * the framework or only its registry entry (after a master restart).
   */
  private static Optional<String> takeoverRefusal(
      MasterView view, FrameworkId id, FrameworkEntry fw, Caller caller) {
    if (fw != null) {
      return FrameworkPrincipals.takeoverRefusal(caller, fw.info().principal());
    }
    return view.registry()
        .framework(id)
        .flatMap(known -> FrameworkPrincipals.takeoverRefusal(caller, known.info().principal()));
  }

  private static boolean isRemoved(MasterView view, FrameworkId id) {
    if (view.completedFrameworks().stream().anyMatch(f -> f.id().equals(id))) {
      return true;
    }
    return view.registry().framework(id).map(f -> Boolean.TRUE.equals(f.removed())).orElse(false);
  }

  private static FrameworkId register(
      MasterView view,
      Outcome.Builder out,
      FrameworkInfo info,
      FrameworkStream stream,
      Set<String> suppressed) {
    Registry reg = view.registry();
    FrameworkId id = info.id();
    if (id == null) {
      id =
          new FrameworkId(String.format("%s-%04d", view.masterInfo().id(), reg.nextFrameworkSeq()));
      reg = reg.withNextFrameworkSeq(reg.nextFrameworkSeq() + 1);
    }
    FrameworkInfo withId = info.withId(id);
    out.persist(reg.withFramework(new Registry.KnownFramework(withId, false)));
    out.change(new Change.FrameworkAdded(withId, stream, suppressed));
    return id;
  }

  /**
   * Fails an existing framework over onto a new stream. Returns a problem if the change is not
   * allowed.
   */
  private static Optional<String> resubscribe(
      MasterView view,
      Outcome.Builder out,
      FrameworkEntry fw,
      FrameworkInfo info,
      FrameworkStream stream,
      Set<String> suppressed) {
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
            info.labels(),
            info.offerFilters());
    if (!merged.equals(old)) {
      out.persist(view.registry().withFramework(new Registry.KnownFramework(merged, false)));
    }
    returnOffers(view, out, fw);
    out.change(new Change.FrameworkResubscribed(fw.id(), merged, stream, suppressed));
    return Optional.empty();
  }

  /**
   * The stream closed: the framework whose current stream it is disconnects (offers go back, the
   * failover timeout starts); for any other framework the stream is stale and nothing happens.
   */
  public Outcome disconnected(MasterView view, FrameworkStream stream) {
    Outcome.Builder out = Outcome.builder();
    for (FrameworkEntry fw : view.frameworks()) {
      if (fw.stream() != stream || !fw.connected()) {
        continue; // an old stream of a framework that already failed over
      }
      returnOffers(view, out, fw);
      Duration timeout = Duration.ofMillis((long) (fw.info().failoverTimeout() * 1000));
      LOG.infof(
          "framework %s disconnected; removing it in %s unless it re-subscribes", fw.id(), timeout);
      FrameworkId id = fw.id();
      out.change(
          new Change.FrameworkDisconnected(id, timeout, v -> teardown.failoverExpired(v, id)));
      out.allocate();
    }
    return out.reply(CallResult.OK);
  }

  private static void returnOffers(MasterView view, Outcome.Builder out, FrameworkEntry fw) {
    for (OfferId offerId : fw.offers()) {
      view.offer(offerId).ifPresent(o -> out.returnOffer(o, Why.RETURNED, null));
    }
  }
}
