package io.mezzo.master.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What every {@link StateStore} must do; each implementation's test extends this. */
abstract class StateStoreContract {
  /** A fresh, empty store; called once per test. */
  abstract StateStore store();

  /** A second handle on the same storage, as another master would have. */
  abstract StateStore sameStorage();

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void absentDocumentReadsEmpty() {
    assertThat(store().read("registry")).isEmpty();
  }

  @Test
  void writeThenReadReturnsDataAndVersion() {
    StateStore s = store();
    long v = s.write("registry", b("one"), StateStore.ABSENT);
    var read = s.read("registry").orElseThrow();
    assertThat(new String(read.data(), StandardCharsets.UTF_8)).isEqualTo("one");
    assertThat(read.version()).isEqualTo(v);
    long v2 = s.write("registry", b("two"), v);
    assertThat(v2).isNotEqualTo(v);
    assertThat(new String(s.read("registry").orElseThrow().data(), StandardCharsets.UTF_8))
        .isEqualTo("two");
  }

  @Test
  void staleVersionIsRefusedAndChangesNothing() {
    StateStore s = store();
    long v = s.write("registry", b("one"), StateStore.ABSENT);
    s.write("registry", b("two"), v);
    assertThatThrownBy(() -> s.write("registry", b("stale"), v))
        .isInstanceOf(StateStore.StaleVersionException.class);
    assertThat(new String(s.read("registry").orElseThrow().data(), StandardCharsets.UTF_8))
        .isEqualTo("two");
  }

  @Test
  void creatingAnExistingDocumentIsRefused() {
    StateStore s = store();
    s.write("registry", b("one"), StateStore.ABSENT);
    assertThatThrownBy(() -> s.write("registry", b("again"), StateStore.ABSENT))
        .isInstanceOf(StateStore.StaleVersionException.class);
  }

  @Test
  void aSecondHandleSeesWritesAndFencesTheFirst() {
    StateStore first = store();
    long v = first.write("registry", b("one"), StateStore.ABSENT);
    StateStore second = sameStorage();
    var seen = second.read("registry").orElseThrow();
    second.write("registry", b("new leader"), seen.version());
    assertThatThrownBy(() -> first.write("registry", b("deposed"), v))
        .isInstanceOf(StateStore.StaleVersionException.class);
  }

  @Test
  void documentsAreIndependent() {
    StateStore s = store();
    s.write("a", b("1"), StateStore.ABSENT);
    assertThat(s.read("b")).isEmpty();
  }

  private static String text(StateStore.Versioned v) {
    return new String(v.data(), StandardCharsets.UTF_8);
  }

  private static Map<String, String> texts(Map<String, StateStore.Versioned> docs) {
    return docs.entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> text(e.getValue())));
  }

  private static long claim(StateStore s) {
    long seen = s.read("fence").map(StateStore.Versioned::version).orElse(StateStore.ABSENT);
    return s.write("fence", b("{}"), seen);
  }

  @Test
  void aBatchWritesAndDeletesDocumentsOfCollectionsAndFlatOnes() {
    StateStore s = store();
    long fence = claim(s);
    s.commit(
        "fence",
        fence,
        List.of(
            new StateStore.Put("agents/a1", b("one")),
            new StateStore.Put("agents/a2", b("two")),
            new StateStore.Put("meta", b("m"))));
    s.commit(
        "fence",
        fence,
        List.of(
            new StateStore.Put("agents/a1", b("one again")),
            new StateStore.Delete("agents/a2"),
            new StateStore.Delete("agents/never-there")));

    assertThat(texts(s.readAll("agents"))).isEqualTo(Map.of("a1", "one again"));
    assertThat(text(s.read("meta").orElseThrow())).isEqualTo("m");
    assertThat(s.read("agents/a2")).isEmpty();
    assertThat(s.readAll("frameworks")).isEmpty();
  }

  @Test
  void aPutBumpsTheDocumentsVersionSoCompareAndSetStillWorks() {
    StateStore s = store();
    long fence = claim(s);
    long v = s.write("doc", b("1"), StateStore.ABSENT);
    s.commit("fence", fence, List.of(new StateStore.Put("doc", b("2"))));
    assertThatThrownBy(() -> s.write("doc", b("stale"), v))
        .isInstanceOf(StateStore.StaleVersionException.class);
    assertThat(text(s.read("doc").orElseThrow())).isEqualTo("2");
  }

  @Test
  void aDeposedWritersBatchFailsWholeAndChangesNothing() {
    StateStore first = store();
    long firstFence = claim(first);
    first.commit("fence", firstFence, List.of(new StateStore.Put("agents/a", b("first"))));
    StateStore second = sameStorage();
    long secondFence = claim(second);

    assertThatThrownBy(
            () ->
                first.commit(
                    "fence",
                    firstFence,
                    List.of(
                        new StateStore.Put("agents/b", b("deposed")),
                        new StateStore.Put("agents/a", b("deposed")),
                        new StateStore.Delete("meta"))))
        .isInstanceOf(StateStore.StaleVersionException.class);
    assertThatThrownBy(() -> first.commit("fence", firstFence, List.of()))
        .isInstanceOf(StateStore.StaleVersionException.class);

    assertThat(texts(second.readAll("agents"))).isEqualTo(Map.of("a", "first"));
    second.commit("fence", secondFence, List.of(new StateStore.Put("agents/b", b("leader"))));
    assertThat(texts(first.readAll("agents"))).isEqualTo(Map.of("a", "first", "b", "leader"));
  }

  @Test
  void aBatchNeedsItsFenceToExist() {
    assertThatThrownBy(
            () ->
                store()
                    .commit("fence", StateStore.ABSENT, List.of(new StateStore.Put("x", b("1")))))
        .isInstanceOf(StateStore.StaleVersionException.class);
  }

  @Test
  void malformedBatchesAndNamesAreRefused() {
    StateStore s = store();
    long fence = claim(s);
    assertThatThrownBy(
            () ->
                s.commit(
                    "fence",
                    fence,
                    List.of(new StateStore.Put("x", b("1")), new StateStore.Delete("x"))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> s.commit("fence", fence, List.of(new StateStore.Put("fence", b("1")))))
        .isInstanceOf(IllegalArgumentException.class);
    for (String bad : List.of("a/b/c", "../x", "a/..", "", "a b", "/x", "x/")) {
      assertThatThrownBy(() -> s.write(bad, b("1"), StateStore.ABSENT))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> s.readAll("a/b")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void documentsFarAboveOneMegabyteRoundTripThroughWriteAndBatch() {
    StateStore s = store();
    long fence = claim(s);
    byte[] big = new byte[3 * 1024 * 1024];
    new SplittableRandom(7).nextBytes(big); // incompressible: ZooKeeper must chunk it
    byte[] json = ("{\"x\":\"" + "y".repeat(2 * 1024 * 1024) + "\"}").getBytes();
    long v = s.write("big", big, StateStore.ABSENT);
    s.commit(
        "fence",
        fence,
        List.of(new StateStore.Put("docs/json", json), new StateStore.Put("docs/big", big)));

    assertThat(s.read("big").orElseThrow().data()).isEqualTo(big);
    assertThat(s.read("big").orElseThrow().version()).isEqualTo(v);
    assertThat(s.readAll("docs").get("big").data()).isEqualTo(big);
    assertThat(sameStorage().read("docs/json").orElseThrow().data()).isEqualTo(json);
    s.write("big", b("small now"), v);
    assertThat(text(s.read("big").orElseThrow())).isEqualTo("small now");
  }
}
