package io.mezzo.security.acl;

import static io.mezzo.security.acl.Action.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mezzo.security.Caller;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The examples of Mesos's authorization.md, retold with other principals and objects, each asked of
 * the allowed and the refused side. A null principal is an anonymous caller; a null object asks
 * about every object at once.
 */
class LocalAuthorizerTest {
  private static final boolean YES = true;
  private static final boolean NO = false;

  /** Only ana may register with role finance; everything else falls to the permissive default. */
  private static final String FINANCE_FOR_ANA_ONLY =
      """
      {"register_frameworks": [
        {"principals": {"values": ["ana"]}, "roles": {"values": ["finance"]}},
        {"principals": {"type": "NONE"}, "roles": {"values": ["finance"]}}]}
      """;

  /** ana may register with finance and ads and nothing else; others with anything. */
  private static final String ANA_LIMITED_TO_TWO_ROLES =
      """
      {"register_frameworks": [
        {"principals": {"values": ["ana"]}, "roles": {"values": ["finance", "ads"]}},
        {"principals": {"values": ["ana"]}, "roles": {"type": "NONE"}}]}
      """;

  private static final String ONLY_ANA_ONLY_FINANCE =
      """
      {"permissive": false, "register_frameworks": [
        {"principals": {"values": ["ana"]}, "roles": {"values": ["finance"]}}]}
      """;

  private static final String ANYONE_AS_GUEST_OR_SVC =
      """
      {"permissive": false, "run_tasks": [
        {"principals": {"type": "ANY"}, "users": {"values": ["guest", "svc"]}}]}
      """;

  private static final String ANA_AND_BO_AS_WEB =
      """
      {"permissive": false, "run_tasks": [
        {"principals": {"values": ["ana", "bo"]}, "users": {"values": ["web"]}}]}
      """;

  private static final String ANA_ONLY_AS_GUEST =
      """
      {"run_tasks": [
        {"principals": {"values": ["ana"]}, "users": {"values": ["guest"]}},
        {"principals": {"values": ["ana"]}, "users": {"type": "NONE"}}]}
      """;

  private static final String NOBODY_AS_ROOT =
      """
      {"run_tasks": [{"principals": {"type": "NONE"}, "users": {"values": ["root"]}}]}
      """;

  /** The order trap: the NONE entry comes first, so it shuts out admin too. */
  private static final String TEARDOWN_WRONG_ORDER =
      """
      {"teardown_frameworks": [
        {"principals": {"type": "NONE"}, "framework_principals": {"type": "ANY"}},
        {"principals": {"values": ["admin"]}, "framework_principals": {"type": "ANY"}}]}
      """;

  private static final String TEARDOWN_RIGHT_ORDER =
      """
      {"teardown_frameworks": [
        {"principals": {"values": ["admin"]}, "framework_principals": {"type": "ANY"}},
        {"principals": {"type": "NONE"}, "framework_principals": {"type": "ANY"}}]}
      """;

  private static final String TEARDOWN_BY_OPS_ONLY =
      """
      {"permissive": false, "teardown_frameworks": [
        {"principals": {"values": ["ops"]}, "framework_principals": {"type": "ANY"}}]}
      """;

  private static final String ANA_RESERVES_ANY_ROLE =
      """
      {"permissive": false, "reserve_resources": [
        {"principals": {"values": ["ana"]}, "roles": {"type": "ANY"}}]}
      """;

  private static final String ANA_RESERVES_NOTHING =
      """
      {"reserve_resources": [{"principals": {"values": ["ana"]}, "roles": {"type": "NONE"}}]}
      """;

  private static final String ANA_RESERVES_PROD_AND_DEV =
      """
      {"permissive": false, "reserve_resources": [
        {"principals": {"values": ["ana"]}, "roles": {"values": ["prod", "dev"]}}]}
      """;

  private static final String UNRESERVE_OWN_AND_BOS =
      """
      {"permissive": false, "unreserve_resources": [
        {"principals": {"values": ["ana"]}, "reserver_principals": {"values": ["ana", "bo"]}},
        {"principals": {"values": ["bo"]}, "reserver_principals": {"values": ["bo"]}}]}
      """;

  private static final String ANA_CREATES_VOLUMES_FOR_PROD =
      """
      {"permissive": false, "create_volumes": [
        {"principals": {"values": ["ana"]}, "roles": {"values": ["prod", "dev"]}}]}
      """;

