package io.mezzo.core.resources;

/**
 * The value of an agent attribute (Mesos {@code Attribute}): {@link Text} ({@code rack:a}), or one
 * of the resource value types — {@link ResourceValue.Scalar} ({@code level:10}), {@link
 * ResourceValue.Ranges} ({@code keys:[1000-1500]}) or {@link ResourceValue.Items} ({@code
 * zones:{a,b}}).
 */
public sealed interface AttributeValue
    permits AttributeValue.Text,
        AttributeValue.Number,
        AttributeValue.RangesValue,
        AttributeValue.SetValue {

  /**
   * Mesos {@code Value.Type} of the attribute: {@code TEXT}, {@code SCALAR}, {@code RANGES}, {@code
   * SET}.
   */
  String typeName();

  /**
   * A text value: one or more of {@code [a-zA-Z0-9_/.-]}, as Mesos accepts in {@code --attributes}.
   */
  record Text(String value) implements AttributeValue {
    public Text {
      if (value.isEmpty()) {
        throw new IllegalArgumentException("text attribute value must not be empty");
      }
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        boolean ok =
            (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || "_/.-".indexOf(c) >= 0;
        if (!ok) {
          throw new IllegalArgumentException(
              "text '" + value + "' contains '" + c + "' (allowed: [a-zA-Z0-9_/.-])");
        }
      }
    }

    @Override
    public String typeName() {
      return "TEXT";
    }

    @Override
    public String toString() {
      return value;
    }
  }

  /** A scalar attribute such as {@code level:10}. */
  record Number(ResourceValue.Scalar value) implements AttributeValue {
    @Override
    public String typeName() {
      return "SCALAR";
    }

    @Override
    public String toString() {
      return value.toString();
    }
  }

  /** A ranges attribute such as {@code keys:[1000-1500]}. */
  record RangesValue(ResourceValue.Ranges value) implements AttributeValue {
    @Override
    public String typeName() {
      return "RANGES";
    }

    @Override
    public String toString() {
      return value.toString();
    }
  }

  /** A set attribute such as {@code zones:{a,b}}. */
  record SetValue(ResourceValue.Items value) implements AttributeValue {
    @Override
    public String typeName() {
      return "SET";
    }

    @Override
    public String toString() {
      return value.toString();
    }
  }

  /**
   * Parses one attribute value the way Mesos does: {@code [..]} ranges, {@code {..}} set, a number
   * is a scalar, anything else must be text.
   */
  static AttributeValue parse(String text) {
    String t = text.strip();
    if (t.startsWith("[")) {
      return new RangesValue((ResourceValue.Ranges) ResourceSyntax.parseValue(t));
    }
    if (t.startsWith("{")) {
      return new SetValue((ResourceValue.Items) ResourceSyntax.parseValue(t));
    }
    if (ResourceValue.Scalar.isNumber(t)) {
      return new Number(ResourceValue.Scalar.parse(t));
    }
    return new Text(t);
  }
}
