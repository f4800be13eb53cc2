package io.mezzo.master.maintenance;

import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.InverseOffer;
import io.mezzo.api.v1.MachineId;
import io.mezzo.api.v1.OfferId;
import io.mezzo.api.v1.Unavailability;
import io.mezzo.api.v1.master.MaintenanceStatus.InverseOfferStatus;
import io.mezzo.api.v1.scheduler.Call;
import io.mezzo.api.v1.scheduler.Event;
import io.mezzo.master.CallResult;
import io.mezzo.master.change.MasterView;
import io.mezzo.master.change.Outcome;
import io.mezzo.master.offer.OfferMaker;
import io.mezzo.master.registry.AgentEntry;
import io.mezzo.master.registry.FrameworkEntry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Inverse offers (maintenance.md): each connected framework holding resources on an agent of a
 * DRAINING machine is sent one inverse offer for that agent, carrying the machine's unavailability,
 * and its answer (ACCEPT_INVERSE_OFFERS or DECLINE_INVERSE_OFFERS) is recorded for
 * GET_MAINTENANCE_STATUS. A framework gets a new one when the machine's unavailability changes; an
 * outstanding one is rescinded (RESCIND_INVERSE_OFFER) when its machine goes DOWN or leaves the
 * schedule. Outstanding offers and answers are kept in the registry's {@link Maintenance}. Pure
 * decisions into an {@link Outcome.Builder}.
 */
public final class InverseOffers {
  private static final Logger LOG = Logger.getLogger(InverseOffers.class);

  private InverseOffers() {}

  /**
   * Sends an inverse offer to every holder of resources on the agents of DRAINING machines that has
   * neither an outstanding one for that agent nor an answer for that machine.
   *
   * @return the maintenance with the new inverse offers (the caller persists it)
   */
  public static Maintenance send(MasterView view, Outcome.Builder out, Maintenance m) {
    return send(view, out, m, Map.of());
  }

  /**
   * As {@link #send(MasterView, Outcome.Builder, Maintenance)} for the agents this outcome offers
   * resources on, counting as holders also the frameworks it offers them to (not yet in the view).
   * An empty map means every agent, with holders from the view only.
   */
  public static Maintenance send(
      MasterView view,
      Outcome.Builder out,
      Maintenance m,
      Map<AgentId, Set<FrameworkId>> offeredNow) {
    List<Maintenance.InverseOfferEntry> offers = new ArrayList<>(m.inverseOffers());
    List<Maintenance.Answer> answers = new ArrayList<>(m.answers());
    long seq = m.nextInverseOfferSeq();
    Map<FrameworkId, List<InverseOffer>> byFramework = new LinkedHashMap<>();
    for (MachineId machine : m.scheduledMachines()) {
      if (m.mode(machine) != MachineMode.DRAINING) {
        continue;
      }
      Unavailability when = m.window(machine).orElseThrow().unavailability();
      for (AgentEntry agent : agentsOn(view, machine, offeredNow)) {
        if (agent.state() != AgentEntry.State.CONNECTED) {
          continue;
        }
        Set<FrameworkId> holders = new LinkedHashSet<>(MachineAgents.holders(view, agent));
        holders.addAll(offeredNow.getOrDefault(agent.id(), Set.of()));
        for (FrameworkId fw : holders) {
          if (outstanding(offers, fw, agent) || answered(answers, fw, machine)) {
            continue;
          }
          OfferId id = new OfferId(view.masterInfo().id() + "-I" + seq++);
          offers.add(new Maintenance.InverseOfferEntry(id, fw, agent.id(), machine));
          if (answers.stream().noneMatch(a -> a.frameworkId().equals(fw) && same(a, machine))) {
            answers.add(
                new Maintenance.Answer(
                    machine, fw, InverseOfferStatus.Status.UNKNOWN, nanos(view)));
          }
          byFramework
              .computeIfAbsent(fw, k -> new ArrayList<>())
              .add(new InverseOffer(id, OfferMaker.agentUrl(agent), fw, agent.id(), when));
          LOG.infof("inverse offer %s to framework %s for agent %s", id, fw, agent.id());
        }
      }
    }
    byFramework.forEach((fw, list) -> out.toFramework(fw, Event.inverseOffers(list)));
    return byFramework.isEmpty() ? m : m.withInverseOffers(offers, seq).withAnswers(answers);
  }

