package io.mezzo.master.allocator.sorter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mezzo.core.resources.Resources;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@link Sorter} contract, run against every implementation. */
abstract class SorterContract {

  abstract Sorter newSorter();

  Sorter sorter;

  @BeforeEach
  void setUp() {
    sorter = newSorter();
    sorter.addTotal("a1", Resources.parse("cpus:10;mem:1024;ports:[1-100]"));
  }

  @Test
  void sortListsOnlyActiveClients() {
    sorter.add("r1");
    sorter.add("r2");
    sorter.add("r3");
    sorter.deactivate("r2");
    assertThat(sorter.sort()).containsExactlyInAnyOrder("r1", "r3");
    sorter.activate("r2");
    sorter.activate("r2");
    assertThat(sorter.sort()).containsExactlyInAnyOrder("r1", "r2", "r3");
    sorter.remove("r1");
    sorter.remove("r1");
    assertThat(sorter.sort()).containsExactlyInAnyOrder("r2", "r3");
    assertThat(sorter.contains("r1")).isFalse();
  }

  @Test
  void dominantShareIsTheLargestScalarFractionDividedByWeight() {
    sorter.add("r1");
    sorter.allocated("r1", "a1", Resources.parse("cpus:2;mem:512;ports:[1-100]"));
    // cpus 2/10 = 0.2, mem 512/1024 = 0.5, ports are not scalar → dominant 0.5
    assertThat(sorter.dominantShare("r1")).isCloseTo(0.5, within(1e-9));
    sorter.setWeight("r1", 2);
    // 0.5 / weight 2 = 0.25
    assertThat(sorter.dominantShare("r1")).isCloseTo(0.25, within(1e-9));
    sorter.addTotal("a2", Resources.parse("cpus:10;mem:1024"));
    // cpus 2/20 = 0.1, mem 512/2048 = 0.25 → 0.25 / 2 = 0.125
    assertThat(sorter.dominantShare("r1")).isCloseTo(0.125, within(1e-9));
    sorter.unallocated("r1", "a1", Resources.parse("mem:512"));
    // cpus 2/20 = 0.1 → 0.1 / 2 = 0.05
    assertThat(sorter.dominantShare("r1")).isCloseTo(0.05, within(1e-9));
  }

  @Test
  void weightsGivenBeforeAddApplyAndSurviveRemoval() {
    sorter.setWeight("r1", 4);
    sorter.add("r1");
    sorter.allocated("r1", "a1", Resources.parse("cpus:4"));
    // cpus 4/10 = 0.4 / 4 = 0.1
    assertThat(sorter.dominantShare("r1")).isCloseTo(0.1, within(1e-9));
    sorter.remove("r1");
    sorter.add("r1");
    assertThat(sorter.dominantShare("r1")).isZero();
  }

  @Test
  void misuseIsRejected() {
    sorter.add("r1");
    assertThatThrownBy(() -> sorter.add("r1")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> sorter.activate("nobody"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> sorter.allocated("nobody", "a1", Resources.parse("cpus:1")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> sorter.unallocated("r1", "a1", Resources.parse("cpus:1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cpus");
    assertThatThrownBy(() -> sorter.setWeight("r1", 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> sorter.setWeight("r1", Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> sorter.removeTotal("a9", Resources.parse("cpus:11")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aFailedUnallocateChangesNothing() {
    sorter.add("r1");
    sorter.allocated("r1", "a1", Resources.parse("cpus:1;mem:512"));
    double before = sorter.dominantShare("r1");
    assertThatThrownBy(() -> sorter.unallocated("r1", "a1", Resources.parse("mem:1;cpus:2")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(sorter.dominantShare("r1")).isEqualTo(before);
  }

  @Test
  void forEachInOrderVisitsTheSortOrderUntilTheVisitorStops() {
    for (String c : List.of("r1", "r2", "r3")) {
      sorter.add(c);
    }
    sorter.allocated("r1", "a1", Resources.parse("cpus:1"));
    List<String> seen = new ArrayList<>();
    sorter.forEachInOrder(
        c -> {
          seen.add(c);
          return seen.size() < 2;
        });
    assertThat(seen).hasSize(2);
  }
}
