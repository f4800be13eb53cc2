package io.mezzo.framework.services.placement;

import static io.mezzo.framework.services.deploy.PlannerFixtures.app;
import static io.mezzo.framework.services.deploy.PlannerFixtures.instance;
import static io.mezzo.framework.services.deploy.PlannerFixtures.offer;
import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.Attribute;
import io.mezzo.api.v1.Offer;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.Value;
import io.mezzo.framework.services.app.AppDefinition;
import io.mezzo.framework.services.instance.Instance;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OfferMatcherTest {
  private final OfferMatcher matcher = new OfferMatcher();

  private static Offer big(String agent) {
    return offer(agent).cpusMem(4, 4096).scalar("disk", 1000).ports(31000, 31009).build();
  }

  private static double scalar(Placement p, String name) {
    return p.resources().stream()
        .filter(r -> r.name().equals(name))
        .mapToDouble(r -> r.scalar().value())
        .sum();
  }

  private static double scalar(Offer o, String name) {
    return o.resources().stream()
        .filter(r -> r.name().equals(name) && r.scalar() != null)
        .mapToDouble(r -> r.scalar().value())
        .sum();
  }

  @Test
  void severalInstancesShareAnOfferThatFitsThemAndTheRestRemains() {
    AppDefinition web = app("/web").instances(3).resources(1, 1024).ports(0).build();
    MatchResult r = matcher.match(web, 3, List.of(big("a1")), List.of());
    assertThat(r.placements()).hasSize(3);
    assertThat(r.placements())
        .extracting(p -> p.hostPorts().get(0))
        .containsExactly(31000, 31001, 31002);
    assertThat(r.remaining()).hasSize(1);
    Offer left = r.remaining().get(0);
    assertThat(scalar(left, "cpus")).isEqualTo(1.0);
    assertThat(scalar(left, "mem")).isEqualTo(1024.0);
    assertThat(
            left.resources().stream()
                .filter(x -> x.name().equals("ports"))
                .findFirst()
                .orElseThrow()
                .ranges()
                .range())
        .containsExactly(new Value.Range(31003L, 31009L));
    assertThat(r.report().offersSeen()).isEqualTo(1);
    assertThat(r.report().reasons()).isEmpty();
  }

  @Test
  void placementsTakeExactlyWhatTheAppNeedsWithTheOffersRoleAndAllocation() {
    AppDefinition web = app("/web").resources(0.5, 256).disk(10).build();
    Placement p = matcher.match(web, 1, List.of(big("a1")), List.of()).placements().get(0);
    assertThat(scalar(p, "cpus")).isEqualTo(0.5);
    assertThat(scalar(p, "mem")).isEqualTo(256.0);
    assertThat(scalar(p, "disk")).isEqualTo(10.0);
    assertThat(p.resources()).allSatisfy(x -> assertThat(x.allocationInfo().role()).isEqualTo("*"));
    assertThat(p.resources()).allSatisfy(x -> assertThat(x.role()).isEqualTo("*"));
    assertThat(p.hostPorts()).isEmpty();
  }

  @Test
  void aFullOfferIsUsedUpAndLeftOutOfRemaining() {
    AppDefinition web = app("/web").instances(2).resources(2, 2048).build();
    Offer exact = offer("a1").cpusMem(4, 4096).build();
    MatchResult r = matcher.match(web, 5, List.of(exact, big("a2")), List.of());
    assertThat(r.placements())
        .extracting(p -> p.offer().agentId().value())
        .containsExactly("a1", "a1", "a2", "a2");
    assertThat(r.remaining()).extracting(o -> o.agentId().value()).containsExactly("a2");
    assertThat(r.report().reasons()).containsEntry("InsufficientCpus", 2);
  }

  @Test
  void offersAfterTheLastPlacementPassThroughUntouched() {
    AppDefinition web = app("/web").build();
    Offer second = big("a2");
    MatchResult r = matcher.match(web, 1, List.of(big("a1"), second), List.of());
    assertThat(r.remaining()).contains(second);
    assertThat(r.report().offersSeen()).isEqualTo(1);
  }

  static Stream<Arguments> ports() {
    return Stream.of(
        Arguments.of("any ports", app("/p").ports(0, 0), List.of(31000, 31001)),
        Arguments.of(
            "defined ports without requirePorts are any", app("/p").ports(8080), List.of(31000)),
        Arguments.of(
            "required ports exactly",
            app("/p").ports(31005, 31002).requirePorts(),
            List.of(31005, 31002)),
        Arguments.of(
            "required first, then any around them",
            app("/p").ports(0, 31000).requirePorts(),
            List.of(31001, 31000)),
        Arguments.of("bridge hostPort 0 is any", app("/p").bridge(0, 0), List.of(31000, 31001)),
        Arguments.of("bridge hostPort fixed", app("/p").bridge(31007), List.of(31007)),
        Arguments.of(
            "bridge without hostPort takes none", app("/p").bridge(null, 0), List.of(0, 31000)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ports")
  void assignsHostPorts(
      String why,
      io.mezzo.framework.services.deploy.PlannerFixtures.AppBuilder b,
      List<Integer> ports) {
    MatchResult r = matcher.match(b.build(), 1, List.of(big("a1")), List.of());
    assertThat(r.placements()).hasSize(1);
    assertThat(r.placements().get(0).hostPorts()).containsExactlyElementsOf(ports);
  }

  @Test
  void requiredPortsTakenOrMissingAreReported() {
    AppDefinition fixed = app("/p").ports(8080).requirePorts().build();
    MatchResult r = matcher.match(fixed, 1, List.of(big("a1"), big("a2")), List.of());
    assertThat(r.placements()).isEmpty();
    assertThat(r.report().reasons()).containsExactly(Map.entry("InsufficientPorts", 2));
    assertThat(r.report().details()).containsExactly("ports: needs 8080, not free on 2 offers");
  }

  @Test
  void aRequiredPortServesOneInstancePerOffer() {
    AppDefinition fixed = app("/p").instances(2).ports(31004).requirePorts().build();
    MatchResult r = matcher.match(fixed, 2, List.of(big("a1"), big("a2")), List.of());
    assertThat(r.placements())
        .extracting(p -> p.offer().agentId().value())
        .containsExactly("a1", "a2");
  }

  @Test
  void tooFewFreePortsAreReported() {
    AppDefinition many = app("/p").ports(0, 0, 0).build();
    Offer two = offer("a1").cpusMem(4, 4096).ports(31000, 31001).build();
    MatchResult r = matcher.match(many, 1, List.of(two), List.of());
    assertThat(r.report().reasons()).containsEntry("InsufficientPorts", 1);
    assertThat(r.report().details()).contains("ports: needs any, any, any, not free on 1 offer");
  }

  @Test
  void rolesDefaultToTheAppsRoleAndUnreservedAndReservationsComeFirst() {
    AppDefinition web = app("/web").role("marathon").resources(1, 128).build();
    Offer o =
        offer("a1")
            .scalar("cpus", 1, "other")
            .scalar("cpus", 2)
            .scalar("cpus", 0.5, "marathon")
            .scalar("mem", 1024)
            .build();
    Placement p = matcher.match(web, 1, List.of(o), List.of()).placements().get(0);
    assertThat(p.resources())
        .filteredOn(x -> x.name().equals("cpus"))
        .extracting(Resource::role, x -> x.scalar().value())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("marathon", 0.5),
            org.assertj.core.groups.Tuple.tuple("*", 0.5));
  }

  @Test
  void acceptedResourceRolesLimitWhatIsUsed() {
    AppDefinition web = app("/web").acceptedRoles("prod").build();
    MatchResult r = matcher.match(web, 1, List.of(big("a1")), List.of());
    assertThat(r.placements()).isEmpty();
    assertThat(r.report().reasons())
        .containsEntry("UnfulfilledRole", 1)
        .containsEntry("InsufficientCpus", 1)
        .containsEntry("InsufficientMemory", 1);
    assertThat(r.report().details()).contains("no resources for roles prod on 1 offer");

    Offer reserved = offer("a2").scalar("cpus", 2, "prod").scalar("mem", 512, "prod").build();
    assertThat(matcher.match(web, 1, List.of(big("a1"), reserved), List.of()).placements())
        .extracting(p -> p.offer().agentId().value())
        .containsExactly("a2");
  }

  @Test
  void reservationsAreKeptAsOffered() {
    Resource.ReservationInfo res =
        new Resource.ReservationInfo(Resource.ReservationInfo.Type.STATIC, "prod", null, null);
    Resource cpus =
        new Resource(
            "cpus",
            Value.Type.SCALAR,
            new Value.Scalar(2.0),
            null,
            null,
            null,
            new Resource.AllocationInfo("prod"),
            List.of(res));
    Resource mem =
        new Resource(
            "mem",
            Value.Type.SCALAR,
            new Value.Scalar(512.0),
            null,
            null,
            null,
            new Resource.AllocationInfo("prod"),
            List.of(res));
    Offer o =
        new Offer(
            big("a1").id(),
            null,
            new AgentId("a1"),
            "h",
            null,
            new Resource.AllocationInfo("prod"),
            List.of(cpus, mem),
            List.of(),
            List.of());
    AppDefinition web = app("/web").role("prod").resources(1, 128).build();
    Placement p = matcher.match(web, 1, List.of(o), List.of()).placements().get(0);
    assertThat(p.resources())
        .allSatisfy(
            x -> {
              assertThat(x.reservations()).containsExactly(res);
              assertThat(x.allocationInfo().role()).isEqualTo("prod");
            });
  }

  @Test
  void insufficientScalarsSayWhatIsNeededAndTheMostOnOffer() {
    AppDefinition web = app("/web").resources(1, 512).disk(100).gpus(1).build();
    Offer small = offer("a1").cpusMem(0.5, 256).build();
    Offer medium = offer("a2").cpusMem(2, 300).scalar("disk", 50).build();
    MatchReport report = matcher.match(web, 1, List.of(small, medium), List.of()).report();
    assertThat(report.offersSeen()).isEqualTo(2);
    assertThat(report.reasons())
        .containsEntry("InsufficientCpus", 1)
        .containsEntry("InsufficientMemory", 2)
        .containsEntry("InsufficientDisk", 2)
        .containsEntry("InsufficientGpus", 2);
    assertThat(report.details())
        .contains(
            "mem: needs 512, largest offer 300",
            "cpus: needs 1, largest offer 0.5",
            "gpus: needs 1, largest offer 0",
            "disk: needs 100, largest offer 50");
  }

  @Test
  void uniqueHostnameCountsRunningInstancesAndEarlierPlacements() {
    AppDefinition web = app("/web").instances(3).constraint("hostname", "UNIQUE", null).build();
    List<Instance> running = List.of(instance("t1").on("a1", "a1.example").build());
    MatchResult r = matcher.match(web, 3, List.of(big("a1"), big("a2"), big("a3")), running);
    assertThat(r.placements())
        .extracting(p -> p.offer().agentId().value())
        .containsExactly("a2", "a3");
    assertThat(r.report().reasons()).containsEntry("UnfulfilledConstraint", 3);
    assertThat(r.report().details())
        .containsExactly("constraint hostname:UNIQUE unmet on 3 agents (already running there)");
  }

  @Test
  void attributeConstraintsOnPlacedInstancesUseTheGivenAgentAttributes() {
    Attribute rack1 =
        new Attribute("rack", Value.Type.TEXT, null, null, null, new Value.Text("r1"));
    AppDefinition web = app("/web").instances(2).constraint("rack", "UNIQUE", null).build();
    List<Instance> running = List.of(instance("t1").on("gone", "gone.example").build());
    Offer sameRack = offer("a2").cpusMem(4, 4096).attribute(rack1).build();
    assertThat(matcher.match(web, 1, List.of(sameRack), running).placements()).hasSize(1);
    MatchResult known =
        matcher.match(
            web, 1, List.of(sameRack), running, Map.of(new AgentId("gone"), List.of(rack1)));
    assertThat(known.placements()).isEmpty();
    assertThat(known.report().details())
        .containsExactly("constraint rack:UNIQUE unmet on 1 agent (already running there)");
  }

  @Test
  void clusterWithoutValueFollowsTheFirstPlacement() {
    AppDefinition web = app("/web").instances(3).constraint("hostname", "CLUSTER", null).build();
    MatchResult r = matcher.match(web, 3, List.of(big("a1"), big("a2")), List.of());
    assertThat(r.placements())
        .extracting(p -> p.offer().agentId().value())
        .containsExactly("a1", "a1", "a1");
  }

  @Test
  void groupBySpreadsAcrossRacksWithinOneRound() {
    AppDefinition web =
        app("/web").instances(4).resources(0.5, 64).constraint("rack", "GROUP_BY", "2").build();
    Offer r1 = offer("a1").cpusMem(4, 4096).text("rack", "r1").build();
    Offer r2 = offer("a2").cpusMem(4, 4096).text("rack", "r2").build();
    MatchResult first = matcher.match(web, 4, List.of(r1, r2), List.of());
    // One round visits each offer once: a1 takes one (then r1 is ahead), a2 evens it out.
    assertThat(first.placements())
        .extracting(p -> p.offer().agentId().value())
        .containsExactly("a1", "a2", "a2");
  }

  @Test
  void maxPerLimitsEachValue() {
    AppDefinition web =
        app("/web").instances(5).resources(0.5, 64).constraint("rack", "MAX_PER", "2").build();
    Offer r1 = offer("a1").cpusMem(4, 4096).text("rack", "r1").build();
    Offer r2 = offer("a2").cpusMem(4, 4096).text("rack", "r2").build();
    MatchResult r = matcher.match(web, 5, List.of(r1, r2), List.of());
    assertThat(r.placements()).hasSize(4);
    assertThat(r.report().details())
        .containsExactly("constraint rack:MAX_PER:2 unmet on 2 agents (already 2 there)");
  }

  @Test
  void likeUnlikeAndIsFilterAgents() {
    Offer r1 = offer("a1").cpusMem(4, 4096).text("rack", "r1").number("level", 3).build();
    Offer r7 = offer("a7").cpusMem(4, 4096).text("rack", "r7").number("level", 1).build();
    Offer bare = offer("a9").cpusMem(4, 4096).build();
    List<Offer> offers = List.of(r1, r7, bare);
    assertThat(agents(app("/w").constraint("rack", "LIKE", "r[1-3]"), offers))
        .containsExactly("a1");
    assertThat(agents(app("/w").constraint("rack", "UNLIKE", "r[1-3]"), offers))
        .containsExactly("a7", "a9");
    assertThat(agents(app("/w").constraint("level", "IS", "1.0"), offers)).containsExactly("a7");
    assertThat(agents(app("/w").constraint("hostname", "IS", "a9.example"), offers))
        .containsExactly("a9");
  }

  private List<String> agents(
      io.mezzo.framework.services.deploy.PlannerFixtures.AppBuilder b, List<Offer> offers) {
    AppDefinition a = b.instances(3).constraint("hostname", "UNIQUE", null).build();
    return matcher.match(a, 3, offers, List.of()).placements().stream()
        .map(p -> p.offer().agentId().value())
        .toList();
  }

  @Test
  void nothingWantedLooksAtNoOffer() {
    MatchResult r = matcher.match(app("/w").build(), 0, List.of(big("a1")), List.of());
    assertThat(r.placements()).isEmpty();
    assertThat(r.remaining()).hasSize(1);
    assertThat(r.report()).isEqualTo(MatchReport.NONE);
  }
}