  /**
   * Rescinds the outstanding inverse offers on {@code machines} and forgets their answers (a
   * machine going DOWN, leaving the schedule, or getting a new unavailability).
   */
  public static Maintenance rescind(Outcome.Builder out, Maintenance m, Set<MachineId> machines) {
    Set<MachineId> keys = new HashSet<>();
    machines.forEach(id -> keys.add(id.key()));
    List<Maintenance.InverseOfferEntry> kept = new ArrayList<>();
    for (Maintenance.InverseOfferEntry o : m.inverseOffers()) {
      if (keys.contains(o.machineId().key())) {
        out.toFramework(o.frameworkId(), Event.rescindInverseOffer(o.id()));
      } else {
        kept.add(o);
      }
    }
    List<Maintenance.Answer> answers = new ArrayList<>(m.answers());
    answers.removeIf(a -> keys.contains(a.machineId().key()));
    return m.withInverseOffers(kept, m.nextInverseOfferSeq()).withAnswers(answers);
  }

  /**
   * ACCEPT_INVERSE_OFFERS ({@code accept}) or DECLINE_INVERSE_OFFERS from {@code fw}: each of its
   * outstanding inverse offers named is answered and its answer recorded for the machine; ids that
   * are not (or no longer) its outstanding inverse offers are ignored, as Mesos ignores them.
   * Answers 202; 400 without the call's body.
   */
  public static Outcome answer(
      MasterView view, FrameworkEntry fw, Call.InverseOfferAnswer call, boolean accept) {
    if (call == null) {
      String field = accept ? "accept_inverse_offers" : "decline_inverse_offers";
      return Outcome.reply(CallResult.badRequest("Expecting '" + field + "' to be present"));
    }
    Maintenance m = view.registry().maintenance();
    Set<OfferId> named = new HashSet<>(call.inverseOfferIds());
    List<Maintenance.InverseOfferEntry> kept = new ArrayList<>();
    List<Maintenance.Answer> answers = new ArrayList<>(m.answers());
    InverseOfferStatus.Status status =
        accept ? InverseOfferStatus.Status.ACCEPT : InverseOfferStatus.Status.DECLINE;
    for (Maintenance.InverseOfferEntry o : m.inverseOffers()) {
      if (!o.frameworkId().equals(fw.id()) || !named.contains(o.id())) {
        kept.add(o);
        continue;
      }
      answers.removeIf(
          a -> a.frameworkId().equals(fw.id()) && a.machineId().key().equals(o.machineId().key()));
      answers.add(new Maintenance.Answer(o.machineId(), fw.id(), status, nanos(view)));
      LOG.infof("framework %s answered inverse offer %s: %s", fw.id(), o.id(), status);
    }
    if (kept.size() == m.inverseOffers().size()) {
      return Outcome.reply(CallResult.ACCEPTED);
    }
    Maintenance next = m.withInverseOffers(kept, m.nextInverseOfferSeq()).withAnswers(answers);
    return Outcome.builder()
        .persist(view.registry().withMaintenance(next))
        .reply(CallResult.ACCEPTED);
  }

  /**
   * The agents of {@code machine} to look at: after an allocation only those just offered (an
   * allocation cycle must not walk every agent of a large cluster), else all of them.
   */
  private static List<AgentEntry> agentsOn(
      MasterView view, MachineId machine, Map<AgentId, Set<FrameworkId>> offeredNow) {
    if (offeredNow.isEmpty()) {
      return MachineAgents.on(view, machine);
    }
    List<AgentEntry> out = new ArrayList<>();
    for (AgentId id : offeredNow.keySet()) {
      view.agent(id)
          .filter(a -> Maintenance.matches(machine, a.info().hostname(), MachineAgents.ipOf(a)))
          .ifPresent(out::add);
    }
    return out;
  }

  private static boolean outstanding(
      List<Maintenance.InverseOfferEntry> offers, FrameworkId fw, AgentEntry agent) {
    return offers.stream()
        .anyMatch(o -> o.frameworkId().equals(fw) && o.agentId().equals(agent.id()));
  }

  private static boolean answered(List<Maintenance.Answer> answers, FrameworkId fw, MachineId m) {
    return answers.stream()
        .anyMatch(
            a ->
                a.frameworkId().equals(fw)
                    && same(a, m)
                    && a.status() != InverseOfferStatus.Status.UNKNOWN);
  }

  private static boolean same(Maintenance.Answer a, MachineId m) {
    return a.machineId().key().equals(m.key());
  }

  private static long nanos(MasterView view) {
    return view.now().getEpochSecond() * 1_000_000_000L + view.now().getNano();
  }
}
