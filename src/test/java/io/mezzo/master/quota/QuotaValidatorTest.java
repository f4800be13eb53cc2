package io.mezzo.master.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The quota rules, table-driven, without a master. */
class QuotaValidatorTest {
  static final Map<String, Double> CLUSTER = Map.of("cpus", 8.0, "mem", 4096.0);

  static QuotaConfig q(String role, Map<String, Double> g, Map<String, Double> l) {
    return new QuotaConfig(role, g, l);
  }

  static QuotaValidator.Result update(Map<String, QuotaConfig> now, QuotaConfig... configs) {
    return QuotaValidator.update(now, List.of(configs), CLUSTER, Set.of("ports"), false);
  }

  @Test
  void aValidUpdateGivesTheNextQuotasAndADefaultConfigRemovesOne() {
    QuotaValidator.Result r =
        update(Map.of(), q("a", Map.of("cpus", 2.0), Map.of("cpus", 4.0)), q("b", null, null));
    assertThat(r.ok()).as(r.problem()).isTrue();
    assertThat(r.quotas()).containsOnlyKeys("a");
    QuotaValidator.Result removed = update(r.quotas(), q("a", Map.of(), Map.of()));
    assertThat(removed.quotas()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "a|cpus|3|cpus|2|is above its limit",
        "a|cpus|-1|mem|1|is negative",
        "a|ports|1|mem|1|scalar resources only",
        "*|cpus|1|cpus|1|default role '*'",
        "a/|cpus|1|cpus|1|empty level",
        "a b|cpus|1|cpus|1|whitespace",
        "a|cpus|NaN|cpus|1|not a finite number",
      })
  void badConfigsAreRefusedNamingRoleAndResource(
      String role, String gName, double g, String lName, double l, String why) {
    QuotaValidator.Result r = update(Map.of(), q(role, Map.of(gName, g), Map.of(lName, l)));
    assertThat(r.ok()).isFalse();
    assertThat(r.problem()).startsWith("Invalid QuotaConfig: ").contains(why);
  }

  @Test
  void theChildrensGuaranteesMustFitInTheParents() {
    Map<String, QuotaConfig> now = Map.of("eng", q("eng", Map.of("cpus", 3.0), null));
    // eng/web 2 + eng/db 1 = 3 ≤ eng's 3: fine; one more cpu for eng/db is not.
    assertThat(
            update(
                    now,
                    q("eng/web", Map.of("cpus", 2.0), null),
                    q("eng/db", Map.of("cpus", 1.0), null))
                .ok())
        .isTrue();
    QuotaValidator.Result r =
        update(
            now, q("eng/web", Map.of("cpus", 2.0), null), q("eng/db", Map.of("cpus", 1.5), null));
    assertThat(r.problem()).contains("children of role 'eng' add up to cpus:3.5");
    // A grandchild counts against its nearest ancestor with a quota.
    assertThat(update(now, q("eng/web/x", Map.of("cpus", 4.0), null)).problem())
        .contains("children of role 'eng'");
  }

  @Test
  void aChildsLimitMayNotExceedItsParents() {
    Map<String, QuotaConfig> now = Map.of("eng", q("eng", null, Map.of("cpus", 2.0)));
    assertThat(update(now, q("eng/web", null, Map.of("cpus", 3.0))).problem())
        .contains("above the limit of its parent 'eng'");
  }

  @Test
  void topLevelGuaranteesMustFitTheClusterUnlessForced() {
    Map<String, QuotaConfig> now = Map.of("a", q("a", Map.of("cpus", 6.0), null));
    // a 6 + b 3 = 9 > 8 cpus.
    QuotaValidator.Result r = update(now, q("b", Map.of("cpus", 3.0), null));
    assertThat(r.problem()).contains("role 'b'").contains("cpus:9.0").contains("cpus:8.0");
    assertThat(
            QuotaValidator.update(
                    now, List.of(q("b", Map.of("cpus", 3.0), null)), CLUSTER, Set.of(), true)
                .ok())
        .isTrue();
    // A child's guarantee is within its parent's, so it does not count twice.
    Map<String, QuotaConfig> tree = Map.of("eng", q("eng", Map.of("cpus", 8.0), null));
    assertThat(update(tree, q("eng/web", Map.of("cpus", 8.0), null)).ok()).isTrue();
  }

  @Test
  void aRoleTwiceInOneUpdateIsRefused() {
    assertThat(update(Map.of(), q("a", null, Map.of("cpus", 1.0)), q("a", null, null)).problem())
        .contains("more than once");
  }

  @Test
  void rolesNestByNamePrefixOnly() {
    assertThat(QuotaRoles.inSubtree("eng/web", "eng")).isTrue();
    assertThat(QuotaRoles.inSubtree("eng", "eng")).isTrue();
    assertThat(QuotaRoles.inSubtree("engine", "eng")).isFalse();
    assertThat(QuotaRoles.selfAndAncestors("a/b/c")).containsExactly("a/b/c", "a/b", "a");
  }
}
