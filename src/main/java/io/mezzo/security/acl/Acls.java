package io.mezzo.security.acl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A node's ACLs, parsed from Mesos's ACL JSON ({@code --acls}, {@code acls.proto}):
 *
 * <pre>
 * {"permissive": false,
 *  "run_tasks": [{"principals": {"values": ["web"]}, "users": {"values": ["nobody"]}}],
 *  "teardown_frameworks": [{"principals": {"type": "ANY"}, "framework_principals": {"type": "NONE"}}]}
 * </pre>
 *
 * <p>Every key is {@code "permissive"} (default true) or one of the lists of {@link Action}; each
 * entry holds exactly {@code "principals"} and the action's {@link Action#objectField()}. Parsing
 * is strict where Mesos is lenient, because a mistake in an ACL file opens or closes a cluster
 * without a word: an unknown key or field, a repeated key, a {@code "type"} other than {@code
 * ANY}/{@code NONE}/{@code SOME}, values given beside {@code ANY}/{@code NONE} (Mesos ignores
 * them), an entity naming nothing, or a named object for an action that has none is refused with
 * its place in the file. Pure and immutable; the caller reads the file.
 */
public final class Acls {
  /** The endpoints Mesos lets {@code get_endpoints} name (its {@code AUTHORIZABLE_ENDPOINTS}). */
  public static final Set<String> AUTHORIZABLE_ENDPOINTS =
      Set.of(
          "/containers",
          "/containerizer/debug",
          "/files/debug",
          "/logging/toggle",
          "/metrics/snapshot",
          "/monitor/statistics");

  private static final JsonMapper JSON =
      JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private final boolean permissive;
  private final Map<Action, List<AclRule>> rules;

  private Acls(boolean permissive, Map<Action, List<AclRule>> rules) {
    this.permissive = permissive;
    this.rules = rules;
  }

  /** No entries: every request falls to {@code permissive}. */
  public static Acls empty(boolean permissive) {
    return new Acls(permissive, Map.of());
  }

