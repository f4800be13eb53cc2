package io.mezzo.master.state;

class InMemoryStateStoreTest extends StateStoreContract {
  private InMemoryStateStore current;

  @Override
  StateStore store() {
    current = new InMemoryStateStore();
    return current;
  }

  @Override
  StateStore sameStorage() {
    return current;
  }
}
