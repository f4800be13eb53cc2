package io.mezzo.core.resources;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** The Mesos text syntax of resources ({@code cpus(eng):4;ports:[1-2];bugs:{a,b}}), read side. */
final class ResourceSyntax {

  private ResourceSyntax() {}

  static Resources parse(String text) {
    Resources.Builder builder = Resources.builder();
    for (String raw : text.split(";", -1)) {
      String token = raw.strip();
      if (token.isEmpty()) {
        continue;
      }
      try {
        ResourceKey key;
        ResourceValue value;
        int colon = token.indexOf(':');
        if (colon < 0) {
          throw new IllegalArgumentException("expected name:value");
        }
        String head = token.substring(0, colon).strip();
        int open = head.indexOf('(');
        if (open >= 0) {
          if (!head.endsWith(")")) {
            throw new IllegalArgumentException("expected name(role)");
          }
          key =
              new ResourceKey(
                  head.substring(0, open).strip(),
                  head.substring(open + 1, head.length() - 1).strip());
        } else {
          key = new ResourceKey(head, ResourceKey.UNRESERVED);
        }
        value = parseValue(token.substring(colon + 1).strip());
        builder.add(key, value);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "invalid resource '" + token + "': " + e.getMessage(), e);
      }
    }
    return builder.build();
  }

  /**
   * Parses one value in Mesos text syntax: scalar, {@code [a-b,...]} ranges or {@code {x,y}} set.
   */
  static ResourceValue parseValue(String text) {
    if (text.startsWith("[")) {
      if (!text.endsWith("]")) {
        throw new IllegalArgumentException("ranges '" + text + "' lacks a closing ']'");
      }
      String inner = text.substring(1, text.length() - 1).strip();
      List<Range> ranges = new ArrayList<>();
      if (!inner.isEmpty()) {
        for (String part : inner.split(",", -1)) {
          String p = part.strip();
          int dash = p.indexOf('-', 1);
          if (dash < 0) {
            throw new IllegalArgumentException("range '" + p + "' is not begin-end");
          }
          ranges.add(
              new Range(parseBound(p, p.substring(0, dash)), parseBound(p, p.substring(dash + 1))));
        }
      }
      return new ResourceValue.Ranges(ranges);
    }
    if (text.startsWith("{")) {
      if (!text.endsWith("}")) {
        throw new IllegalArgumentException("set '" + text + "' lacks a closing '}'");
      }
      String inner = text.substring(1, text.length() - 1).strip();
      TreeSet<String> items = new TreeSet<>();
      if (!inner.isEmpty()) {
        for (String part : inner.split(",", -1)) {
          String item = part.strip();
          if (item.isEmpty() || item.indexOf('{') >= 0 || item.indexOf('}') >= 0) {
            throw new IllegalArgumentException(
                "set '" + text + "' has an invalid item '" + item + "'");
          }
          items.add(item);
        }
      }
      return new ResourceValue.Items(items);
    }
    return ResourceValue.Scalar.parse(text);
  }

  private static long parseBound(String range, String bound) {
    String b = bound.strip();
    if (b.isEmpty() || !b.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException("range '" + range + "' has an invalid bound '" + b + "'");
    }
    try {
      return Long.parseLong(b);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("range '" + range + "' has a bound out of range");
    }
  }
}
