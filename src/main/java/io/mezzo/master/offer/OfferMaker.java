package io.mezzo.master.offer;

import io.mezzo.api.v1.Address;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.Offer;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.ResourceMapping;
import io.mezzo.api.v1.Url;
import io.mezzo.api.v1.scheduler.Event;
import io.mezzo.master.MasterState;
import io.mezzo.master.allocator.Allocation;
import io.mezzo.master.registry.AgentEntry;
import io.mezzo.master.registry.FrameworkEntry;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Turns the allocator's decisions into offers: records each one, then sends one OFFERS event per
 * framework. An allocation for a framework or agent that went away meanwhile is handed straight
 * back.
 */
public final class OfferMaker {
  private static final Logger LOG = Logger.getLogger(OfferMaker.class);
  private final MasterState state;

  public OfferMaker(MasterState state) {
    this.state = state;
  }

  public void offer(List<Allocation> allocations) {
    Map<FrameworkId, List<Offer>> byFramework = new LinkedHashMap<>();
    for (Allocation a : allocations) {
      FrameworkEntry fw = state.framework(new FrameworkId(a.frameworkId())).orElse(null);
      AgentEntry agent = state.agent(new io.mezzo.api.v1.AgentId(a.agentId())).orElse(null);
      if (fw == null || !fw.connected() || agent == null || !agent.offerable()) {
        LOG.debugf(
            "allocation to %s on %s returned: framework or agent no longer offerable",
            a.frameworkId(), a.agentId());
        state
            .allocator()
            .recoverResources(a.frameworkId(), a.agentId(), a.resources(), null, state.now());
        continue;
      }
      io.mezzo.api.v1.OfferId id = state.nextOfferId();
      var timeout =
          state.config().offerTimeout() == null
              ? null
              : state.schedule(
                  state.config().offerTimeout(), () -> state.rescindOffer(id, "offer timeout"));
      OfferEntry entry =
          new OfferEntry(id, fw.id(), agent.id(), a.role(), a.resources(), state.now(), timeout);
      state.offers().put(id, entry);
      fw.offers().add(id);
      agent.offers().add(id);
      byFramework.computeIfAbsent(fw.id(), k -> new ArrayList<>()).add(toWire(entry, fw, agent));
    }
    state.metrics().offersOutstanding(state.offers().size());
    byFramework.forEach(
        (id, offers) -> state.framework(id).ifPresent(f -> f.send(Event.offers(offers))));
  }

  /** The offer as its framework sees it (and as operators see it in GET_FRAMEWORKS). */
  public static Offer toWire(OfferEntry o, FrameworkEntry fw, AgentEntry agent) {
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
        null);
  }

  /**
   * The agent's address as Mesos puts it in offers: its advertised endpoint, path {@code
   * /slave(1)}.
   */
  public static Url agentUrl(AgentEntry agent) {
    String host = agent.info().hostname();
    String ip = host;
    int port = agent.info().port();
    if (agent.endpoint() != null) {
      try {
        URI uri = URI.create(agent.endpoint());
        if (uri.getHost() != null) {
          ip = uri.getHost();
        }
        if (uri.getPort() > 0) {
          port = uri.getPort();
        }
      } catch (IllegalArgumentException ignored) {
        // A malformed endpoint was rejected at registration; fall back to the hostname.
      }
    }
    return new Url("http", new Address(host, ip, port), "/slave(1)");
  }
}
