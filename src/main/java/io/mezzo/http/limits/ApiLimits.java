package io.mezzo.http.limits;

import io.mezzo.bootstrap.MezzoNode;
import io.mezzo.bootstrap.StartupRefusal;
import io.mezzo.config.SecuritySettings;
import io.mezzo.http.common.HttpResults;
import io.mezzo.http.common.NodeMetrics;
import io.mezzo.http.security.Callers;
import io.mezzo.security.Caller;
import io.mezzo.security.limits.ConnectionCaps;
import io.mezzo.security.limits.LimitDecision;
import io.mezzo.security.limits.RateLimiter;
import io.mezzo.security.limits.RateLimits;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The scheduler and operator APIs' abuse limits, put in front of the master: the per-principal rate
 * of {@code mezzo.security.rate-limits} ({@link RateLimiter}) on every scheduler call, and {@code
 * mezzo.security.max-subscriptions-per-principal} ({@link ConnectionCaps}) on scheduler and
 * operator SUBSCRIBE streams, each kind counted on its own. A refusal is answered 429 with the
 * limit's reason (and {@code Retry-After} when the limit can tell) before the master sees the call,
 * so it changes nothing.
 *
 * <p>Whose budget a call draws on: the authenticated principal's. An anonymous caller has none, so
 * all anonymous callers share the aggregate default of the rate limits and count as one holder of
 * subscriptions; a principal a client merely claims in {@code FrameworkInfo.principal} is not
 * trusted for this, or an unauthenticated client could spend another principal's budget. The node's
 * own parts ({@link Caller#NODE}: built-in Marathon and Chronos) are never limited.
 *
 * <p>Counted: {@code mezzo.http.requests.refused{reason=rate_limit}}, {@code
 * {reason=scheduler_subscriptions}} and {@code {reason=operator_subscriptions}} in Micrometer; and,
 * as Mesos reports them for principals listed in its rate limits, {@code
 * frameworks/<principal>/messages_received} and {@code messages_processed} in {@code
 * /metrics/snapshot}. Only listed principals get those keys, so the snapshot stays bounded.
 */
@ApplicationScoped
public class ApiLimits implements NodeMetrics {
  private static final Logger LOG = Logger.getLogger(ApiLimits.class);

  /** Which stream a subscription cap counts. */
  public enum Stream {
    SCHEDULER("scheduler_subscriptions"),
    OPERATOR("operator_subscriptions");

    private final String metric;

    Stream(String metric) {
      this.metric = metric;
    }
  }

  private final boolean master;
  private final RateLimiter rates;
  private final Map<Stream, ConnectionCaps> subscriptions = new LinkedHashMap<>();
  private final Map<Stream, Counter> subscriptionRefusals = new LinkedHashMap<>();
  private final Counter rateRefusals;
  private final Map<String, AtomicLong[]> listed = new LinkedHashMap<>();

  @Inject
  public ApiLimits(
      MezzoNode node, RateLimits limits, SecuritySettings settings, MeterRegistry registry) {
    this(node.role().runsMaster(), limits, settings.maxSubscriptionsPerPrincipal(), registry);
  }

  /**
   * @param master whether this node runs a master (only a master reports the snapshot keys)
   * @param maxSubscriptions the per-principal cap of each kind of subscription; empty = none
   * @throws StartupRefusal when the cap is below 1
   */
  public ApiLimits(
      boolean master, RateLimits limits, OptionalInt maxSubscriptions, MeterRegistry registry) {
    this.master = master;
    this.rates = new RateLimiter(limits, System::nanoTime);
    for (RateLimits.Limit limit : limits.limits()) {
      listed.put(limit.principal(), new AtomicLong[] {new AtomicLong(), new AtomicLong()});
    }
    this.rateRefusals = refusals(registry, "rate_limit", "over mezzo.security.rate-limits");
    if (maxSubscriptions.isPresent() && maxSubscriptions.getAsInt() < 1) {
      throw StartupRefusal.of(
          "mezzo.security.max-subscriptions-per-principal",
          maxSubscriptions.getAsInt(),
          "must be at least 1; leave it unset for no cap");
    }
    for (Stream kind : Stream.values()) {
      subscriptions.put(
          kind,
          new ConnectionCaps("subscriptions", "principal", maxSubscriptions, OptionalInt.empty()));
      subscriptionRefusals.put(
          kind,
          refusals(registry, kind.metric, "over mezzo.security.max-subscriptions-per-principal"));
    }
  }

  /** Limits nothing: for routes built by hand in tests. */
  public static ApiLimits unlimited() {
    return new ApiLimits(true, RateLimits.none(), OptionalInt.empty(), new SimpleMeterRegistry());
  }

  private static Counter refusals(MeterRegistry registry, String reason, String why) {
    return Counter.builder("mezzo.http.requests.refused")
        .tag("reason", reason)
        .description("Requests answered 429 for being " + why)
        .register(registry);
  }

  /**
   * Takes one scheduler call from the caller's rate. On a refusal answers 429 (with Retry-After)
   * and returns false; the route must then stop.
   */
  public boolean admitCall(RoutingContext rc) {
    Caller caller = Callers.of(rc);
    if (caller.node()) {
      return true;
    }
    AtomicLong[] counts = caller.principal() == null ? null : listed.get(caller.principal());
    if (counts != null) {
      counts[0].incrementAndGet();
    }
    LimitDecision decision = rates.tryAcquire(caller.principal());
    if (!decision.allowed()) {
      rateRefusals.increment();
      refuse(rc, decision);
      return false;
    }
    if (counts != null) {
      counts[1].incrementAndGet();
    }
    return true;
  }

  /**
   * Opens one subscription slot of {@code kind} for the caller, released when the request's
   * response ends or its connection closes. On a refusal answers 429 and returns false.
   */
  public boolean admitSubscription(RoutingContext rc, Stream kind) {
    Caller caller = Callers.of(rc);
    if (caller.node()) {
      return true;
    }
    ConnectionCaps.Lease lease = subscriptions.get(kind).acquire(caller.principal());
    if (!lease.granted()) {
      subscriptionRefusals.get(kind).increment();
      refuse(rc, lease.decision());
      return false;
    }
    // Vert.x calls end handlers when the response ends and when the connection is lost; the lease
    // releases once however many fire.
    rc.addEndHandler(ar -> lease.close());
    return true;
  }

  /** How many subscriptions of {@code kind} the principal holds now (null: the anonymous ones). */
  public int subscriptionsOf(Stream kind, String principal) {
    return subscriptions.get(kind).openBy(principal);
  }

  private static void refuse(RoutingContext rc, LimitDecision decision) {
    LOG.debugf(
        "429 %s %s from %s: %s",
        rc.request().method(),
        rc.normalizedPath(),
        rc.request().remoteAddress(),
        decision.reason());
    if (decision.retryAfterSeconds() > 0) {
      rc.response().putHeader("Retry-After", Long.toString(decision.retryAfterSeconds()));
    }
    HttpResults.error(rc.response(), 429, decision.reason());
  }

  @Override
  public CompletionStage<Map<String, Double>> snapshot() {
    Map<String, Double> out = new LinkedHashMap<>();
    if (!master) {
      return CompletableFuture.completedFuture(out);
    }
    listed.forEach(
        (principal, counts) -> {
          out.put("frameworks/" + principal + "/messages_received", (double) counts[0].get());
          out.put("frameworks/" + principal + "/messages_processed", (double) counts[1].get());
        });
    return CompletableFuture.completedFuture(out);
  }
}
