package io.mezzo.master.reservation;

import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.ResourceMapping;
import io.mezzo.core.resources.Reservation;
import io.mezzo.core.resources.ReservationStack;
import io.mezzo.core.resources.ResourceKey;
import io.mezzo.core.resources.Resources;
import io.mezzo.security.Caller;
import io.mezzo.security.acl.Action;
import io.mezzo.security.acl.Authorizer;
import io.mezzo.security.acl.Decision;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The checks Mesos makes of a RESERVE or UNRESERVE before it looks at what is available (Mesos
 * {@code master/validation.cpp}): the resources parse, each one's top reservation is dynamic, a
 * reservation names the principal of whoever makes it, a framework reserves and unreserves only for
 * the role its offer is allocated to, a refined reservation needs RESERVATION_REFINEMENT, and the
 * authorizer allows it ({@code reserve_resources} per role, {@code unreserve_resources} per
 * reserver principal). Pure: every refusal is a {@link Refused} whose message is the reason told to
 * the caller.
 */
public final class ReservationValidator {
  private ReservationValidator() {}

  /** A refused operation; the message says why. */
  public static class Refused extends Exception {
    public Refused(String message) {
      super(message);
    }
  }

  /** Refused by the authorizer (an operator call answers 403 for it, not 400). */
  public static final class Unauthorized extends Refused {
    public Unauthorized(String message) {
      super(message);
    }
  }

  /**
   * Who reserves: a framework (its role of the offer, its principal, whether it reads refined
   * reservations) or an operator (no role; every role may be reserved for, ACLs permitting).
   *
   * @param role the offer's allocation role, null for an operator
   * @param principal the principal that must appear in each new reservation, null when anonymous
   */
  public record Reserver(String role, String principal, boolean refinement, Caller caller) {
    public static Reserver operator(Caller caller) {
      return new Reserver(null, caller.principal(), true, caller);
    }
  }

  /**
   * A RESERVE's resources in core form.
   *
   * @param source Mesos 1.9's re-reservation source, refused when not empty
   */
  public static Resources reserve(
      Reserver who, List<Resource> source, List<Resource> resources, Authorizer authorizer)
      throws Refused {
    if (source != null && !source.isEmpty()) {
      throw new Refused(
          "RESERVE with 'source' (re-reserving reserved resources, Mesos 1.9) is not supported by"
              + " Mezzo; UNRESERVE them first");
    }
    Resources reserved = parse("RESERVE", resources);
    Set<String> roles = new LinkedHashSet<>();
    for (int i = 0; i < reserved.size(); i++) {
      ResourceKey key = reserved.keyAt(i);
      Reservation top = dynamicTop("RESERVE", key);
      ReservationStack stack = key.reservations();
      if (who.principal() != null && !Objects.equals(who.principal(), top.principal())) {
        throw new Refused(
            "A RESERVE was attempted by principal '"
                + who.principal()
                + "', but resource "
                + key
                + " names principal "
                + (top.principal() == null ? "none" : "'" + top.principal() + "'")
                + " in its reservation");
      }
      if (stack.isRefined() && !who.refinement()) {
        throw new Refused(
            "Resource "
                + key
                + " refines a reservation, which needs the RESERVATION_REFINEMENT capability");
      }
      if (who.role() != null && !who.role().equals(top.role())) {
        throw new Refused(
            "A RESERVE for role '"
                + top.role()
                + "' was attempted on resources offered to role '"
                + who.role()
                + "'; a framework reserves only for the role it is offered resources in");
      }
      roles.add(top.role());
    }
    Decision allowed = authorizer.decideAll(who.caller(), Action.RESERVE_RESOURCES, roles);
    if (!allowed.allowed()) {
      throw new Unauthorized("Not authorized to reserve resources: " + allowed.reason());
    }
    return reserved;
  }

  /** An UNRESERVE's resources in core form. */
  public static Resources unreserve(Reserver who, List<Resource> resources, Authorizer authorizer)
      throws Refused {
    Resources reserved = parse("UNRESERVE", resources);
    Set<String> principals = new LinkedHashSet<>();
    for (int i = 0; i < reserved.size(); i++) {
      ResourceKey key = reserved.keyAt(i);
      Reservation top = dynamicTop("UNRESERVE", key);
      if (who.role() != null && !who.role().equals(top.role())) {
        throw new Refused(
            "An UNRESERVE of resources reserved for role '"
                + top.role()
                + "' was attempted on resources offered to role '"
                + who.role()
                + "'");
      }
      principals.add(top.principal());
    }
    for (String principal : principals) {
      // A reservation made without a principal is unreserved under "any reserver".
      Decision allowed = authorizer.decide(who.caller(), Action.UNRESERVE_RESOURCES, principal);
      if (!allowed.allowed()) {
        throw new Unauthorized("Not authorized to unreserve resources: " + allowed.reason());
      }
    }
    return reserved;
  }

  private static Resources parse(String op, List<Resource> resources) throws Refused {
    if (resources == null || resources.isEmpty()) {
      throw new Refused("Invalid " + op + ": it names no resources");
    }
    try {
      return ResourceMapping.toCore(resources);
    } catch (IllegalArgumentException e) {
      throw new Refused("Invalid " + op + ": " + e.getMessage());
    }
  }

  private static Reservation dynamicTop(String op, ResourceKey key) throws Refused {
    Reservation top = key.reservations().last();
    if (top == null || !top.isDynamic()) {
      throw new Refused(
          "Invalid "
              + op
              + ": resource "
              + key
              + (top == null ? " has no reservation" : " is not dynamically reserved"));
    }
    return top;
  }
}
