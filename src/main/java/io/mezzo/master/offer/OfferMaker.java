package io.mezzo.master.offer;

import io.mezzo.api.agent.IpAddresses;
import io.mezzo.api.v1.Address;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.Offer;
import io.mezzo.api.v1.OfferId;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.ResourceMapping;
import io.mezzo.api.v1.Unavailability;
import io.mezzo.api.v1.Url;
import io.mezzo.api.v1.scheduler.Event;
import io.mezzo.master.CallResult;
import io.mezzo.master.allocator.Allocation;
import io.mezzo.master.change.Change;
import io.mezzo.master.change.MasterView;
import io.mezzo.master.change.Outcome;
import io.mezzo.master.maintenance.InverseOffers;
import io.mezzo.master.maintenance.Maintenance;
import io.mezzo.master.registry.AgentEntry;
import io.mezzo.master.registry.FrameworkEntry;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Decides offers from the allocator's decisions: one offer per allocation, then one OFFERS event
 * per framework. An allocation for a framework or agent that went away meanwhile is handed straight
 * back. Also decides rescinds (an offer's timeout, or a caller's reason). Pure: returns an {@link
 * Outcome} for the master's applier.
 */
public final class OfferMaker {
  private static final Logger LOG = Logger.getLogger(OfferMaker.class);

  private OfferMaker() {}

  public static Outcome offer(MasterView view, List<Allocation> allocations) {
    Outcome.Builder out = Outcome.builder();
    Map<FrameworkId, List<Offer>> byFramework = new LinkedHashMap<>();
    Maintenance maintenance = view.registry().maintenance();
    Map<AgentId, Set<FrameworkId>> offeredOnScheduled = new LinkedHashMap<>();
    int made = 0;
    for (Allocation a : allocations) {
      FrameworkEntry fw = view.framework(new FrameworkId(a.frameworkId())).orElse(null);
      AgentEntry agent = view.agent(new AgentId(a.agentId())).orElse(null);
      if (fw == null || !fw.connected() || agent == null || !agent.offerable()) {
        LOG.debugf(
            "allocation to %s on %s returned: framework or agent no longer offerable",
            a.frameworkId(), a.agentId());
        out.change(
            new Change.ResourcesRecovered(
                new FrameworkId(a.frameworkId()), new AgentId(a.agentId()), a.resources(), null));
        continue;
      }
      OfferId id = view.offerId(made++);
      Duration timeout = view.config().offerTimeout();
      out.change(
          new Change.OfferCreated(
              id,
              fw.id(),
              agent.id(),
              a.role(),
              a.resources(),
              timeout,
              timeout == null ? null : v -> rescind(v, id, "offer timeout")));
      OfferEntry entry =
          new OfferEntry(id, fw.id(), agent.id(), a.role(), a.resources(), view.now(), null);
      Unavailability unavailability =
          maintenance
              .unavailabilityOf(agent.info().hostname(), agentUrl(agent).address().ip())
              .orElse(null);
      if (unavailability != null) {
        offeredOnScheduled.computeIfAbsent(agent.id(), k -> new LinkedHashSet<>()).add(fw.id());
      }
      byFramework
          .computeIfAbsent(fw.id(), k -> new ArrayList<>())
          .add(toWire(entry, fw, agent, unavailability));
    }
    byFramework.forEach((id, offers) -> out.toFramework(id, Event.offers(offers)));
    if (!offeredOnScheduled.isEmpty()) {
      // Frameworks offered resources on a draining machine are asked to give them back by then.
      Maintenance next = InverseOffers.send(view, out, maintenance, offeredOnScheduled);
      if (next != maintenance) {
        out.persist(out.registryOr(view.registry()).withMaintenance(next));
      }
    }
    return out.reply(CallResult.OK);
  }

  /** Rescinds one offer, if it is still outstanding: its framework is told, it is not filtered. */
  public static Outcome rescind(MasterView view, OfferId id, String why) {
    Outcome.Builder out = Outcome.builder();
    view.offer(id)
        .ifPresent(
            o -> {
              LOG.debugf("offer %s rescinded: %s", id, why);
              out.rescind(o);
            });
    return out.reply(CallResult.OK);
  }

  /** The offer as its framework sees it (and as operators see it in GET_FRAMEWORKS). */
  public static Offer toWire(OfferEntry o, FrameworkEntry fw, AgentEntry agent) {
    return toWire(o, fw, agent, null);
  }

  /** The offer as its framework sees it, with its agent's maintenance unavailability (or null). */
  public static Offer toWire(
      OfferEntry o, FrameworkEntry fw, AgentEntry agent, Unavailability unavailability) {
    boolean refined = fw.info().hasCapability(FrameworkInfo.Capability.Type.RESERVATION_REFINEMENT);
    List<Resource> resources = ResourceMapping.toWire(o.resources(), o.role(), refined);
    return new Offer(
        o.id(),
        fw.id(),
        agent.id(),
        agent.info().hostname(),
        agentUrl(agent),
        new Resource.AllocationInfo(o.role()),
        resources,
        agent.info().attributes(),
        null,
        unavailability);
  }

  /**
   * The agent's address as Mesos puts it in offers (from the agent's PID and info): {@code
   * hostname} its hostname, {@code ip} its IP address, {@code port} its advertised endpoint's port,
   * path {@code /slave(1)}. The IP is the one the agent reported, else its endpoint's host when
   * that is an IP literal; only an agent that gives neither (an old agent advertising a name) shows
   * its hostname there, as no name is looked up on the master's context.
   */
  public static Url agentUrl(AgentEntry agent) {
    String host = agent.info().hostname();
    int port = agent.info().port();
    String endpointHost = IpAddresses.hostOf(agent.endpoint());
    if (agent.endpoint() != null) {
      try {
        int endpointPort = URI.create(agent.endpoint()).getPort();
        if (endpointPort > 0) {
          port = endpointPort;
        }
      } catch (IllegalArgumentException ignored) {
        // A malformed endpoint was rejected at registration; keep the agent's own port.
      }
    }
    String ip;
    if (agent.ip() != null) {
      ip = agent.ip();
    } else if (IpAddresses.isLiteral(endpointHost)) {
      ip = endpointHost;
    } else {
      ip = endpointHost != null ? endpointHost : host;
    }
    return new Url("http", new Address(host, ip, port), "/slave(1)");
  }
}
