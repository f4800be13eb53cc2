package io.mezzo.cli;

import java.util.regex.Pattern;

/** App ids as the user types them ({@code web}, {@code /prod/web}) and as URL paths. */
final class AppIds {
  private static final Pattern ID =
      Pattern.compile("/?[a-z0-9][a-z0-9.\\-]*(/[a-z0-9][a-z0-9.\\-]*)*/?");

  private AppIds() {}

  /**
   * The absolute id: {@code web} → {@code /web}.
   *
   * @throws CliFailure a usage error naming the id when it cannot be a Marathon app id
   */
  static String absolute(String id) {
    if (id == null || !ID.matcher(id).matches()) {
      throw CliFailure.usage(
          "'"
              + id
              + "' is not an app id: expected path segments of lowercase letters, digits, '-' and"
              + " '.', like /prod/web");
    }
    String a = id.startsWith("/") ? id : "/" + id;
    return a.length() > 1 && a.endsWith("/") ? a.substring(0, a.length() - 1) : a;
  }

  /**
   * The prefix Marathon gives the Mesos task ids of an app: the id without its leading slash and
   * with {@code /} as {@code _}, then a dot ({@code /prod/web} → {@code prod_web.}).
   */
  static String taskIdPrefix(String absoluteId) {
    return absoluteId.substring(1).replace('/', '_') + ".";
  }
}
