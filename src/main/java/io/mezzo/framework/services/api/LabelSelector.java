package io.mezzo.framework.services.api;

import io.mezzo.framework.services.app.AppDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Marathon's {@code label} selector for {@code GET /v2/apps}: comma-separated selectors that must
 * all hold — {@code key} (exists), {@code key==value}, {@code key!=value}, {@code key in (a,b)},
 * {@code key notin (a,b)}. A backslash escapes the next character. A selector that cannot be read
 * is refused (400) rather than matching nothing.
 */
final class LabelSelector implements Predicate<AppDefinition> {
  static final LabelSelector ALL = new LabelSelector(List.of());

  private final List<Predicate<Map<String, String>>> parts;

  private LabelSelector(List<Predicate<Map<String, String>>> parts) {
    this.parts = List.copyOf(parts);
  }

  @Override
  public boolean test(AppDefinition app) {
    return parts.stream().allMatch(p -> p.test(app.labels()));
  }

  static LabelSelector parse(String query) {
    List<Predicate<Map<String, String>>> parts = new ArrayList<>();
    for (String s : split(query)) {
      parts.add(selector(s.trim(), query));
    }
    return new LabelSelector(parts);
  }

  private static Predicate<Map<String, String>> selector(String s, String query) {
    java.util.regex.Matcher m;
    if ((m = java.util.regex.Pattern.compile("^(.+?)\\s*(==|!=)\\s*(.*)$").matcher(s)).matches()) {
      String key = unescape(m.group(1).trim());
      String value = unescape(m.group(3).trim());
      return m.group(2).equals("==")
          ? l -> value.equals(l.get(key))
          : l -> l.containsKey(key) && !value.equals(l.get(key));
    }
    if ((m = java.util.regex.Pattern.compile("^(.+?)\\s+(in|notin)\\s*\\((.*)\\)$").matcher(s))
        .matches()) {
      String key = unescape(m.group(1).trim());
      Set<String> values =
          Set.copyOf(split(m.group(3)).stream().map(v -> unescape(v.trim())).toList());
      return m.group(2).equals("in")
          ? l -> values.contains(l.get(key))
          : l -> l.containsKey(key) && !values.contains(l.get(key));
    }
    if (s.isEmpty() || !s.matches("^([-A-Za-z0-9_.]|\\\\.)+$")) {
      throw ApiReply.badRequest(
          "Invalid label selector '"
              + s
              + "' in '"
              + query
              + "': expecting key, key==value, key!=value, key in (a,b) or key notin (a,b)");
    }
    String key = unescape(s);
    return l -> l.containsKey(key);
  }

  /** Splits on commas outside parentheses and not escaped. */
  private static List<String> split(String s) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    int depth = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        cur.append(c).append(s.charAt(++i));
        continue;
      }
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        out.add(cur.toString());
        cur.setLength(0);
        continue;
      }
      cur.append(c);
    }
    out.add(cur.toString());
    return out;
  }

  private static String unescape(String s) {
    return s.replaceAll("\\\\(.)", "$1");
  }
}
