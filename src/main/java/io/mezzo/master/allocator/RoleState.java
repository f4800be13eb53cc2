package io.mezzo.master.allocator;

import io.mezzo.core.resources.Resources;
import io.mezzo.master.allocator.sorter.Sorter;

/**
 * The framework sorter of one role, how many frameworks it tracks, and which of them are active in
 * it (by framework index; the same set as the sorter's active clients).
 */
final class RoleState {
  final String name;
  final Sorter frameworks;
  final IndexBits active = new IndexBits();
  int members;

  /** The scalar resources allocated (offered or used) under the role, summed: its quota use. */
  Resources held = Resources.empty();

  RoleState(String name, Sorter frameworks) {
    this.name = name;
    this.frameworks = frameworks;
  }

  void setActive(FrameworkState framework, boolean offerable) {
    if (offerable) {
      frameworks.activate(framework.id);
      active.set(framework.index);
    } else {
      frameworks.deactivate(framework.id);
      active.clear(framework.index);
    }
  }
}