  private static final String DESTROY_OWN_AND_BOS =
      """
      {"permissive": false, "destroy_volumes": [
        {"principals": {"values": ["ana"]}, "creator_principals": {"values": ["ana", "bo"]}},
        {"principals": {"values": ["bo"]}, "creator_principals": {"values": ["bo"]}}]}
      """;

  private static final String QUOTAS =
      """
      {"permissive": false,
       "get_quotas": [
        {"principals": {"values": ["ops"]}, "roles": {"type": "ANY"}},
        {"principals": {"values": ["ana"]}, "roles": {"values": ["ana-team"]}}],
       "update_quotas": [
        {"principals": {"values": ["ops"]}, "roles": {"type": "ANY"}},
        {"principals": {"values": ["ana"]}, "roles": {"values": ["ana-team"]}}]}
      """;

  private static final String ENDPOINTS =
      """
      {"permissive": false, "get_endpoints": [
        {"principals": {"values": ["ops"]}, "paths": {"type": "ANY"}},
        {"principals": {"values": ["ana"]},
         "paths": {"values": ["/logging/toggle", "/monitor/statistics"]}}]}
      """;

  /** Hierarchical roles: eng/% stands for every role below eng, not for eng itself. */
  private static final String ENG_SUBTREE =
      """
      {"permissive": false, "reserve_resources": [
        {"principals": {"values": ["ana"]}, "roles": {"values": ["eng/%", "ops"]}},
        {"principals": {"type": "NONE"}, "roles": {"values": ["lab/%"]}},
        {"principals": {"type": "ANY"}, "roles": {"type": "ANY"}}]}
      """;

  /** Outside role actions a trailing /% is an ordinary character pair. */
  private static final String USERS_ARE_NOT_HIERARCHICAL =
      """
      {"permissive": false, "run_tasks": [
        {"principals": {"type": "ANY"}, "users": {"values": ["app/%"]}}]}
      """;

  /** The default role * is a role name like any other, not a wildcard. */
  private static final String STAR_IS_A_ROLE =
      """
      {"permissive": false, "register_frameworks": [
        {"principals": {"values": ["ana"]}, "roles": {"values": ["*"]}}]}
      """;

  private static final String AGENTS_AND_FLAGS =
      """
      {"permissive": false,
       "register_agents": [
        {"principals": {"values": ["agent-1", "agent-2"]}, "agents": {"type": "ANY"}},
        {"principals": {"type": "NONE"}, "agents": {"type": "ANY"}}],
       "view_flags": [
        {"principals": {"values": ["ops"]}, "flags": {"type": "ANY"}},
        {"principals": {"values": ["ana"]}, "flags": {"type": "NONE"}}]}
      """;

