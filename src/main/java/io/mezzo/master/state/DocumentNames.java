package io.mezzo.master.state;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The rules every {@link StateStore} applies to names and batches, in one place. */
final class DocumentNames {
  /** The alphabet, but no part that is only dots: {@code ..} would leave a directory. */
  private static final Pattern SAFE_NAME = Pattern.compile("(?!\\.+$)[a-zA-Z0-9._-]+");

  private DocumentNames() {}

  /**
   * @throws IllegalArgumentException unless {@code name} is {@code [a-zA-Z0-9._-]+} or two such
   *     parts joined by {@code /}
   */
  static String checked(String name) {
    int slash = name == null ? -1 : name.indexOf('/');
    boolean valid =
        name != null
            && (slash < 0
                ? SAFE_NAME.matcher(name).matches()
                : SAFE_NAME.matcher(name.substring(0, slash)).matches()
                    && SAFE_NAME.matcher(name.substring(slash + 1)).matches());
    if (!valid) {
      throw new IllegalArgumentException("invalid document name '" + name + "'");
    }
    return name;
  }

  /**
   * @throws IllegalArgumentException unless {@code collection} is {@code [a-zA-Z0-9._-]+}
   */
  static String collection(String collection) {
    if (collection == null || !SAFE_NAME.matcher(collection).matches()) {
      throw new IllegalArgumentException("invalid collection name '" + collection + "'");
    }
    return collection;
  }

  /**
   * @throws IllegalArgumentException if a name is invalid or named twice
   */
  static void checkBatch(String fence, List<StateStore.Op> ops) {
    checked(fence);
    Set<String> seen = new HashSet<>();
    for (StateStore.Op op : ops) {
      if (!seen.add(checked(op.name()))) {
        throw new IllegalArgumentException("document '" + op.name() + "' named twice in a batch");
      }
      if (op.name().equals(fence)) {
        throw new IllegalArgumentException("a batch may not change its own fence '" + fence + "'");
      }
    }
  }

  static StateStore.StaleVersionException fenced(String fence, long expected, long actual) {
    return new StateStore.StaleVersionException(
        "fence "
            + fence
            + ": expected version "
            + expected
            + " but found "
            + (actual == StateStore.ABSENT ? "none" : Long.toString(actual))
            + "; another master claimed the store");
  }
}
