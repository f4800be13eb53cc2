package io.mezzo.core.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mezzo.core.resources.ResourceValue.Ranges;
import java.util.BitSet;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Algebraic laws of {@link Resources}, each checked on {@value #CASES} random cases. The seed is
 * printed in every failure message; rerun with {@code -Dmezzo.seed=<seed>} to replay it.
 */
class ResourcesPropertyTest {
  private static final int CASES = 2000;
  private final long seed =
      Long.getLong("mezzo.seed", 20261125L); // fixed so CI repeats; -Dmezzo.seed=N explores
  private final SplittableRandom random = new SplittableRandom(seed);
  private final RandomResources gen = new RandomResources(random);

  private String why(int i, Object... values) {
    StringBuilder sb = new StringBuilder("seed ").append(seed).append(", case ").append(i);
    for (Object v : values) {
      sb.append(", [").append(v).append(']');
    }
    return sb.toString();
  }

  /**
   * Ranges and sets add as set unions, so (a+b)-b == a needs their parts disjoint, which is the
   * case for the allocator: a port is never held twice. Scalars have no such restriction.
   */
  private Resources disjointFrom(Resources a, Resources b) {
    Resources common = a.intersect(b);
    return b.minus(common.minus(common.scalars()));
  }

  @Test
  void addingThenSubtractingTheSameResourcesGivesTheOriginal() {
    for (int i = 0; i < CASES; i++) {
      Resources a = gen.next();
      Resources b = disjointFrom(a, gen.next());
      assertThat(a.plus(b).minus(b)).as(why(i, a, b)).isEqualTo(a);
    }
  }

  @Test
  void aSumContainsBothOperandsAndIsCommutative() {
    for (int i = 0; i < CASES; i++) {
      Resources a = gen.next();
      Resources b = gen.next();
      Resources sum = a.plus(b);
      assertThat(sum.contains(a) && sum.contains(b)).as(why(i, a, b)).isTrue();
      assertThat(b.plus(a)).as(why(i, a, b)).isEqualTo(sum);
    }
  }

  @Test
  void containsIsReflexiveAndTransitive() {
    for (int i = 0; i < CASES; i++) {
      Resources c = gen.next();
      Resources b = c.plus(gen.next());
      Resources a = b.plus(gen.next());
      assertThat(c.contains(c)).as(why(i, c)).isTrue();
      assertThat(a.contains(c)).as(why(i, a, b, c)).isTrue();
      // Unrelated triples: whenever the premises hold, so must the conclusion.
      Resources x = gen.next();
      Resources y = gen.next();
      Resources z = gen.next();
      if (x.contains(y) && y.contains(z)) {
        assertThat(x.contains(z)).as(why(i, x, y, z)).isTrue();
      }
    }
  }

  @Test
  void parsingThePrintedFormGivesTheSameResources() {
    for (int i = 0; i < CASES; i++) {
      Resources a = gen.next();
      Resources parsed = Resources.parse(a.toString());
      assertThat(parsed).as(why(i, a)).isEqualTo(a);
      assertThat(parsed.hashCode()).as(why(i, a)).isEqualTo(a.hashCode());
    }
  }

  @Test
  void subtractingResourcesThatAreNotContainedThrows() {
    for (int i = 0; i < CASES; i++) {
      Resources a = gen.next();
      Resources extra = gen.next();
      Resources bigger = a.plus(extra);
      if (bigger.equals(a)) {
        continue;
      }
      assertThat(a.contains(bigger)).as(why(i, a, extra)).isFalse();
      assertThatThrownBy(() -> a.minus(bigger))
          .as(why(i, a, extra))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void minusAgreesWithContains() {
    for (int i = 0; i < CASES; i++) {
      Resources a = gen.next();
      Resources b = gen.next();
      if (a.contains(b)) {
        Resources rest = a.minus(b);
        assertThat(rest.plus(b)).as(why(i, a, b)).isEqualTo(a);
      } else {
        assertThatThrownBy(() -> a.minus(b))
            .as(why(i, a, b))
            .isInstanceOf(IllegalArgumentException.class);
      }
    }
  }

  @Test
  void intersectionIsContainedInBothAndMaximalForScalars() {
    for (int i = 0; i < CASES; i++) {
      Resources a = gen.next();
      Resources b = gen.next();
      Resources common = a.intersect(b);
      assertThat(a.contains(common) && b.contains(common)).as(why(i, a, b, common)).isTrue();
      assertThat(common).as(why(i, a, b)).isEqualTo(b.intersect(a));
      assertThat(a.minus(common).intersect(b.minus(common)))
          .as(why(i, a, b, common))
          .isEqualTo(Resources.empty());
    }
  }

  @Test
  void rangeArithmeticMatchesASetOfIntegersModel() {
    for (int i = 0; i < CASES; i++) {
      Ranges a = gen.ranges();
      Ranges b = gen.ranges();
      BitSet ma = model(a);
      BitSet mb = model(b);
      BitSet union = (BitSet) ma.clone();
      union.or(mb);
      assertThat(model((Ranges) a.add(b))).as(why(i, a, b)).isEqualTo(union);
      assertNormalised((Ranges) a.add(b), why(i, a, b));
      BitSet bMinusA = (BitSet) mb.clone();
      bMinusA.andNot(ma);
      assertThat(a.contains(b)).as(why(i, a, b)).isEqualTo(bMinusA.isEmpty());
      if (a.contains(b)) {
        BitSet diff = (BitSet) ma.clone();
        diff.andNot(mb);
        Ranges rest = (Ranges) a.subtract(b);
        assertThat(model(rest)).as(why(i, a, b)).isEqualTo(diff);
        assertNormalised(rest, why(i, a, b));
      }
    }
  }

  private static BitSet model(Ranges ranges) {
    BitSet bits = new BitSet();
    for (Range r : ranges.ranges()) {
      bits.set((int) r.begin(), (int) r.end() + 1);
    }
    return bits;
  }

  private static void assertNormalised(Ranges ranges, String why) {
    for (int i = 1; i < ranges.ranges().size(); i++) {
      // Sorted, disjoint and not adjacent: a gap of at least one value between neighbours.
      assertThat(ranges.ranges().get(i).begin())
          .as(why)
          .isGreaterThan(ranges.ranges().get(i - 1).end() + 1);
    }
  }
}
