package io.mezzo.testing.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;

/**
 * Breaks valid JSON in the ways clients and attackers do: fields dropped or nulled, values of the
 * wrong JSON type, hostile numbers and strings, deep nesting, wrong enum names, duplicated keys,
 * arrays where objects go and the reverse, unknown fields, swapped ids. Tree mutations edit a
 * Jackson tree; a few that JSON trees cannot express (raw tokens such as {@code NaN} or {@code
 * 1e400}, duplicated keys, nesting deeper than a writer allows) are planted as placeholder strings
 * and spliced in as raw text by {@link #render}.
 *
 * <p>Deterministic for a given {@link Random}. Never produces a string that would do harm when run
 * by {@code /bin/sh -c} (task commands are fuzzed too, and tasks really run).
 */
public final class JsonMutator {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String RAW = "@@raw";

  /**
   * Strings that have broken parsers, path builders, loggers and shells elsewhere. All harmless to
   * run.
   */
  static final List<String> HOSTILE_STRINGS =
      List.of(
          "",
          " ",
          "\t",
          "*",
          ".",
          "..",
          "/",
          "\\",
          "../../../../etc/passwd",
          "a/b",
          "%s%s%n%x",
          "{}",
          "[]",
          "null",
          "true",
          "0",
          "-1",
          "1e400",
          "NaN",
          "Infinity",
          "\u0000",
          "a\u0000b",
          "\u001b[31mred",
          "line\nbreak",
          "tab\there",
          "\r\n\r\n",
          "\"quoted\"",
          "'single'",
          "$(true)",
          "`true`",
          ";true;",
          "| true",
          "&& true",
          "\u00e9t\u00e9",
          "\u65e5\u672c\u8a9e",
          "\uD83D\uDE00\uD83D\uDC4D",
          "\u202Eevil",
          "\uFEFFbom",
          "e\u0301",
          "\uD800",
          "\uDFFF",
          "x\uD800y",
          "\uFFFF",
          "\u200B",
          "%00",
          "%2e%2e%2f",
          "<script>",
          "' OR 1=1 --",
          "${jndi:ldap://127.0.0.1/x}");

  private final Random random;
  private final List<String> raw = new ArrayList<>();

  public JsonMutator(Random random) {
    this.random = random;
  }

  /** Clears the raw placeholders; call before mutating a new document. */
  public void reset() {
    raw.clear();
  }

  /**
   * Applies {@code count} random tree mutations to {@code root} and returns the (possibly new)
   * root.
   */
  public JsonNode mutate(JsonNode root, int count, List<String> enumPool, List<JsonNode> idPool) {
    JsonNode doc = root;
    for (int i = 0; i < count; i++) {
      doc = mutateOnce(doc, enumPool, idPool);
    }
    return doc;
  }

  private JsonNode mutateOnce(JsonNode doc, List<String> enumPool, List<JsonNode> idPool) {
    List<Slot> slots = new ArrayList<>();
    collect(doc, slots);
    if (slots.isEmpty()) {
      return doc;
    }
    Slot slot = slots.get(random.nextInt(slots.size()));
    int kind = random.nextInt(12);
    if (kind == 6) {
      // Wrong enum names matter most where enums are: prefer the enum-typed fields.
      List<Slot> enums = slots.stream().filter(Slot::isEnumField).toList();
      if (!enums.isEmpty() && random.nextBoolean()) {
        slot = enums.get(random.nextInt(enums.size()));
      }
    }
    switch (kind) {
      case 0 -> slot.remove();
      case 1 -> slot.set(NODES.nullNode());
      case 2 -> slot.set(wrongType(slot.get()));
      case 3 -> slot.set(hostileNumber());
      case 4 -> slot.set(NODES.textNode(hostileString()));
      case 5 -> slot.set(deep());
      case 6 -> slot.set(NODES.textNode(pick(enumPool)));
      case 7 -> slot.set(duplicateKeys(slot.get(), enumPool));
      case 8 ->
          slot.set(
              slot.get().isArray() && !slot.get().isEmpty()
                  ? slot.get().get(0)
                  : NODES.arrayNode().add(slot.get()));
      case 9 -> {
        ObjectNode target = (ObjectNode) pickNode(doc, JsonNode::isObject);
        if (target != null) {
          target.set(
              pick(
                  List.of(
                      "unknown", "x_" + random.nextInt(1000), "", "value", "\u00e9", "__proto__")),
              randomValue(2));
        }
      }
      case 10 -> {
        if (!idPool.isEmpty()) {
          JsonNode id = pickNode(doc, n -> n.isObject() && n.has("value") && n.size() == 1);
          JsonNode replacement = pick(idPool).deepCopy();
          if (id != null && replacement.isObject()) {
            ((ObjectNode) id).removeAll();
            ((ObjectNode) id).setAll((ObjectNode) replacement);
          } else {
            slot.set(replacement);
          }
        }
      }
      default -> slot.set(randomValue(3));
    }
    return slot.isRoot() ? slot.get() : doc;
  }

