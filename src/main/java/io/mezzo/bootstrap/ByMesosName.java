package io.mezzo.bootstrap;

import jakarta.enterprise.inject.Instance;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Picks beans of one kind (isolators, containerizers) by their {@link MesosName}s, in the order the
 * configuration lists them, and turns "no such bean" and "the bean cannot work here" into one
 * start-up error that says which name and why.
 */
final class ByMesosName<T> {
  private final String kind;
  private final Instance<T> beans;

  ByMesosName(String kind, Instance<T> beans) {
    this.kind = kind;
    this.beans = beans;
  }

  /** The names there are beans for. */
  List<String> known() {
    TreeSet<String> names = new TreeSet<>();
    for (Instance.Handle<T> h : beans.handles()) {
      h.getBean().getQualifiers().stream()
          .filter(q -> q instanceof MesosName)
          .map(q -> ((MesosName) q).value())
          .forEach(names::add);
    }
    return List.copyOf(names);
  }

  /**
   * One instance per name, in order.
   *
   * @throws IllegalStateException naming the first name that is unknown (and the known ones) or
   *     whose bean failed to build here (and its reason, e.g. a missing cgroup controller)
   */
  List<T> select(List<String> names) {
    List<T> out = new ArrayList<>();
    for (String raw : names) {
      String name = raw.strip();
      if (name.isEmpty()) {
        continue;
      }
      Instance<T> one = beans.select(MesosName.Literal.of(name));
      if (one.isUnsatisfied()) {
        throw new IllegalStateException(
            "unknown " + kind + " '" + name + "' (known: " + String.join(", ", known()) + ")");
      }
      try {
        out.add(one.get());
      } catch (RuntimeException e) {
        throw new IllegalStateException(
            kind + " '" + name + "' cannot be used here: " + rootMessage(e), e);
      }
    }
    return out;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() != null ? t.getMessage() : t.toString();
  }
}
