package io.mezzo.core.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mezzo.core.resources.ResourceValue.Items;
import io.mezzo.core.resources.ResourceValue.Ranges;
import io.mezzo.core.resources.ResourceValue.Scalar;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResourcesTest {

  @ParameterizedTest(name = "{0} prints as {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "cpus:4;mem:8192;disk:40960;ports:[31000-32000]|cpus:4;disk:40960;mem:8192;ports:[31000-32000]",
        "bugs(debug):{b,a};cpus:2.5|bugs(debug):{a,b};cpus:2.5",
        "ports:[33000-33005, 31000-32000]|ports:[31000-32000,33000-33005]",
        "ports:[1-2,3-4,10-12,11-20]|ports:[1-4,10-20]",
        "cpus:1;cpus:2.5;cpus(eng):4|cpus:3.5;cpus(eng):4",
        "cpus:0.0004;gpus:0;mem:32|mem:32",
        "cpus:0.0005|cpus:0.001",
        "cpus:1e1|cpus:10",
        " cpus : 4 ; ; mem:1 |cpus:4;mem:1",
        "cpus(eng/frontend):1|cpus(eng/frontend):1",
        "ports:[];bugs:{}|''",
      })
  void parsesAgentSyntaxAndPrintsItSorted(String text, String printed) {
    assertThat(Resources.parse(text)).hasToString(printed);
  }

  @ParameterizedTest(name = "{0} is rejected naming {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "cpus:-1|'cpus:-1'",
        "cpus:NaN|'cpus:NaN'",
        "cpus:Infinity|'cpus:Infinity'",
        "cpus:4d|'cpus:4d'",
        "cpus|'cpus'",
        "cpus:|'cpus:'",
        "mem:8;ports:[32000-31000]|begin > end",
        "ports:[1-2|lacks a closing",
        "ports:[1-]|invalid bound",
        "ports:[a-b]|invalid bound",
        "ports:[5]|not begin-end",
        "ports:[-5-7]|invalid bound",
        "bugs:{a,,b}|invalid item",
        "cpus:1;cpus:{a}|SCALAR",
        "cpus:1;cpus(eng):[1-2]|both SCALAR and RANGES",
        "cpus(eng/*):1|invalid level",
        "cpus(eng:1|name(role)",
        "cpus(a b):1|invalid character",
        "cpus(/eng):1|empty level",
        "cpus(-eng):1|starting with '-'",
        "(eng):1|must not be empty",
        "cpus:99999999999999999999|too large",
      })
  void rejectsMalformedTextWithAMessageNamingTheToken(String text, String fragment) {
    assertThatThrownBy(() -> Resources.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(fragment);
  }

  @Test
  void emptyTextIsEmptyResources() {
    assertThat(Resources.parse("")).isEqualTo(Resources.empty());
    assertThat(Resources.empty().isEmpty()).isTrue();
    assertThat(Resources.empty()).hasToString("");
  }

  @Test
  void builderAndParseAgree() {
    Resources built =
        Resources.builder()
            .scalar("cpus", 2.0)
            .scalar("cpus", "eng", 2.0)
            .scalar("mem", 512)
            .ranges("ports", new Range(31000, 31005), new Range(31006, 31010))
            .items("bugs", "b", "a")
            .build();
    assertThat(built)
        .isEqualTo(Resources.parse("cpus:2;cpus(eng):2;mem:512;ports:[31000-31010];bugs:{a,b}"));
    assertThat(built.hashCode()).isEqualTo(Resources.parse(built.toString()).hashCode());
  }

  @Test
  void plusAddsPerKeyAndKeepsRolesApart() {
    Resources a = Resources.parse("cpus:1;mem:100;ports:[1-5]");
    Resources b = Resources.parse("cpus:0.5;cpus(eng):2;ports:[6-8,20-20]");
    assertThat(a.plus(b)).hasToString("cpus:1.5;cpus(eng):2;mem:100;ports:[1-8,20-20]");
  }

  @Test
  void plusRejectsTwoTypesForOneName() {
    assertThatThrownBy(() -> Resources.parse("cpus:1").plus(Resources.parse("cpus(eng):{a}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cpus");
  }

  @Test
  void minusRemovesEntriesThatBecomeEmpty() {
    Resources a = Resources.parse("cpus:2;mem:100;ports:[1-10];bugs:{a,b}");
    assertThat(a.minus(Resources.parse("cpus:2;ports:[3-4];bugs:{a}")))
        .hasToString("bugs:{b};mem:100;ports:[1-2,5-10]");
  }

  @ParameterizedTest(name = "{0} minus {1} throws")
  @CsvSource(
      delimiter = '|',
      value = {
        "cpus:1|cpus:1.001",
        "cpus:1|mem:1",
        "cpus(eng):4|cpus:1",
        "cpus:4|cpus(eng):1",
        "ports:[1-10]|ports:[10-11]",
        "bugs:{a}|bugs:{b}",
      })
  void minusOfNonContainedResourcesThrows(String a, String b) {
    assertThatThrownBy(() -> Resources.parse(a).minus(Resources.parse(b)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not contained");
  }

  @ParameterizedTest(name = "{0} contains {1}: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "cpus:4;mem:10|cpus:4|true",
        "cpus:4;mem:10|''|true",
        "cpus:4|cpus:4.001|false",
        "cpus:4|cpus(eng):1|false",
        "ports:[1-10,20-30]|ports:[2-3,25-30]|true",
        "ports:[1-10,20-30]|ports:[9-21]|false",
        "ports:[1-10]|ports:[11-11]|false",
        "bugs:{a,b}|bugs:{b}|true",
        "bugs:{a,b}|bugs:{c}|false",
        "cpus:1|cpus:1;mem:1|false",
      })
  void containsComparesEveryKey(String a, String b, boolean expected) {
    assertThat(Resources.parse(a).contains(Resources.parse(b))).isEqualTo(expected);
  }

  @Test
  void scalarSumsAllRolesOfAName() {
    Resources r = Resources.parse("cpus:1.5;cpus(eng):2;cpus(ops):0.25;ports:[1-2]");
    assertThat(r.scalar("cpus")).isEqualTo(3.75);
    assertThat(r.scalar("mem")).isZero();
    assertThat(r.scalar("ports")).isZero();
  }

  @Test
  void roleViewsSelectTheRightEntries() {
    Resources r = Resources.parse("cpus:1;cpus(eng):2;mem(ops):3;disk:4");
    assertThat(r.unreserved()).hasToString("cpus:1;disk:4");
    assertThat(r.reservedTo("eng")).hasToString("cpus(eng):2");
    assertThat(r.reservedTo("*")).isEqualTo(Resources.empty());
    assertThat(r.allocatableTo("eng")).hasToString("cpus:1;cpus(eng):2;disk:4");
    assertThat(r.allocatableTo("*")).hasToString("cpus:1;disk:4");
    assertThat(r.filter(k -> k.name().equals("mem"))).hasToString("mem(ops):3");
  }

  @Test
  void scalarsDropsRangesAndSets() {
    assertThat(Resources.parse("cpus:1;ports:[1-2];bugs:{a}").scalars()).hasToString("cpus:1");
  }

  @Test
  void mapViewsAreInKeyOrder() {
    Resources r = Resources.parse("mem:2;cpus(eng):1;cpus:3");
    assertThat(r.asMap().keySet())
        .containsExactly(
            ResourceKey.of("cpus"), ResourceKey.of("cpus", "eng"), ResourceKey.of("mem"));
    assertThat(r.names()).containsExactly("cpus", "mem");
    assertThat(r.get(ResourceKey.of("cpus", "eng"))).contains(new Scalar(1000));
    assertThat(r.get(ResourceKey.of("cpus", "ops"))).isEmpty();
    assertThat(r.asMap())
        .isEqualTo(
            Map.of(
                ResourceKey.of("cpus"), new Scalar(3000),
                ResourceKey.of("cpus", "eng"), new Scalar(1000),
                ResourceKey.of("mem"), new Scalar(2000)));
  }

  @Test
  void intersectKeepsTheCommonPart() {
    Resources a = Resources.parse("cpus:4;mem:10;ports:[1-10,20-30];bugs:{a,b}");
    Resources b = Resources.parse("cpus:1;disk:5;ports:[5-25];bugs:{b,c}");
    assertThat(a.intersect(b)).hasToString("bugs:{b};cpus:1;ports:[5-10,20-25]");
  }

  @Test
  void valuesBuiltDirectlyAreNormalised() {
    assertThat(new Ranges(java.util.List.of(new Range(5, 6), new Range(1, 4))).ranges())
        .containsExactly(new Range(1, 6));
    assertThat(new Items(new java.util.TreeSet<>(Set.of("b", "a")))).hasToString("{a,b}");
    assertThatThrownBy(() -> new Range(-1, 3)).hasMessageContaining("negative");
  }
}