  static Stream<Arguments> examples() {
    return Stream.of(
        row(FINANCE_FOR_ANA_ONLY, "ana", REGISTER_FRAMEWORKS, "finance", YES),
        row(FINANCE_FOR_ANA_ONLY, "ana", REGISTER_FRAMEWORKS, "ops", YES),
        row(FINANCE_FOR_ANA_ONLY, "bo", REGISTER_FRAMEWORKS, "finance", NO),
        row(FINANCE_FOR_ANA_ONLY, "bo", REGISTER_FRAMEWORKS, "ops", YES),
        row(FINANCE_FOR_ANA_ONLY, null, REGISTER_FRAMEWORKS, "finance", NO),
        row(FINANCE_FOR_ANA_ONLY, null, REGISTER_FRAMEWORKS, "ops", YES),
        row(ANA_LIMITED_TO_TWO_ROLES, "ana", REGISTER_FRAMEWORKS, "ads", YES),
        row(ANA_LIMITED_TO_TWO_ROLES, "ana", REGISTER_FRAMEWORKS, "ops", NO),
        row(ANA_LIMITED_TO_TWO_ROLES, "bo", REGISTER_FRAMEWORKS, "ops", YES),
        row(ANA_LIMITED_TO_TWO_ROLES, null, REGISTER_FRAMEWORKS, "finance", YES),
        row(ONLY_ANA_ONLY_FINANCE, "ana", REGISTER_FRAMEWORKS, "finance", YES),
        row(ONLY_ANA_ONLY_FINANCE, "ana", REGISTER_FRAMEWORKS, "*", NO),
        row(ONLY_ANA_ONLY_FINANCE, "bo", REGISTER_FRAMEWORKS, "finance", NO),
        row(ONLY_ANA_ONLY_FINANCE, null, REGISTER_FRAMEWORKS, "finance", NO),
        row(ANYONE_AS_GUEST_OR_SVC, "cara", RUN_TASKS, "guest", YES),
        row(ANYONE_AS_GUEST_OR_SVC, "cara", RUN_TASKS, "svc", YES),
        row(ANYONE_AS_GUEST_OR_SVC, "cara", RUN_TASKS, "root", NO),
        row(ANYONE_AS_GUEST_OR_SVC, null, RUN_TASKS, "guest", YES),
        row(ANA_AND_BO_AS_WEB, "ana", RUN_TASKS, "web", YES),
        row(ANA_AND_BO_AS_WEB, "bo", RUN_TASKS, "web", YES),
        row(ANA_AND_BO_AS_WEB, "cara", RUN_TASKS, "web", NO),
        row(ANA_AND_BO_AS_WEB, "ana", RUN_TASKS, "root", NO),
        row(ANA_ONLY_AS_GUEST, "ana", RUN_TASKS, "guest", YES),
        row(ANA_ONLY_AS_GUEST, "ana", RUN_TASKS, "root", NO),
        row(ANA_ONLY_AS_GUEST, "bo", RUN_TASKS, "root", YES),
        row(NOBODY_AS_ROOT, "ana", RUN_TASKS, "root", NO),
        row(NOBODY_AS_ROOT, null, RUN_TASKS, "root", NO),
        row(NOBODY_AS_ROOT, "ana", RUN_TASKS, "web", YES),
        row(TEARDOWN_WRONG_ORDER, "admin", TEARDOWN_FRAMEWORKS, "fw-owner", NO),
        row(TEARDOWN_RIGHT_ORDER, "admin", TEARDOWN_FRAMEWORKS, "fw-owner", YES),
        row(TEARDOWN_RIGHT_ORDER, "ana", TEARDOWN_FRAMEWORKS, "fw-owner", NO),
        row(TEARDOWN_RIGHT_ORDER, null, TEARDOWN_FRAMEWORKS, "fw-owner", NO),
        row(TEARDOWN_BY_OPS_ONLY, "ops", TEARDOWN_FRAMEWORKS, "anyone", YES),
        row(TEARDOWN_BY_OPS_ONLY, "ops", TEARDOWN_FRAMEWORKS, null, YES),
        row(TEARDOWN_BY_OPS_ONLY, "ana", TEARDOWN_FRAMEWORKS, "ana", NO),
        row(ANA_RESERVES_ANY_ROLE, "ana", RESERVE_RESOURCES, "qa", YES),
        row(ANA_RESERVES_ANY_ROLE, "bo", RESERVE_RESOURCES, "qa", NO),
        row(ANA_RESERVES_NOTHING, "ana", RESERVE_RESOURCES, "qa", NO),
        row(ANA_RESERVES_NOTHING, "bo", RESERVE_RESOURCES, "qa", YES),
        row(ANA_RESERVES_PROD_AND_DEV, "ana", RESERVE_RESOURCES, "dev", YES),
        row(ANA_RESERVES_PROD_AND_DEV, "ana", RESERVE_RESOURCES, "qa", NO),
        row(ANA_RESERVES_PROD_AND_DEV, null, RESERVE_RESOURCES, "dev", NO),
        row(UNRESERVE_OWN_AND_BOS, "ana", UNRESERVE_RESOURCES, "bo", YES),
        row(UNRESERVE_OWN_AND_BOS, "ana", UNRESERVE_RESOURCES, "ana", YES),
        row(UNRESERVE_OWN_AND_BOS, "bo", UNRESERVE_RESOURCES, "bo", YES),
        row(UNRESERVE_OWN_AND_BOS, "bo", UNRESERVE_RESOURCES, "ana", NO),
        row(UNRESERVE_OWN_AND_BOS, "cara", UNRESERVE_RESOURCES, "cara", NO),
        row(ANA_CREATES_VOLUMES_FOR_PROD, "ana", CREATE_VOLUMES, "prod", YES),
        row(ANA_CREATES_VOLUMES_FOR_PROD, "ana", CREATE_VOLUMES, "qa", NO),
        row(DESTROY_OWN_AND_BOS, "ana", DESTROY_VOLUMES, "bo", YES),
        row(DESTROY_OWN_AND_BOS, "bo", DESTROY_VOLUMES, "ana", NO),
        row(QUOTAS, "ops", GET_QUOTAS, "anything", YES),
        row(QUOTAS, "ops", GET_QUOTAS, null, YES),
        row(QUOTAS, "ana", GET_QUOTAS, "ana-team", YES),
        row(QUOTAS, "ana", GET_QUOTAS, "other", NO),
        row(QUOTAS, "ana", GET_QUOTAS, null, NO),
        row(QUOTAS, "ana", UPDATE_QUOTAS, "ana-team", YES),
        row(QUOTAS, "bo", UPDATE_QUOTAS, "ana-team", NO),
        row(ENDPOINTS, "ops", GET_ENDPOINTS, "/containers", YES),
        row(ENDPOINTS, "ana", GET_ENDPOINTS, "/logging/toggle", YES),
        row(ENDPOINTS, "ana", GET_ENDPOINTS, "/containers", NO),
        row(ENG_SUBTREE, "ana", RESERVE_RESOURCES, "eng/web", YES),
        row(ENG_SUBTREE, "ana", RESERVE_RESOURCES, "eng/web/blue", YES),
        row(ENG_SUBTREE, "ana", RESERVE_RESOURCES, "ops", YES),
        row(ENG_SUBTREE, "bo", RESERVE_RESOURCES, "eng", YES),
        row(ENG_SUBTREE, "ana", RESERVE_RESOURCES, "lab/x", NO),
        row(ENG_SUBTREE, "ana", RESERVE_RESOURCES, "lab", YES),
        row(ENG_SUBTREE, "ana", RESERVE_RESOURCES, "laboratory", YES),
        row(ENG_SUBTREE, null, RESERVE_RESOURCES, "lab/x", NO),
        row(USERS_ARE_NOT_HIERARCHICAL, "ana", RUN_TASKS, "app/web", NO),
        row(USERS_ARE_NOT_HIERARCHICAL, "ana", RUN_TASKS, "app/%", YES),
        row(STAR_IS_A_ROLE, "ana", REGISTER_FRAMEWORKS, "*", YES),
        row(STAR_IS_A_ROLE, "ana", REGISTER_FRAMEWORKS, "dev", NO),
        row(AGENTS_AND_FLAGS, "agent-2", REGISTER_AGENTS, null, YES),
        row(AGENTS_AND_FLAGS, "rogue", REGISTER_AGENTS, null, NO),
        row(AGENTS_AND_FLAGS, null, REGISTER_AGENTS, null, NO),
        row(AGENTS_AND_FLAGS, "ops", VIEW_FLAGS, null, YES),
        row(AGENTS_AND_FLAGS, "ana", VIEW_FLAGS, null, NO),
        row(AGENTS_AND_FLAGS, "bo", VIEW_FLAGS, null, NO),
        row("{}", "anyone", DRAIN_AGENTS, null, YES),
        row("{\"permissive\": false}", "anyone", DRAIN_AGENTS, null, NO));
  }

