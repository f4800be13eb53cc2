package io.mezzo.core.resources;

/**
 * Identifies one entry of {@link Resources}: a resource name and the role it is statically reserved
 * to. Role {@value #UNRESERVED} means unreserved; {@code cpus(eng):4} is {@code ResourceKey("cpus",
 * "eng")}.
 *
 * <p>Keys order by name, then role, which is the order {@link Resources#toString()} prints them in.
 *
 * @param name resource name such as {@code cpus}, {@code mem}, {@code ports}
 * @param role {@value #UNRESERVED} or the role the resource is reserved to
 */
public record ResourceKey(String name, String role) implements Comparable<ResourceKey> {

  /** The role of unreserved resources. */
  public static final String UNRESERVED = "*";

  public ResourceKey {
    Names.checkResourceName(name);
    Names.checkRole(role);
  }

  /** An unreserved key. */
  public static ResourceKey of(String name) {
    return new ResourceKey(name, UNRESERVED);
  }

  public static ResourceKey of(String name, String role) {
    return new ResourceKey(name, role);
  }

  public boolean isReserved() {
    return !UNRESERVED.equals(role);
  }

  @Override
  public int compareTo(ResourceKey o) {
    if (this == o) {
      return 0;
    }
    // Identity checks first: keys built from parsed text share their name strings, and most
    // comparisons in resource arithmetic are between equal names.
    int c = name == o.name ? 0 : name.compareTo(o.name);
    if (c != 0) {
      return c;
    }
    return role == o.role ? 0 : role.compareTo(o.role);
  }

  @Override
  public String toString() {
    return isReserved() ? name + "(" + role + ")" : name;
  }
}
