package io.mezzo.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mezzo.framework.sdk.BuiltInFramework;
import io.mezzo.framework.sdk.FrameworkContext;
import io.mezzo.framework.sdk.FrameworkStore;
import io.mezzo.framework.sdk.SchedulerConnections;
import io.mezzo.master.state.FileStateStore;
import io.mezzo.master.state.InMemoryStateStore;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hosting: who starts, with what context, what stops and in which order. */
class BuiltInFrameworksTest {
  private static final URI URL = URI.create("http://127.0.0.1:5050");
  private final List<String> log = new CopyOnWriteArrayList<>();
  private final InMemoryStateStore store = new InMemoryStateStore();
  private final SchedulerConnections transport =
      (call, events, closed) -> CompletableFuture.failedFuture(new IllegalStateException("none"));

  /** Records its lifecycle and keeps the context it was given. */
  final class RecordingFramework implements BuiltInFramework {
    private final String name;
    private final boolean failsToStart;
    volatile FrameworkContext context;

    RecordingFramework(String name, boolean failsToStart) {
      this.name = name;
      this.failsToStart = failsToStart;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public void start(FrameworkContext context) {
      if (failsToStart) {
        throw new IllegalStateException("cannot read my state");
      }
      this.context = context;
      log.add("start " + name);
    }

    @Override
    public void stop() {
      log.add("stop " + name);
    }
  }

  private BuiltInFrameworks host(BuiltInFramework... frameworks) {
    return new BuiltInFrameworks(List.of(frameworks), url -> transport);
  }

  @Test
  void startsEachFrameworkWithTheLocalMasterItsStoreTimersAndTransport() {
    RecordingFramework services = new RecordingFramework("services", false);
    BuiltInFrameworks host = host(services);
    host.start(store, URL);

    FrameworkContext c = services.context;
    assertThat(c.masterUrl()).isEqualTo(URL);
    assertThat(c.connections()).isSameAs(transport);
    assertThat(c.timers().clock()).isNotNull();
    long v = c.store().write("apps", "[]".getBytes(StandardCharsets.UTF_8), FrameworkStore.ABSENT);
    assertThat(store.read("frameworks.services.apps")).isPresent();
    assertThat(c.store().read("apps").orElseThrow().version()).isEqualTo(v);
    assertThatThrownBy(() -> c.store().write("apps", new byte[0], FrameworkStore.ABSENT))
        .isInstanceOf(FrameworkStore.StaleException.class);
    assertThatThrownBy(() -> c.store().read(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("non-empty");
    host.stop();
  }

  @Test
  void anyDocumentNameFitsTheFileStoresAlphabetOneToOne(@TempDir Path dir) {
    RecordingFramework services = new RecordingFramework("services", false);
    BuiltInFrameworks host = host(services);
    host.start(new FileStateStore(dir), URL);
    FrameworkStore s = services.context.store();
    for (String name : List.of("app:prod_web", "app:prod__web", "app/prod/web", "ü ß", "_003a")) {
      s.write(name, name.getBytes(StandardCharsets.UTF_8), FrameworkStore.ABSENT);
    }
    for (String name : List.of("app:prod_web", "app:prod__web", "app/prod/web", "ü ß", "_003a")) {
      assertThat(new String(s.read(name).orElseThrow().data(), StandardCharsets.UTF_8))
          .isEqualTo(name);
    }
    assertThat(StateStoreFrameworkStore.escape("app:prod_web")).isEqualTo("app_003aprod__web");
    host.stop();
  }

  @Test
  void aFrameworkThatFailsToStartIsLeftOutAndTheOthersRun() {
    BuiltInFrameworks host =
        host(
            new RecordingFramework("broken", true),
            new RecordingFramework("jobs", false),
            new RecordingFramework("jobs", false),
            new RecordingFramework("Bad.Name", false));
    host.start(store, URL);
    assertThat(host.running()).containsExactly("jobs");
    assertThat(log).containsExactly("start jobs");
    host.stop();
  }

  @Test
  void stopsLastStartedFirstOnceAndNeverRestarts() {
    BuiltInFrameworks host =
        host(new RecordingFramework("services", false), new RecordingFramework("jobs", false));
    host.start(store, URL);
    host.start(store, URL);
    host.stop();
    host.stop();
    host.start(store, URL);
    assertThat(log).containsExactly("start services", "start jobs", "stop jobs", "stop services");
    assertThat(host.running()).isEmpty();
  }

  @Test
  void aNodeThatStepsDownStopsThemAndStartsThemAgainWhenItLeadsAgain() {
    BuiltInFrameworks host =
        host(new RecordingFramework("services", false), new RecordingFramework("jobs", false));
    host.start(store, URL);
    host.stepDown();
    assertThat(host.running()).isEmpty();
    host.stepDown();
    host.start(store, URL);
    assertThat(host.running()).containsExactly("services", "jobs");
    host.stop();
    assertThat(log)
        .containsExactly(
            "start services",
            "start jobs",
            "stop jobs",
            "stop services",
            "start services",
            "start jobs",
            "stop jobs",
            "stop services");
  }

  @Test
  void theLocalUrlIsLoopbackUnlessBoundToOneAddress() {
    assertThat(BuiltInFrameworks.localUrl("0.0.0.0", 5050))
        .isEqualTo(URI.create("http://127.0.0.1:5050"));
    assertThat(
            BuiltInFrameworks.localUrl(
                "0.0.0.0", new io.mezzo.core.net.AdvertisedListener("https", 5443)))
        .isEqualTo(URI.create("https://127.0.0.1:5443"));
    assertThat(BuiltInFrameworks.localUrl("::", 80)).isEqualTo(URI.create("http://127.0.0.1:80"));
    assertThat(BuiltInFrameworks.localUrl("10.0.0.5", 5050))
        .isEqualTo(URI.create("http://10.0.0.5:5050"));
    assertThat(BuiltInFrameworks.localUrl("fe80::1", 5050))
        .isEqualTo(URI.create("http://[fe80::1]:5050"));
  }
}
