package io.mezzo.framework.jobs.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PersistentTreapTest {

  @Test
  void behavesLikeATreeMapUnderRandomChangesAndKeepsOldVersionsIntact() {
    SplittableRandom random = new SplittableRandom(11);
    PersistentTreap<Integer> treap = PersistentTreap.empty();
    TreeMap<String, Integer> model = new TreeMap<>();
    List<PersistentTreap<Integer>> versions = new ArrayList<>();
    List<Map<String, Integer>> snapshots = new ArrayList<>();
    for (int step = 0; step < 5_000; step++) {
      String key = "k" + random.nextInt(300);
      if (random.nextInt(3) == 0) {
        treap = treap.remove(key);
        model.remove(key);
      } else {
        treap = treap.put(key, step);
        model.put(key, step);
      }
      if (step % 500 == 0) {
        versions.add(treap);
        snapshots.add(new TreeMap<>(model));
      }
      assertThat(treap.size()).isEqualTo(model.size());
      assertThat(treap.get(key)).isEqualTo(model.get(key));
    }
    assertThat(contents(treap)).isEqualTo(model);
    assertThat(treap.keySet()).containsExactlyElementsOf(model.keySet());
    for (int i = 0; i < versions.size(); i++) {
      assertThat(contents(versions.get(i))).isEqualTo(snapshots.get(i));
    }
  }

  @Test
  void removingAnAbsentKeyReturnsTheSameMap() {
    PersistentTreap<Integer> treap = PersistentTreap.<Integer>empty().put("a", 1);
    assertThat(treap.remove("b")).isSameAs(treap);
  }

  @Test
  void sortedInsertionsStayShallowEnoughForRecursion() {
    PersistentTreap<Integer> treap = PersistentTreap.empty();
    for (int i = 0; i < 20_000; i++) {
      treap = treap.put(String.format("j%06d", i), i);
    }
    assertThat(treap.size()).isEqualTo(20_000);
    assertThat(treap.keySet().iterator().next()).isEqualTo("j000000");
  }

  private static Map<String, Integer> contents(PersistentTreap<Integer> treap) {
    Map<String, Integer> out = new TreeMap<>();
    treap.forEach(out::put);
    return out;
  }
}