  /** Serialises {@code doc}, splicing the raw placeholders in. */
  public byte[] render(JsonNode doc) {
    String text;
    try {
      text = JSON.writeValueAsString(doc);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    for (int i = raw.size() - 1; i >= 0; i--) {
      text = text.replace("\"" + RAW + i + "\"", raw.get(i));
    }
    return text.getBytes(StandardCharsets.UTF_8);
  }

  // ---- whole-body damage ---------------------------------------------------------------------

  /**
   * A body that is not one JSON object in UTF-8. {@code malformed} is false only for the two
   * damages a server may forgive (RFC 8259 §8.1 lets a parser ignore a leading byte order mark).
   */
  public record Garbage(byte[] body, boolean malformed) {}

  /** Bodies that are not a JSON object at all, or not JSON, or not UTF-8. */
  public Garbage garbageBody(byte[] valid) {
    int kind = random.nextInt(14);
    return new Garbage(garbage(kind, valid), kind != 4);
  }

  private byte[] garbage(int kind, byte[] valid) {
    return switch (kind) {
      case 0 -> new byte[0];
      case 1 ->
          valid.length < 2
              ? new byte[] {'{'}
              : java.util.Arrays.copyOf(valid, 1 + random.nextInt(valid.length - 1));
      case 2 ->
          concat(
              valid,
              pick(List.of(" x", "}", "]]]", "{\"type\":\"TEARDOWN\"}", "\u0000"))
                  .getBytes(StandardCharsets.UTF_8));
      case 3 -> randomBytes(1 + random.nextInt(300));
      case 4 -> concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, valid);
      case 5 -> new String(valid, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_16);
      case 6 ->
          pick(List.of(
                  "null",
                  "[]",
                  "{}",
                  "42",
                  "-0",
                  "\"x\"",
                  "true",
                  "{",
                  "}",
                  "[",
                  "{\"type\":",
                  "{{}}",
                  "{\"a\":1,}",
                  "[1,]",
                  "{'type':'SUBSCRIBE'}",
                  "{type:\"SUBSCRIBE\"}",
                  "NaN",
                  "\"\\ud800\"",
                  "{\"type\":\"SUBSCRIBE\" \"x\":1}",
                  "/* */{}",
                  "{\"type\":\"\\u0000\"}"))
              .getBytes(StandardCharsets.UTF_8);
      case 7 ->
          "<?xml version=\"1.0\"?><call type=\"SUBSCRIBE\"/>".getBytes(StandardCharsets.UTF_8);
      case 8 -> "type=SUBSCRIBE&framework_id=%%%".getBytes(StandardCharsets.UTF_8);
      case 9 -> new byte[] {(byte) 0xC3, (byte) 0x28, '{', (byte) 0xFF, (byte) 0xFE, '}'};
      case 10 ->
          concat(
              "{\"type\":\"".getBytes(StandardCharsets.UTF_8),
              concat(
                  new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80, (byte) 0xC0, (byte) 0xAF},
                  "\"}".getBytes(StandardCharsets.UTF_8)));
      case 11 ->
          ("[" + "[".repeat(20_000) + "]".repeat(20_000) + "]").getBytes(StandardCharsets.UTF_8);
      case 12 ->
          ("{\"a\":".repeat(50_000) + "1" + "}".repeat(50_000)).getBytes(StandardCharsets.UTF_8);
      default ->
          new String(valid, StandardCharsets.UTF_8)
              .replace("\"", "")
              .getBytes(StandardCharsets.UTF_8);
    };
  }

  // ---- values --------------------------------------------------------------------------------

  private JsonNode wrongType(JsonNode current) {
    List<JsonNode> options = new ArrayList<>();
    if (!current.isTextual()) {
      options.add(
          NODES.textNode(current.isNumber() ? current.asText() : "z9" + random.nextInt(100)));
    }
    if (!current.isNumber()) {
      options.add(NODES.numberNode(random.nextInt(7) - 3));
    }
    if (!current.isBoolean()) {
      options.add(NODES.booleanNode(random.nextBoolean()));
    }
    if (!current.isObject()) {
      options.add(NODES.objectNode().put("value", "z9" + random.nextInt(100)));
    }
    if (!current.isArray()) {
      options.add(NODES.arrayNode().add(current.deepCopy()));
    }
    return pick(options);
  }

  private JsonNode hostileNumber() {
    return switch (random.nextInt(16)) {
      case 0 -> NODES.numberNode(Double.MAX_VALUE);
      case 1 -> NODES.numberNode(-Double.MAX_VALUE);
      case 2 -> NODES.numberNode(Long.MAX_VALUE);
      case 3 -> NODES.numberNode(Long.MIN_VALUE);
      case 4 -> NODES.numberNode(new BigInteger("9".repeat(1 + random.nextInt(40))));
      case 5 -> NODES.numberNode(-1);
      case 6 -> NODES.numberNode(-0.0);
      case 7 -> NODES.numberNode(new BigDecimal("1e-400"));
      case 8 ->
          NODES.textNode(
              pick(List.of("NaN", "Infinity", "-Infinity", "1e400", " 5 ", "0x10", "5", "-5", "")));
      case 9 ->
          rawToken(
              pick(
                  List.of(
                      "NaN",
                      "Infinity",
                      "-Infinity",
                      "1e400",
                      "-1e400",
                      "01",
                      "1.",
                      ".5",
                      "+1",
                      "1e",
                      "--1",
                      "0.0000000000000000000000000000001",
                      "123456789012345678901234567890")));
      case 10 -> rawToken("1" + "0".repeat(990 + random.nextInt(40)));
      case 11 -> NODES.numberNode(0.0001);
      case 12 -> NODES.numberNode(1e15);
      case 13 -> NODES.numberNode(Integer.MAX_VALUE + 1L);
      case 14 -> NODES.numberNode(9.2e9);
      default -> NODES.numberNode(1e300);
    };
  }

  String hostileString() {
    return switch (random.nextInt(6)) {
      case 0 -> "z9" + "x".repeat(1000 + random.nextInt(200_000));
      case 1 -> "z9" + "\u00e9\uD83D\uDE00".repeat(1 + random.nextInt(5000));
      case 2 -> "z9" + randomText(1 + random.nextInt(40));
      default -> pick(HOSTILE_STRINGS);
    };
  }

  private String randomText(int length) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < length; i++) {
      int kind = random.nextInt(4);
      sb.append(
          switch (kind) {
            case 0 -> (char) ('a' + random.nextInt(26));
            case 1 -> (char) (0x20 + random.nextInt(0x5f));
            case 2 -> (char) (0xa0 + random.nextInt(0x2000));
            default -> (char) random.nextInt(0x10000); // may be a lone surrogate or a control char
          });
    }
    return sb.toString();
  }

  /** Nested objects or arrays, from a little to far beyond any sane parser's depth limit. */
  private JsonNode deep() {
    int depth = pick(List.of(16, 200, 480, 990, 1001, 3000, 100_000));
    boolean arrays = random.nextBoolean();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < depth; i++) {
      sb.append(arrays ? "[" : "{\"d\":");
    }
    sb.append("1");
    for (int i = 0; i < depth; i++) {
      sb.append(arrays ? "]" : "}");
    }
    return rawToken(sb.toString());
  }

  private JsonNode duplicateKeys(JsonNode current, List<String> enumPool) {
    if (!current.isObject() || current.isEmpty()) {
      return rawToken("{\"value\":\"a\",\"value\":\"b\",\"value\":null}");
    }
    Iterator<Map.Entry<String, JsonNode>> fields = current.properties().iterator();
    Map.Entry<String, JsonNode> first = fields.next();
    String value =
        first.getKey().equals("type")
            ? "\"" + pick(enumPool) + "\""
            : new String(render(randomValue(1)), StandardCharsets.UTF_8);
    String again = "\"" + first.getKey() + "\":" + value;
    String body = new String(render(current), StandardCharsets.UTF_8);
    return rawToken("{" + again + "," + body.substring(1));
  }

  private JsonNode randomValue(int depth) {
    int kind = random.nextInt(depth > 0 ? 7 : 5);
    return switch (kind) {
      case 0 -> NODES.nullNode();
      case 1 -> NODES.booleanNode(random.nextBoolean());
      case 2 -> hostileNumber();
      case 3 -> NODES.textNode(hostileString());
      case 4 -> NODES.numberNode(random.nextInt(100));
      case 5 -> {
        ArrayNode a = NODES.arrayNode();
        for (int i = random.nextInt(3); i > 0; i--) {
          a.add(randomValue(depth - 1));
        }
        yield a;
      }
      default -> {
        ObjectNode o = NODES.objectNode();
        for (int i = random.nextInt(3); i > 0; i--) {
          o.set(pick(List.of("value", "type", "name", "x")), randomValue(depth - 1));
        }
        yield o;
      }
    };
  }

  private JsonNode rawToken(String text) {
    raw.add(text);
    return NODES.textNode(RAW + (raw.size() - 1));
  }

  // ---- tree walking --------------------------------------------------------------------------

  /** A place in the tree that holds a value: the root, an object field, or an array element. */
  private static final class Slot {
    final JsonNode parent;
    final String field;
    final int index;
    JsonNode root;

    Slot(JsonNode parent, String field, int index, JsonNode root) {
      this.parent = parent;
      this.field = field;
      this.index = index;
      this.root = root;
    }

    boolean isRoot() {
      return parent == null;
    }

    boolean isEnumField() {
      return field != null
          && List.of("type", "state", "reason", "source", "network", "protocol").contains(field);
    }

    JsonNode get() {
      if (parent == null) {
        return root;
      }
      return field != null ? parent.get(field) : parent.get(index);
    }

    void set(JsonNode value) {
      if (parent == null) {
        root = value;
      } else if (field != null) {
        ((ObjectNode) parent).set(field, value);
      } else {
        ((ArrayNode) parent).set(index, value);
      }
    }

    void remove() {
      if (parent == null) {
        root = NODES.objectNode();
      } else if (field != null) {
        ((ObjectNode) parent).remove(field);
      } else {
        ((ArrayNode) parent).remove(index);
      }
    }
  }

  private void collect(JsonNode root, List<Slot> out) {
    out.add(new Slot(null, null, -1, root));
    List<JsonNode> todo = new ArrayList<>(List.of(root));
    while (!todo.isEmpty()) {
      JsonNode n = todo.remove(todo.size() - 1);
      if (n.isObject()) {
        n.fieldNames()
            .forEachRemaining(
                f -> {
                  out.add(new Slot(n, f, -1, null));
                  todo.add(n.get(f));
                });
      } else if (n.isArray()) {
        for (int i = 0; i < n.size(); i++) {
          out.add(new Slot(n, null, i, null));
          todo.add(n.get(i));
        }
      }
    }
  }

  private JsonNode pickNode(JsonNode root, Predicate<JsonNode> wanted) {
    List<JsonNode> found = new ArrayList<>();
    List<JsonNode> todo = new ArrayList<>(List.of(root));
    while (!todo.isEmpty()) {
      JsonNode n = todo.remove(todo.size() - 1);
      if (wanted.test(n)) {
        found.add(n);
      }
      n.elements().forEachRemaining(todo::add);
    }
    return found.isEmpty() ? null : pick(found);
  }

  <T> T pick(List<T> options) {
    return options.get(random.nextInt(options.size()));
  }

  private byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
