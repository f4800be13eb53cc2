package io.mezzo.framework.jobs.run;

import io.mezzo.api.v1.Attribute;
import io.mezzo.api.v1.Offer;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.ResourceMapping;
import io.mezzo.api.v1.Value;
import io.mezzo.framework.jobs.job.JobDefinition;
import io.mezzo.framework.jobs.job.JobDefinition.Constraint;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What is left of one offer while job runs are placed on it: each scalar resource of the offer as
 * it came (role, reservation, allocation) with the amount still free, counted in thousandths as
 * Mesos does so sums never drift. Reserved resources are used before unreserved ones (a reservation
 * exists to be used). A job fits when the offer's agent meets its constraints and the roles given
 * hold its cpus, mem and disk.
 *
 * <p>Constraints are Chronos's: {@code EQUALS} compares the value exactly, {@code LIKE} / {@code
 * UNLIKE} take it as a regex the whole value must (not) match; the attribute {@code hostname} is
 * the agent's hostname, any other an agent attribute rendered as Mesos prints it. An agent without
 * the attribute meets only UNLIKE.
 *
 * <p>Owned by one offers round; not shared.
 */
public final class OfferSpace {
  private final Offer offer;
  private final List<Entry> entries = new ArrayList<>();

  private static final class Entry {
    final Resource resource;
    final String role;
    long millis;

    Entry(Resource resource) {
      this.resource = resource;
      this.role = ResourceMapping.roleOf(resource);
      this.millis =
          resource.scalar() == null || resource.scalar().value() == null
              ? 0
              : Math.round(resource.scalar().value() * 1000);
    }
  }

  public OfferSpace(Offer offer) {
    this.offer = offer;
    for (Resource r : offer.resources() == null ? List.<Resource>of() : offer.resources()) {
      if (r.type() == Value.Type.SCALAR) {
        entries.add(new Entry(r));
      }
    }
    entries.sort(Comparator.comparing(e -> e.role.equals("*") ? 1 : 0));
  }

  public Offer offer() {
    return offer;
  }

  /**
   * Why {@code job} does not fit on what is left, or empty when it does; takes nothing.
   *
   * @param roles the roles whose resources the framework may use
   */
  public Optional<String> misfit(JobDefinition job, Set<String> roles) {
    for (Constraint c : job.constraints()) {
      Optional<String> why = unmet(c);
      if (why.isPresent()) {
        return why;
      }
    }
    for (String name : List.of("cpus", "mem", "disk")) {
      long need = need(job, name);
      long free = free(name, roles);
      if (free < need) {
        return Optional.of(
            "insufficient "
                + name
                + ": needs "
                + need / 1000d
                + ", offer has "
                + free / 1000d
                + " in roles "
                + roles);
      }
    }
    return Optional.empty();
  }

  /** Takes the job's resources, as offered; the caller checked {@link #misfit}. */
  public List<Resource> take(JobDefinition job, Set<String> roles) {
    List<Resource> out = new ArrayList<>();
    for (String name : List.of("cpus", "mem", "disk")) {
      long left = need(job, name);
      for (Entry e : entries) {
        if (left == 0) {
          break;
        }
        if (e.resource.name().equals(name) && roles.contains(e.role) && e.millis > 0) {
          long take = Math.min(left, e.millis);
          e.millis -= take;
          left -= take;
          Resource r = e.resource;
          Resource.AllocationInfo alloc =
              r.allocationInfo() != null ? r.allocationInfo() : offer.allocationInfo();
          out.add(
              new Resource(
                  r.name(),
                  r.type(),
                  new Value.Scalar(take / 1000d),
                  null,
                  null,
                  r.role(),
                  alloc,
                  r.reservations(),
                  r.reservation(),
                  null,
                  null,
                  null,
                  null));
        }
      }
    }
    return out;
  }

  private static long need(JobDefinition job, String name) {
    double amount =
        switch (name) {
          case "cpus" -> job.cpus();
          case "mem" -> job.mem();
          default -> job.disk();
        };
    return Math.max(0, Math.round(amount * 1000));
  }

  private long free(String name, Set<String> roles) {
    long sum = 0;
    for (Entry e : entries) {
      if (e.resource.name().equals(name) && roles.contains(e.role)) {
        sum += e.millis;
      }
    }
    return sum;
  }

  private Optional<String> unmet(Constraint c) {
    Optional<String> value = field(c.attribute());
    String text = c.attribute() + " " + c.operator() + " " + c.value();
    if (value.isEmpty()) {
      return c.operator() == Constraint.Operator.UNLIKE
          ? Optional.empty()
          : Optional.of("constraint " + text + ": the agent has no " + c.attribute());
    }
    boolean ok =
        switch (c.operator()) {
          case EQUALS -> value.get().equals(c.value());
          case LIKE -> matches(c.value(), value.get());
          case UNLIKE -> !matches(c.value(), value.get());
        };
    return ok
        ? Optional.empty()
        : Optional.of("constraint " + text + ": the agent's value is " + value.get());
  }

  private static boolean matches(String regex, String value) {
    try {
      return Pattern.compile(regex).matcher(value).matches();
    } catch (PatternSyntaxException e) {
      return false; // the validator refuses these; a stored one matches nothing
    }
  }

  private Optional<String> field(String name) {
    if (name.equals("hostname")) {
      return Optional.ofNullable(offer.hostname());
    }
    for (Attribute a : offer.attributes() == null ? List.<Attribute>of() : offer.attributes()) {
      if (name.equals(a.name())) {
        return Optional.ofNullable(render(a));
      }
    }
    return Optional.empty();
  }

  /** As Mesos prints an attribute: text as is, scalars without trailing zeros, sets, ranges. */
  static String render(Attribute a) {
    if (a.type() == null) {
      return null;
    }
    return switch (a.type()) {
      case TEXT -> a.text() == null ? null : a.text().value();
      case SCALAR ->
          a.scalar() == null || a.scalar().value() == null ? null : number(a.scalar().value());
      case SET ->
          a.set() == null || a.set().item() == null
              ? null
              : "{" + String.join(",", a.set().item().stream().sorted().toList()) + "}";
      case RANGES ->
          a.ranges() == null || a.ranges().range() == null
              ? null
              : "["
                  + String.join(
                      ",",
                      a.ranges().range().stream()
                          .sorted(Comparator.comparing(Value.Range::begin))
                          .map(r -> r.begin() + "-" + r.end())
                          .toList())
                  + "]";
    };
  }

  private static String number(double v) {
    java.math.BigDecimal d =
        java.math.BigDecimal.valueOf(v)
            .setScale(3, java.math.RoundingMode.HALF_EVEN)
            .stripTrailingZeros();
    return d.scale() < 0
        ? d.setScale(0).toPlainString()
        : d.toPlainString().toLowerCase(Locale.ROOT);
  }
}
