package io.mezzo.master;

import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.MasterInfo;
import io.mezzo.api.v1.OfferId;
import io.mezzo.master.change.MasterView;
import io.mezzo.master.offer.OfferEntry;
import io.mezzo.master.registry.AgentEntry;
import io.mezzo.master.registry.FrameworkEntry;
import io.mezzo.master.registry.Registry;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.Optional;

/** The deciders' read-only window onto {@link MasterState}; see {@link MasterView}. */
final class LiveView implements MasterView {
  private final MasterState state;

  LiveView(MasterState state) {
    this.state = state;
  }

  @Override
  public MasterConfig config() {
    return state.config();
  }

  @Override
  public MasterInfo masterInfo() {
    return state.masterInfo();
  }

  @Override
  public Instant now() {
    return state.now();
  }

  @Override
  public double nowSeconds() {
    return state.nowSeconds();
  }

  @Override
  public Registry registry() {
    return state.registry().current();
  }

  @Override
  public Optional<FrameworkEntry> framework(FrameworkId id) {
    return state.framework(id);
  }

  @Override
  public Collection<FrameworkEntry> frameworks() {
    return Collections.unmodifiableCollection(state.frameworks().values());
  }

  @Override
  public Collection<FrameworkEntry> completedFrameworks() {
    return Collections.unmodifiableCollection(state.completedFrameworks());
  }

  @Override
  public Optional<AgentEntry> agent(AgentId id) {
    return state.agent(id);
  }

  @Override
  public Collection<AgentEntry> agents() {
    return Collections.unmodifiableCollection(state.agents().values());
  }

  @Override
  public Optional<OfferEntry> offer(OfferId id) {
    return Optional.ofNullable(id == null ? null : state.offers().get(id));
  }

  @Override
  public OfferId offerId(int ahead) {
    return state.peekOfferId(ahead);
  }
}