  /**
   * Parses an ACL file's text.
   *
   * @param source the file's name (or the setting's), quoted in errors
   * @throws IllegalArgumentException naming the source and the place ({@code run_tasks[1].users})
   *     of the first thing wrong; nothing is half-parsed
   */
  public static Acls parse(String source, String text) {
    JsonNode root;
    try {
      root = JSON.readTree(text == null ? "" : text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(source + ": not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || root.isMissingNode() || !root.isObject()) {
      throw new IllegalArgumentException(
          source
              + ": ACLs must be a JSON object such as {\"permissive\": false, \"run_tasks\": [...]}");
    }
    boolean permissive = true;
    Map<Action, List<AclRule>> rules = new EnumMap<>(Action.class);
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String key = field.getKey();
      JsonNode value = field.getValue();
      if (key.equals("permissive")) {
        if (!value.isBoolean()) {
          throw new IllegalArgumentException(
              source + ": 'permissive' must be true or false, not " + value);
        }
        permissive = value.booleanValue();
        continue;
      }
      Action action =
          Action.ofAclName(key)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          source + ": unknown ACL list '" + key + "'" + suggestion(key)));
      rules.put(action, list(source, action, value));
    }
    return new Acls(permissive, Collections.unmodifiableMap(rules));
  }

  /** Whether a request no entry matches is allowed. */
  public boolean permissive() {
    return permissive;
  }

  /** The entries of an action's list, in file order; empty when the file has none. */
  public List<AclRule> rules(Action action) {
    return rules.getOrDefault(action, List.of());
  }

  /** How many entries there are in all, for a start-up log line. */
  public int size() {
    return rules.values().stream().mapToInt(List::size).sum();
  }

  @Override
  public String toString() {
    return "Acls{permissive=" + permissive + ", entries=" + size() + "}";
  }

  private static List<AclRule> list(String source, Action action, JsonNode value) {
    String where = source + ": " + action.aclName();
    if (!value.isArray()) {
      throw new IllegalArgumentException(
          where
              + " must be an array of {\"principals\": ..., \""
              + action.objectField()
              + "\": ...} entries");
    }
    List<AclRule> list = new ArrayList<>();
    for (int i = 0; i < value.size(); i++) {
      list.add(entry(where + "[" + i + "]", action, i, value.get(i)));
    }
    return List.copyOf(list);
  }

  private static AclRule entry(String where, Action action, int index, JsonNode node) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(where + " must be an object, not " + node);
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!name.equals("principals") && !name.equals(action.objectField())) {
        throw new IllegalArgumentException(
            where
                + ": unknown field '"
                + name
                + "'; an entry of "
                + action.aclName()
                + " holds 'principals' and '"
                + action.objectField()
                + "'");
      }
    }
    AclEntity principals = entity(where, "principals", node);
    AclEntity objects = entity(where, action.objectField(), node);
    if (action.kind() == Action.Kind.PATH) {
      for (String path : objects.values()) {
        if (!AUTHORIZABLE_ENDPOINTS.contains(path)) {
          throw new IllegalArgumentException(
              where
                  + ".paths: '"
                  + path
                  + "' is not an authorizable endpoint; get_endpoints covers "
                  + AUTHORIZABLE_ENDPOINTS.stream().sorted().toList());
        }
      }
    }
    try {
      return new AclRule(action, index, principals, objects);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
  }

  private static AclEntity entity(String entry, String field, JsonNode parent) {
    String where = entry + "." + field;
    JsonNode node = parent.get(field);
    if (node == null) {
      throw new IllegalArgumentException(entry + ": missing '" + field + "'");
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException(
          where + " must be {\"values\": [...]} or {\"type\": \"ANY\"|\"NONE\"}, not " + node);
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!name.equals("type") && !name.equals("values")) {
        throw new IllegalArgumentException(
            where + ": unknown field '" + name + "'; an entity holds 'type' or 'values'");
      }
    }
    AclEntity.Type type = type(where, node.get("type"));
    List<String> values = values(where, node.get("values"));
    if (type != AclEntity.Type.SOME && !values.isEmpty()) {
      // Mesos ignores the values then; an operator who wrote both meant one of them.
      throw new IllegalArgumentException(
          where + ": type " + type + " takes no values; give either the type or the values");
    }
    if (type == AclEntity.Type.SOME && values.isEmpty()) {
      throw new IllegalArgumentException(
          where
              + " names nothing, so it would match nothing; give \"values\" or a \"type\" of"
              + " ANY or NONE");
    }
    return new AclEntity(type, values);
  }

  private static AclEntity.Type type(String where, JsonNode node) {
    if (node == null) {
      return AclEntity.Type.SOME;
    }
    String name = node.isTextual() ? node.textValue() : null;
    for (AclEntity.Type t : AclEntity.Type.values()) {
      if (t.name().equals(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        where + ": type " + node + " is not ANY, NONE or SOME (names go in \"values\": [\"...\"])");
  }

  private static List<String> values(String where, JsonNode node) {
    if (node == null) {
      return List.of();
    }
    if (!node.isArray()) {
      throw new IllegalArgumentException(
          where + ".values must be an array of strings, not " + node);
    }
    List<String> values = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode v = node.get(i);
      if (!v.isTextual() || v.textValue().isEmpty()) {
        throw new IllegalArgumentException(
            where + ".values[" + i + "] must be a non-empty string, not " + v);
      }
      values.add(v.textValue());
    }
    return values;
  }

  /** A near miss ({@code update_quota}) is named; anything else gets the whole list. */
  private static String suggestion(String key) {
    for (Action action : Action.values()) {
      if (distance(key, action.aclName()) <= 2) {
        return "; did you mean '" + action.aclName() + "'?";
      }
    }
    return Arrays.stream(Action.values())
        .map(Action::aclName)
        .collect(Collectors.joining("', '", "; the keys are 'permissive', '", "'"));
  }

  private static int distance(String a, String b) {
    int[] row = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      row[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      int diagonal = row[0];
      row[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int above = row[j];
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        row[j] = Math.min(Math.min(row[j] + 1, row[j - 1] + 1), diagonal + cost);
        diagonal = above;
      }
    }
    return row[b.length()];
  }
}
