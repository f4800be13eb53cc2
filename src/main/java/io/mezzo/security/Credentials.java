package io.mezzo.security;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The principals and secrets a node accepts, parsed from Mesos's credentials file: JSON {@code
 * {"credentials":[{"principal":"p","secret":"s"}]}} or text with one {@code principal secret} pair
 * per line (blank lines and {@code #} comments skipped). Pure: the caller reads the file and passes
 * its text with a name for messages. Immutable and thread-safe.
 */
public final class Credentials {
  private final Map<String, byte[]> secrets;

  private Credentials(Map<String, byte[]> secrets) {
    this.secrets = secrets;
  }

  /** Nobody can authenticate. */
  public static Credentials none() {
    return new Credentials(Map.of());
  }

  /**
   * Parses a credentials file's text.
   *
   * @param source the file's name, quoted in errors
   * @throws IllegalArgumentException naming the source (and line or entry) when malformed, when a
   *     principal repeats, or when the file holds no credential at all
   */
  public static Credentials parse(String source, String text) {
    Map<String, byte[]> secrets = new LinkedHashMap<>();
    String trimmed = text.strip();
    if (trimmed.startsWith("{")) {
      JsonObject json = json(source, trimmed);
      Object list = json.getValue("credentials");
      if (!(list instanceof JsonArray array)) {
        throw new IllegalArgumentException(
            source + ": 'credentials' must be an array of {\"principal\",\"secret\"} objects");
      }
      for (int i = 0; i < array.size(); i++) {
        String where = source + ": credentials[" + i + "]";
        if (!(array.getValue(i) instanceof JsonObject entry)) {
          throw new IllegalArgumentException(where + " must be an object");
        }
        Pair pair = pair(where, entry);
        add(secrets, where, pair.principal(), pair.secret());
      }
    } else {
      String[] lines = text.split("\r?\n", -1);
      for (int i = 0; i < lines.length; i++) {
        String line = lines[i].strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        String where = source + ":" + (i + 1);
        String[] parts = line.split("\\s+");
        if (parts.length != 2) {
          throw new IllegalArgumentException(
              where + ": expected 'principal secret', found " + parts.length + " word(s)");
        }
        add(secrets, where, parts[0], parts[1]);
      }
    }
    if (secrets.isEmpty()) {
      throw new IllegalArgumentException(source + ": holds no credential");
    }
    return new Credentials(Map.copyOf(secrets));
  }

  /**
   * Parses Mesos's single {@code --credential} form: JSON {@code {"principal":"p","secret":"s"}} or
   * text {@code principal secret}.
   *
   * @return the one principal and secret
   * @throws IllegalArgumentException naming the source when malformed
   */
  public static Pair parseSingle(String source, String text) {
    String trimmed = text.strip();
    if (trimmed.startsWith("{")) {
      return pair(source, json(source, trimmed));
    }
    String[] parts = trimmed.split("\\s+");
    if (parts.length != 2) {
      throw new IllegalArgumentException(
          source + ": expected 'principal secret', found " + parts.length + " word(s)");
    }
    return new Pair(parts[0], parts[1]);
  }

  /** True when {@code principal} is known and {@code secret} is its secret, in constant time. */
  public boolean verify(String principal, String secret) {
    byte[] expected = principal == null ? null : secrets.get(principal);
    byte[] given = secret == null ? new byte[0] : secret.getBytes(StandardCharsets.UTF_8);
    if (expected == null) {
      // Compare anyway so an unknown principal costs as much as a wrong secret.
      MessageDigest.isEqual(given, given);
      return false;
    }
    return MessageDigest.isEqual(expected, given);
  }

  /** True when {@code principal} has a secret here. */
  public boolean contains(String principal) {
    return secrets.containsKey(principal);
  }

  public boolean isEmpty() {
    return secrets.isEmpty();
  }

  public int size() {
    return secrets.size();
  }

  /** A principal and its secret. */
  public record Pair(String principal, String secret) {
    @Override
    public String toString() {
      return "Pair[principal=" + principal + ", secret=***]";
    }
  }

  private static JsonObject json(String source, String text) {
    try {
      return new JsonObject(text);
    } catch (DecodeException e) {
      throw new IllegalArgumentException(source + ": not valid JSON: " + e.getMessage(), e);
    }
  }

  private static Pair pair(String where, JsonObject entry) {
    String principal = string(where, entry, "principal");
    String secret = string(where, entry, "secret");
    return new Pair(principal, secret);
  }

  private static String string(String where, JsonObject entry, String field) {
    Object value = entry.getValue(field);
    if (!(value instanceof String s) || s.isEmpty()) {
      throw new IllegalArgumentException(where + ": '" + field + "' must be a non-empty string");
    }
    return s;
  }

  private static void add(Map<String, byte[]> secrets, String where, String p, String s) {
    if (secrets.put(p, s.getBytes(StandardCharsets.UTF_8)) != null) {
      throw new IllegalArgumentException(where + ": principal '" + p + "' appears twice");
    }
  }
}