  @ParameterizedTest(name = "[{index}] {1} {2} {3} -> {4}")
  @MethodSource("examples")
  void decidesAsMesosDocumentsIt(
      String acls, String principal, Action action, String object, boolean allowed) {
    Decision decision = authorizer(acls).decide(caller(principal), action, object);
    assertThat(decision.allowed()).as(decision.reason()).isEqualTo(allowed);
    assertThat(decision.reason()).isNotBlank();
  }

  /** The example at the top of docs/security.md does what the text under it says. */
  @Test
  void theDocumentedExampleDoesWhatItsTextSays() {
    LocalAuthorizer docs =
        authorizer(
            """
            {
              "permissive": false,
              "register_frameworks": [
                {"principals": {"values": ["payroll"]}, "roles": {"values": ["finance", "finance/%"]}}
              ],
              "run_tasks": [
                {"principals": {"type": "NONE"}, "users": {"values": ["root"]}},
                {"principals": {"type": "ANY"}, "users": {"type": "ANY"}}
              ]
            }
            """);
    Caller payroll = Caller.of("payroll");
    assertThat(docs.decide(payroll, REGISTER_FRAMEWORKS, "finance").allowed()).isTrue();
    assertThat(docs.decide(payroll, REGISTER_FRAMEWORKS, "finance/eu").allowed()).isTrue();
    assertThat(docs.decide(payroll, REGISTER_FRAMEWORKS, "ads").allowed()).isFalse();
    assertThat(docs.decide(Caller.of("ads"), REGISTER_FRAMEWORKS, "finance").allowed()).isFalse();
    assertThat(docs.decide(payroll, RUN_TASKS, "root").allowed()).isFalse();
    assertThat(docs.decide(Caller.ANONYMOUS, RUN_TASKS, "nobody").allowed()).isTrue();
  }

