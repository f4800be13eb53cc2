package io.mezzo.framework.jobs.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.Attribute;
import io.mezzo.api.v1.Offer;
import io.mezzo.api.v1.OfferId;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.Value;
import io.mezzo.framework.jobs.job.JobDefinition;
import io.mezzo.framework.jobs.job.JobDefinition.Constraint;
import io.mezzo.framework.jobs.job.JobDefinition.Constraint.Operator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OfferSpaceTest {
  private static final Set<String> ROLES = Set.of("*", "chronos");

  private static Offer offer(List<Resource> resources, List<Attribute> attributes) {
    return new Offer(
        OfferId.of("o1"),
        null,
        AgentId.of("a1"),
        "h1.example",
        null,
        null,
        resources,
        attributes,
        List.of());
  }

  private static Resource reserved(String name, double value) {
    return new Resource(
        name, Value.Type.SCALAR, new Value.Scalar(value), null, null, "chronos", null, null);
  }

  private static JobDefinition job(Constraint... constraints) {
    JobDefinition j = JobDefinition.scheduled("j", "true", "R/2030-01-01T00:00:00Z/P1D");
    return new JobDefinition(
        j.name(),
        j.description(),
        j.command(),
        j.shell(),
        j.arguments(),
        j.environmentVariables(),
        j.cpus(),
        j.mem(),
        j.disk(),
        j.container(),
        j.uris(),
        j.fetch(),
        j.owner(),
        j.ownerName(),
        j.retries(),
        j.async(),
        j.disabled(),
        j.concurrent(),
        j.epsilon(),
        List.of(constraints),
        j.runAsUser(),
        j.schedule(),
        j.scheduleTimeZone(),
        j.parents(),
        j.softError(),
        j.dataProcessingJobType(),
        j.highPriority(),
        j.maxCompletionTime(),
        j.taskInfoData());
  }

  private static final List<Resource> PLENTY =
      List.of(
          Resource.scalar("cpus", 1), Resource.scalar("mem", 512), Resource.scalar("disk", 512));

  @Test
  void takesReservedResourcesFirstAndUntilTheOfferIsUsedUp() {
    OfferSpace s =
        new OfferSpace(
            offer(
                List.of(
                    Resource.scalar("cpus", 0.15),
                    reserved("cpus", 0.05),
                    Resource.scalar("mem", 300),
                    Resource.scalar("disk", 600)),
                List.of()));
    JobDefinition j = job();
    assertThat(s.misfit(j, ROLES)).isEmpty();
    List<Resource> taken = s.take(j, ROLES);
    assertThat(taken)
        .extracting(r -> r.name() + ":" + r.scalar().value() + ":" + r.role())
        .containsExactly(
            "cpus:0.05:chronos", "cpus:0.05:null", "mem:128.0:null", "disk:256.0:null");
    assertThat(s.misfit(j, ROLES)).isEmpty();
    s.take(j, ROLES);
    assertThat(s.misfit(j, ROLES)).hasValueSatisfying(w -> assertThat(w).contains("insufficient"));
  }

  @Test
  void resourcesOfAnotherRoleDoNotCount() {
    OfferSpace s = new OfferSpace(offer(PLENTY, List.of()));
    assertThat(s.misfit(job(), Set.of("chronos")))
        .hasValueSatisfying(w -> assertThat(w).startsWith("insufficient cpus"));
  }

  @Test
  void constraintsCompareTheHostnameAndAttributesAsMesosPrintsThem() {
    List<Attribute> attrs =
        List.of(
            new Attribute("rack", Value.Type.TEXT, null, null, null, new Value.Text("r1")),
            new Attribute("gen", Value.Type.SCALAR, new Value.Scalar(2.0), null, null, null));
    OfferSpace s = new OfferSpace(offer(PLENTY, attrs));
    assertThat(s.misfit(job(new Constraint("hostname", Operator.EQUALS, "h1.example")), ROLES))
        .isEmpty();
    assertThat(s.misfit(job(new Constraint("rack", Operator.LIKE, "r[0-9]")), ROLES)).isEmpty();
    assertThat(s.misfit(job(new Constraint("gen", Operator.EQUALS, "2")), ROLES)).isEmpty();
    assertThat(s.misfit(job(new Constraint("rack", Operator.UNLIKE, "r1")), ROLES))
        .hasValueSatisfying(w -> assertThat(w).contains("rack UNLIKE r1"));
    assertThat(s.misfit(job(new Constraint("zone", Operator.UNLIKE, "x")), ROLES)).isEmpty();
    assertThat(s.misfit(job(new Constraint("zone", Operator.EQUALS, "x")), ROLES))
        .hasValueSatisfying(w -> assertThat(w).contains("has no zone"));
  }
}
