package io.mezzo.master.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
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
}