  @Test
  void theNodeItselfIsNeverRestricted() {
    LocalAuthorizer closed =
        authorizer(
            """
            {"permissive": false,
             "run_tasks": [{"principals": {"type": "NONE"}, "users": {"type": "ANY"}}]}
            """);
    for (Action action : Action.values()) {
      String object = action.kind() == Action.Kind.IMPLICIT ? null : "root";
      assertThat(closed.decide(Caller.NODE, action, object).allowed()).isTrue();
    }
  }

  @Test
  void aRefusalNamesThePrincipalTheActionTheObjectAndTheEntry() {
    Decision refused =
        authorizer(TEARDOWN_RIGHT_ORDER).decide(Caller.of("bob"), TEARDOWN_FRAMEWORKS, "alice");
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.reason())
        .isEqualTo(
            "principal 'bob' may not teardown_frameworks of principal 'alice':"
                + " teardown_frameworks[1] refuses it (its principals are NONE)");
  }

  @Test
  void aRefusalByDefaultSaysNoEntryAllowedItAndNamesAnonymousCallers() {
    assertThat(authorizer(ANA_AND_BO_AS_WEB).decide(Caller.ANONYMOUS, RUN_TASKS, "web").reason())
        .isEqualTo(
            "an anonymous caller may not run_tasks as user 'web': no entry of run_tasks allows"
                + " it and the ACLs are not permissive");
    assertThat(authorizer(QUOTAS).decide(Caller.of("ana"), GET_QUOTAS, null).reason())
        .startsWith("principal 'ana' may not get_quotas of any role:");
    assertThat(authorizer(ANA_ONLY_AS_GUEST).decide(Caller.of("ana"), RUN_TASKS, "root").reason())
        .endsWith("run_tasks[1] refuses it (its users are NONE)");
    assertThat(authorizer(AGENTS_AND_FLAGS).decide(Caller.of("ana"), VIEW_FLAGS, null).reason())
        .isEqualTo(
            "principal 'ana' may not view_flags: view_flags[1] refuses it (its flags are NONE)");
  }

  @Test
  void anAllowanceSaysWhichEntryOrDefaultAllowedIt() {
    assertThat(authorizer(ANA_AND_BO_AS_WEB).decide(Caller.of("bo"), RUN_TASKS, "web").reason())
        .isEqualTo("run_tasks[0] allows it");
    assertThat(authorizer("{}").decide(Caller.of("bo"), RUN_TASKS, "web").reason())
        .contains("permissive");
  }

  @Test
  void aFrameworkNeedsEveryOneOfItsRoles() {
    LocalAuthorizer authorizer = authorizer(FINANCE_FOR_ANA_ONLY);
    Decision bo =
        authorizer.decideAll(Caller.of("bo"), REGISTER_FRAMEWORKS, List.of("ops", "finance"));
    assertThat(bo.allowed()).isFalse();
    assertThat(bo.reason())
        .startsWith("principal 'bo' may not register_frameworks with role 'finance'");
    assertThat(
            authorizer
                .decideAll(Caller.of("ana"), REGISTER_FRAMEWORKS, List.of("ops", "finance"))
                .allowed())
        .isTrue();
    assertThatThrownBy(() -> authorizer.decideAll(Caller.of("ana"), REGISTER_FRAMEWORKS, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no object");
  }

  @Test
  void anObjectForAnActionWithoutOneIsAProgrammingError() {
    assertThatThrownBy(() -> authorizer("{}").decide(Caller.of("ops"), VIEW_FLAGS, "port"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("view_flags has no object");
  }

  @Test
  void thePermissiveAuthorizerAllowsEverythingAndSaysSo() {
    Decision d = Authorizer.permissive().decide(Caller.ANONYMOUS, RUN_TASKS, "root");
    assertThat(d.allowed()).isTrue();
    assertThat(d.reason()).isEqualTo("no ACLs are configured");
  }

  private static Arguments row(
      String acls, String principal, Action action, String object, boolean allowed) {
    return Arguments.of(acls, principal, action, object, allowed);
  }

  private static Caller caller(String principal) {
    return principal == null ? Caller.ANONYMOUS : Caller.of(principal);
  }

  private static LocalAuthorizer authorizer(String json) {
    return new LocalAuthorizer(Acls.parse("test.json", json));
  }
}
