package io.mezzo.master;

import io.mezzo.api.v1.OfferId;
import io.mezzo.master.offer.OfferEntry;
import io.mezzo.master.registry.AgentEntry;
import io.mezzo.master.registry.FrameworkEntry;
import java.util.Map;

/**
 * The outstanding offers: each is in the master's map and in its framework's and its agent's sets;
 * its timeout timer lives and dies with it. Owned by the master's context.
 */
final class OfferBook {
  private final String masterId;
  private final Map<io.mezzo.api.v1.FrameworkId, FrameworkEntry> frameworks;
  private final Map<io.mezzo.api.v1.AgentId, AgentEntry> agents;
  private final Map<OfferId, OfferEntry> offers;
  private final MasterMetrics metrics;
  private long nextSeq;

  OfferBook(
      String masterId,
      Map<io.mezzo.api.v1.FrameworkId, FrameworkEntry> frameworks,
      Map<io.mezzo.api.v1.AgentId, AgentEntry> agents,
      Map<OfferId, OfferEntry> offers,
      MasterMetrics metrics) {
    this.masterId = masterId;
    this.frameworks = frameworks;
    this.agents = agents;
    this.offers = offers;
    this.metrics = metrics;
  }

  /** The id of the offer created {@code ahead} offers from now. */
  OfferId peekId(int ahead) {
    return new OfferId(masterId + "-O" + (nextSeq + ahead));
  }

  /**
   * Books an offer under the next id.
   *
   * @throws IllegalStateException if the offer does not carry the next id (a decider that did not
   *     take ids from the view), or its framework or agent is gone
   */
  void add(OfferEntry offer) {
    if (!offer.id().equals(peekId(0))) {
      throw new IllegalStateException(
          "cannot add offer " + offer.id() + ": the next offer id is " + peekId(0));
    }
    FrameworkEntry fw = frameworks.get(offer.frameworkId());
    AgentEntry agent = agents.get(offer.agentId());
    if (fw == null || agent == null) {
      throw new IllegalStateException("cannot add offer " + offer.id() + ": framework/agent gone");
    }
    nextSeq++;
    offers.put(offer.id(), offer);
    fw.offers().add(offer.id());
    agent.offers().add(offer.id());
    metrics.offersOutstanding(offers.size());
  }

  /** Removes an offer and cancels its timeout; null if it is not outstanding. */
  OfferEntry remove(OfferId id) {
    OfferEntry offer = offers.remove(id);
    if (offer == null) {
      return null;
    }
    if (offer.timeout() != null) {
      offer.timeout().cancel();
    }
    FrameworkEntry fw = frameworks.get(offer.frameworkId());
    if (fw != null) {
      fw.offers().remove(id);
    }
    AgentEntry agent = agents.get(offer.agentId());
    if (agent != null) {
      agent.offers().remove(id);
    }
    metrics.offersOutstanding(offers.size());
    return offer;
  }
}
