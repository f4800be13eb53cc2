package io.mezzo.master.reservation;

import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.ResourceMapping;
import io.mezzo.core.resources.ReservationStack;
import io.mezzo.core.resources.ResourceKey;
import io.mezzo.core.resources.Resources;
import io.mezzo.master.reservation.ReservationValidator.Refused;
import io.mezzo.master.reservation.ReservationValidator.Reserver;
import io.mezzo.master.reservation.ReservationValidator.Unauthorized;
import io.mezzo.security.acl.Action;
import io.mezzo.security.acl.Authorizer;
import io.mezzo.security.acl.Decision;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The checks Mesos makes of a CREATE, DESTROY, GROW_VOLUME or SHRINK_VOLUME before it looks at what
 * is available (Mesos {@code master/validation.cpp}): the resources parse and are persistent
 * volumes, a volume names the principal of whoever creates it, a framework converts only disk of
 * the role its offer is allocated to (or an ancestor's), and the authorizer allows it ({@code
 * create_volumes} and {@code resize_volumes} per role, {@code destroy_volumes} per creator
 * principal). Pure: every refusal is a {@link Refused} whose message is the reason told to the
 * caller. Whether the volumes fit (the disk is there, the id is new, the volume is not in use) is
 * {@link io.mezzo.core.resources.Volumes}'s to say.
 */
public final class VolumeValidator {
  private VolumeValidator() {}

  /** A CREATE's volumes in core form. */
  public static Resources create(Reserver who, List<Resource> volumes, Authorizer authorizer)
      throws Refused {
    Resources parsed = volumes("CREATE", volumes);
    Set<String> roles = new LinkedHashSet<>();
    for (int i = 0; i < parsed.size(); i++) {
      ResourceKey key = parsed.keyAt(i);
      String principal = key.volume().principal();
      if (who.principal() != null && principal != null && !who.principal().equals(principal)) {
        throw new Refused(
            "A CREATE was attempted by principal '"
                + who.principal()
                + "', but volume "
                + key
                + " names principal '"
                + principal
                + "' in its persistence");
      }
      offeredRole("CREATE", who, key);
      roles.add(key.role());
    }
    decide(authorizer.decideAll(who.caller(), Action.CREATE_VOLUMES, roles), "create volumes");
    return parsed;
  }

  /** A DESTROY's volumes in core form. */
  public static Resources destroy(Reserver who, List<Resource> volumes, Authorizer authorizer)
      throws Refused {
    Resources parsed = volumes("DESTROY", volumes);
    Set<String> creators = new LinkedHashSet<>();
    for (int i = 0; i < parsed.size(); i++) {
      offeredRole("DESTROY", who, parsed.keyAt(i));
      creators.add(parsed.keyAt(i).volume().principal());
    }
    for (String creator : creators) {
      // A volume created without a principal is destroyed under "any creator".
      decide(authorizer.decide(who.caller(), Action.DESTROY_VOLUMES, creator), "destroy volumes");
    }
    return parsed;
  }

  /** The volume of a GROW_VOLUME or SHRINK_VOLUME in core form; {@code resize_volumes} decides. */
  public static Resources resize(String op, Reserver who, Resource volume, Authorizer authorizer)
      throws Refused {
    Resources parsed = volumes(op, List.of(volume));
    if (parsed.size() != 1) {
      throw new Refused("Invalid " + op + ": it must name one volume");
    }
    offeredRole(op, who, parsed.keyAt(0));
    decide(
        authorizer.decide(who.caller(), Action.RESIZE_VOLUMES, parsed.keyAt(0).role()),
        "resize volumes");
    return parsed;
  }

  /** Plain resources of a GROW_VOLUME's addition, in core form. */
  public static Resources plain(String op, String field, Resource resource) throws Refused {
    try {
      return ResourceMapping.toCore(List.of(resource));
    } catch (IllegalArgumentException e) {
      throw new Refused("Invalid " + op + " " + field + ": " + e.getMessage());
    }
  }

  private static Resources volumes(String op, List<Resource> resources) throws Refused {
    if (resources == null || resources.isEmpty()) {
      throw new Refused("Invalid " + op + ": it names no volumes");
    }
    Resources parsed;
    try {
      parsed = ResourceMapping.toCore(resources);
    } catch (IllegalArgumentException e) {
      throw new Refused("Invalid " + op + ": " + e.getMessage());
    }
    for (int i = 0; i < parsed.size(); i++) {
      if (!parsed.keyAt(i).isVolume()) {
        throw new Refused(
            "Invalid "
                + op
                + ": "
                + parsed.keyAt(i)
                + " is not a persistent volume (disk with 'disk.persistence' and 'disk.volume')");
      }
    }
    return parsed;
  }

  /** A framework converts only what its offer's role may hold: disk of it or of an ancestor. */
  private static void offeredRole(String op, Reserver who, ResourceKey key) throws Refused {
    if (who.role() != null && !ReservationStack.inSubtree(who.role(), key.role())) {
      throw new Refused(
          "A "
              + op
              + " of "
              + key
              + " (reserved for role '"
              + key.role()
              + "') was attempted on resources offered to role '"
              + who.role()
              + "'");
    }
  }

  private static void decide(Decision allowed, String what) throws Unauthorized {
    if (!allowed.allowed()) {
      throw new Unauthorized("Not authorized to " + what + ": " + allowed.reason());
    }
  }
}
