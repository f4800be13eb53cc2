package io.mezzo.bootstrap;

import jakarta.enterprise.inject.Instance;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Picks beans of one kind (isolators, containerizers) by their {@link MesosName}s, in the order the
 * configuration lists them, and turns "no such bean" and "the bean cannot work here" into one
 * start-up error that says which name and why: a {@link StartupRefusal} naming the config key, so
 * the node prints it as one line.
 */
final class ByMesosName<T> {
  private final String kind;
  private final String key;
  private final Instance<T> beans;

  /**
   * @param key the config key that lists the names, e.g. {@code mezzo.agent.isolation}
   */
  ByMesosName(String kind, String key, Instance<T> beans) {
    this.kind = kind;
    this.key = key;
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
   * Refuses a name there is no bean for, without building any: a check before state is touched.
   *
   * @throws StartupRefusal naming the key, the unknown name and the known ones
   */
  void requireKnown(List<String> names) {
    for (String raw : names) {
      String name = raw.strip();
      if (!name.isEmpty() && beans.select(MesosName.Literal.of(name)).isUnsatisfied()) {
        throw unknown(names, name);
      }
    }
  }

  /**
   * One instance per name, in order.
   *
   * @throws StartupRefusal naming the first name that is unknown (and the known ones) or whose bean
   *     failed to build here (and its reason, e.g. a missing cgroup controller)
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
        throw unknown(names, name);
      }
      try {
        out.add(one.get());
      } catch (RuntimeException e) {
        throw StartupRefusal.of(
            key,
            String.join(",", names),
            kind + " '" + name + "' cannot be used here: " + rootMessage(e));
      }
    }
    return out;
  }

  private StartupRefusal unknown(List<String> names, String name) {
    return StartupRefusal.of(
        key,
        String.join(",", names),
        "unknown " + kind + " '" + name + "'; expected some of " + String.join(", ", known()));
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() != null ? t.getMessage() : t.toString();
  }
}
