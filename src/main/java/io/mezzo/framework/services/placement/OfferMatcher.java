package io.mezzo.framework.services.placement;

import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.Attribute;
import io.mezzo.api.v1.Offer;
import io.mezzo.api.v1.Resource;
import io.mezzo.framework.services.app.AppDefinition;
import io.mezzo.framework.services.app.AppDefinition.Constraint;
import io.mezzo.framework.services.instance.Instance;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Places an app's waiting instances on offers and explains what it could not place. Pure: the same
 * app, offers and instances give the same placements (offers in the order given, the lowest free
 * ports first).
 *
 * <p>For each offer in turn, instances are placed on it while it fits: the app's roles ({@code
 * acceptedResourceRoles}, by default the app's role and {@code *}), its constraints against the
 * app's instances and the placements made so far in this call, cpus, mem, disk, gpus and host ports
 * ({@link PortRequests}). An offer that cannot take (another) instance adds each reason that
 * applies to the report, under Marathon's names (UnfulfilledRole, UnfulfilledConstraint,
 * InsufficientCpus, InsufficientMemory, InsufficientDisk, InsufficientGpus, InsufficientPorts); the
 * report's details say what, in sentences.
 *
 * <p>Constraints on attributes need the attributes of the agents the app already runs on: pass them
 * in {@code agentAttributes}; agents missing there are looked up among the offers, and count as
 * having no attributes when not found.
 */
public final class OfferMatcher {
  private final ConstraintChecker constraints = new ConstraintChecker();

  public MatchResult match(
      AppDefinition app, int wanted, List<Offer> offers, List<Instance> placed) {
    return match(app, wanted, offers, placed, Map.of());
  }

  public MatchResult match(
      AppDefinition app,
      int wanted,
      List<Offer> offers,
      List<Instance> placed,
      Map<AgentId, List<Attribute>> agentAttributes) {
    Set<String> roles = acceptedRoles(app);
    List<Integer> portRequests = PortRequests.of(app);
    List<AgentFacts> spots = spotsOf(placed, offers, agentAttributes);
    List<Placement> placements = new ArrayList<>();
    List<Offer> remaining = new ArrayList<>();
    ReportBuilder report = new ReportBuilder(app, roles, portRequests);
    for (Offer offer : offers) {
      if (placements.size() >= wanted) {
        remaining.add(offer);
        continue;
      }
      report.seen();
      OfferPool pool = new OfferPool(offer);
      AgentFacts agent = factsOf(offer);
      while (placements.size() < wanted) {
        Optional<Placement> p = tryPlace(app, pool, agent, spots, roles, portRequests, report);
        if (p.isEmpty()) {
          break;
        }
        placements.add(p.get());
        spots.add(agent);
      }
      if (!pool.isUsedUp()) {
        remaining.add(pool.remaining());
      }
    }
    return new MatchResult(placements, remaining, report.build());
  }

  private Optional<Placement> tryPlace(
      AppDefinition app,
      OfferPool pool,
      AgentFacts agent,
      List<AgentFacts> spots,
      Set<String> roles,
      List<Integer> portRequests,
      ReportBuilder report) {
    Set<String> reasons = new LinkedHashSet<>();
    if (!pool.hasAnyIn(roles)) {
      reasons.add(ReportBuilder.UNFULFILLED_ROLE);
    }
    for (Constraint c : app.constraints()) {
      Optional<String> why = constraints.check(c, agent, spots);
      if (why.isPresent()) {
        reasons.add(ReportBuilder.UNFULFILLED_CONSTRAINT);
        report.constraintUnmet(c, why.get(), agent.agentId());
      }
    }
    Map<String, Long> needs = needs(app);
    for (Map.Entry<String, Long> n : needs.entrySet()) {
      long free = pool.freeMillis(n.getKey(), roles);
      if (free < n.getValue()) {
        reasons.add(ReportBuilder.reasonFor(n.getKey()));
        report.scalarShort(n.getKey(), free);
      }
    }
    List<Integer> ports = pool.choosePorts(portRequests, roles);
    if (ports == null) {
      reasons.add(ReportBuilder.INSUFFICIENT_PORTS);
    }
    if (!reasons.isEmpty()) {
      report.unusable(reasons);
      return Optional.empty();
    }
    List<Resource> taken = new ArrayList<>();
    needs.forEach((name, millis) -> pool.takeScalar(name, millis, roles, taken));
    pool.takePorts(ports, roles, taken);
    return Optional.of(new Placement(pool.offer, taken, ports));
  }

  /** The scalars one instance needs, in thousandths; zero amounts are not asked for. */
  private static Map<String, Long> needs(AppDefinition app) {
    Map<String, Long> needs = new java.util.LinkedHashMap<>();
    put(needs, "cpus", app.cpus());
    put(needs, "mem", app.mem());
    put(needs, "disk", app.disk());
    put(needs, "gpus", app.gpus());
    return needs;
  }

  private static void put(Map<String, Long> needs, String name, double amount) {
    long millis = Math.round(amount * 1000);
    if (millis > 0) {
      needs.put(name, millis);
    }
  }

  /** {@code acceptedResourceRoles}, or the app's role and {@code *} when it names none. */
  static Set<String> acceptedRoles(AppDefinition app) {
    Set<String> roles = new LinkedHashSet<>(app.acceptedResourceRoles());
    if (roles.isEmpty()) {
      roles.add(app.role() == null || app.role().isBlank() ? "*" : app.role());
      roles.add("*");
    }
    return roles;
  }

  private static AgentFacts factsOf(Offer offer) {
    return new AgentFacts(
        offer.agentId() == null ? null : offer.agentId().value(),
        offer.hostname(),
        offer.attributes());
  }

  private static List<AgentFacts> spotsOf(
      List<Instance> placed, List<Offer> offers, Map<AgentId, List<Attribute>> agentAttributes) {
    Map<AgentId, List<Attribute>> known = new HashMap<>();
    for (Offer o : offers) {
      if (o.agentId() != null && o.attributes() != null) {
        known.putIfAbsent(o.agentId(), o.attributes());
      }
    }
    known.putAll(agentAttributes);
    List<AgentFacts> spots = new ArrayList<>();
    for (Instance i : placed) {
      if (i.isActive()) {
        List<Attribute> attrs = i.agentId() == null ? null : known.get(i.agentId());
        spots.add(
            new AgentFacts(i.agentId() == null ? null : i.agentId().value(), i.host(), attrs));
      }
    }
    return spots;
  }
}
