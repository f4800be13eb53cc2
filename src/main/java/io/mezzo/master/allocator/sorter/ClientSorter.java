package io.mezzo.master.allocator.sorter;

import io.mezzo.core.resources.Resources;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bookkeeping both sorters share: clients, weights, activity and allocations. Subclasses decide
 * the order and are told when a client's share is about to change and has changed, so an ordered
 * index can move the client.
 */
abstract class ClientSorter implements Sorter {

  /**
   * One client. Its share is only changed between {@link #beforeChange} and {@link #afterChange}.
   */
  static final class Client {
    final String name;
    double weight;
    boolean active = true;
    long[] allocated = new long[0];
    double share;

    Client(String name, double weight) {
      this.name = name;
      this.weight = weight;
    }
  }

  final ShareLedger ledger = new ShareLedger();
  final Map<String, Client> clients = new LinkedHashMap<>();
  private final Map<String, Double> weights = new HashMap<>();

  /** The client's share is about to change (or it is about to be removed or deactivated). */
  abstract void beforeChange(Client c);

  /** The client's share changed (or it was added or activated). */
  abstract void afterChange(Client c);

  /** The cluster total changed, so every share did. */
  abstract void totalsChanged();

  final Client client(String name) {
    Client c = clients.get(name);
    if (c == null) {
      throw new IllegalArgumentException("unknown sorter client " + name);
    }
    return c;
  }

  @Override
  public void add(String name) {
    if (clients.containsKey(name)) {
      throw new IllegalStateException("sorter client " + name + " already added");
    }
    Client c = new Client(name, weights.getOrDefault(name, 1.0));
    clients.put(name, c);
    afterChange(c);
  }

  @Override
  public void remove(String name) {
    Client c = clients.get(name);
    if (c != null) {
      beforeChange(c);
      clients.remove(name);
    }
  }

  @Override
  public boolean contains(String name) {
    return clients.containsKey(name);
  }

  @Override
  public void activate(String name) {
    Client c = client(name);
    if (!c.active) {
      c.active = true;
      afterChange(c);
    }
  }

  @Override
  public void deactivate(String name) {
    Client c = client(name);
    if (c.active) {
      beforeChange(c);
      c.active = false;
    }
  }

  @Override
  public void allocated(String name, String agentId, Resources resources) {
    update(client(name), resources, 1);
  }

  @Override
  public void unallocated(String name, String agentId, Resources resources) {
    update(client(name), resources, -1);
  }

  private void update(Client c, Resources resources, int sign) {
    long[] next = ledger.apply(c.allocated, resources, sign, c.name);
    beforeChange(c);
    c.allocated = next;
    c.share = ledger.share(c.allocated, c.weight);
    afterChange(c);
  }

  @Override
  public void addTotal(String agentId, Resources resources) {
    ledger.addTotal(resources);
    totalsChanged();
  }

  @Override
  public void removeTotal(String agentId, Resources resources) {
    ledger.removeTotal(resources);
    totalsChanged();
  }

  @Override
  public void setWeight(String name, double weight) {
    if (!(weight > 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException(
          "weight of " + name + " must be positive and finite, not " + weight);
    }
    weights.put(name, weight);
    Client c = clients.get(name);
    if (c != null) {
      beforeChange(c);
      c.weight = weight;
      c.share = ledger.share(c.allocated, c.weight);
      afterChange(c);
    }
  }

  /** Recomputes every client's share after the totals changed. */
  final void recomputeShares() {
    for (Client c : clients.values()) {
      c.share = ledger.share(c.allocated, c.weight);
    }
  }
}
