package io.mezzo.framework.services;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.framework.sdk.FrameworkStore;
import io.mezzo.framework.services.ServicesSnapshot.TaskFailure;
import io.mezzo.framework.services.app.AppDefinition;
import io.mezzo.framework.services.app.Group;
import io.mezzo.framework.services.app.PathId;
import io.mezzo.framework.services.deploy.Deployment;
import io.mezzo.framework.services.instance.Instance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The framework's state as documents in its {@link FrameworkStore}, kept small because ZooKeeper
 * holds ~1 MB a node:
 *
 * <pre>
 * framework-id         the FrameworkID the master gave us (text)
 * root                 root group + running deployments + every app that has a document
 * app:&lt;safe name&gt;     one app's instances, versions and backoff
 * </pre>
 *
 * Every write names the version it last read or wrote, so a framework on a deposed master is fenced
 * with {@link FrameworkStore.StaleException}. Blocking; called on the owner thread, which is never
 * an event loop.
 */
final class ServicesStore {
  static final String FRAMEWORK_ID = "framework-id";
  static final String ROOT = "root";

  private final FrameworkStore store;
  private final ObjectMapper json =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .build();
  private final Map<String, Long> versions = new HashMap<>();

  ServicesStore(FrameworkStore store) {
    this.store = store;
  }

  record RootDoc(Group root, List<Deployment> deployments, List<PathId> apps) {}

  record AppDoc(
      List<Instance> instances,
      List<AppDefinition> history,
      TaskFailure lastFailure,
      int failures,
      Instant delayUntil) {}

  /** Reads every document into {@code state}; a fresh store leaves it empty. */
  void load(ServicesState state) {
    read(FRAMEWORK_ID)
        .map(b -> new String(b, StandardCharsets.UTF_8))
        .filter(s -> !s.isBlank())
        .ifPresent(s -> state.frameworkId = FrameworkId.of(s));
    Optional<byte[]> root = read(ROOT);
    if (root.isEmpty()) {
      return;
    }
    RootDoc doc = parse(root.get(), RootDoc.class);
    state.root = doc.root();
    doc.deployments().forEach(d -> state.deployments.put(d.id(), d));
    for (PathId app : doc.apps()) {
      AppRecord r = state.record(app);
      Optional<byte[]> bytes = read(appDoc(app));
      if (bytes.isEmpty()) {
        continue;
      }
      AppDoc a = parse(bytes.get(), AppDoc.class);
      a.instances().forEach(state::put);
      a.history().forEach(def -> r.history.put(def.version(), def));
      r.lastFailure = a.lastFailure();
      r.failures = a.failures();
      r.delayUntil = a.delayUntil();
    }
  }

  void saveFrameworkId(FrameworkId id) {
    write(FRAMEWORK_ID, id.value().getBytes(StandardCharsets.UTF_8));
  }

  void saveRoot(ServicesState state) {
    RootDoc doc =
        new RootDoc(
            state.root,
            new ArrayList<>(state.deployments.values()),
            new ArrayList<>(state.apps.keySet()));
    write(ROOT, bytes(doc));
  }

  /** Saves one app's document; an app no longer in {@code state} is saved empty. */
  void saveApp(ServicesState state, PathId app) {
    AppRecord r = state.apps.get(app);
    AppDoc doc =
        r == null
            ? new AppDoc(List.of(), List.of(), null, 0, null)
            : new AppDoc(
                new ArrayList<>(r.instances.values()),
                new ArrayList<>(r.history.values()),
                r.lastFailure,
                r.failures,
                r.delayUntil);
    write(appDoc(app), bytes(doc));
  }

  static String appDoc(PathId app) {
    return "app:" + app.safeName();
  }

  private Optional<byte[]> read(String name) {
    Optional<FrameworkStore.Document> doc = store.read(name);
    doc.ifPresent(d -> versions.put(name, d.version()));
    return doc.map(FrameworkStore.Document::data);
  }

  private void write(String name, byte[] data) {
    long v = store.write(name, data, versions.getOrDefault(name, FrameworkStore.ABSENT));
    versions.put(name, v);
  }

  private byte[] bytes(Object doc) {
    try {
      return json.writeValueAsBytes(doc);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private <T> T parse(byte[] data, Class<T> type) {
    try {
      return json.readValue(data, type);
    } catch (IOException e) {
      throw new IllegalStateException(
          "stored services document is unreadable as " + type.getSimpleName() + ": " + e, e);
    }
  }
}
