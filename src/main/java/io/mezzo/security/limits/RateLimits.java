package io.mezzo.security.limits;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * Per-principal call rates, parsed from Mesos's {@code --rate_limits} JSON (the {@code RateLimits}
 * message of mesos.proto):
 *
 * <pre>{@code
 * {"limits": [{"principal": "foo", "qps": 55.5, "capacity": 100},
 *             {"principal": "bar"}],
 *  "aggregate_default_qps": 33.3, "aggregate_default_capacity": 50}
 * }</pre>
 *
 * <p>As in Mesos: a listed principal without {@code qps} is not throttled at all; principals not
 * listed (and callers without a principal) share one aggregate bucket when {@code
 * aggregate_default_qps} is set, and are not throttled when it is not.
 *
 * <p>Where Mezzo differs: Mesos queues a throttled framework's messages and {@code capacity} bounds
 * that queue (unset = unbounded). Mezzo does not hold HTTP calls back; it answers 429 with
 * Retry-After when a principal's token bucket is empty. {@code capacity} is therefore the bucket's
 * size, the burst a principal may send at once before its {@code qps} paces it. When {@code
 * capacity} is unset the burst is one second's worth of calls, {@code max(1, ceil(qps))}, so a
 * scheduler sending an ACCEPT and a few ACKNOWLEDGEs together is not refused. A Mesos file that
 * sized {@code capacity} for queue memory allows that many calls in one burst here.
 *
 * <p>Stricter than Mesos, because nothing is silently ignored: an unknown field, a negative or zero
 * {@code qps} or {@code capacity}, a fractional {@code capacity}, a principal listed twice, and a
 * {@code capacity} without its {@code qps} (which Mesos ignores) are refused, naming the field.
 *
 * <p>Pure: the caller reads the flag or file and passes its text with a name for messages.
 * Immutable and thread-safe.
 */
public final class RateLimits {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();
  private static final Set<String> TOP_FIELDS =
      Set.of("limits", "aggregate_default_qps", "aggregate_default_capacity");
  private static final Set<String> LIMIT_FIELDS = Set.of("principal", "qps", "capacity");

  /**
   * One principal's entry.
   *
   * @param qps calls per second; empty = not throttled (and then {@code capacity} is empty too)
   * @param capacity the burst size; empty = one second's worth of calls
   */
  public record Limit(String principal, OptionalDouble qps, OptionalLong capacity) {}

  private final Map<String, Limit> limits;
  private final OptionalDouble aggregateDefaultQps;
  private final OptionalLong aggregateDefaultCapacity;

  private RateLimits(
      Map<String, Limit> limits, OptionalDouble aggregateQps, OptionalLong aggregateCapacity) {
    this.limits = limits;
    this.aggregateDefaultQps = aggregateQps;
    this.aggregateDefaultCapacity = aggregateCapacity;
  }

  /** No limits: every principal is unthrottled, as Mesos without {@code --rate_limits}. */
  public static RateLimits none() {
    return new RateLimits(Map.of(), OptionalDouble.empty(), OptionalLong.empty());
  }

  /**
   * Parses the {@code --rate_limits} JSON.
   *
   * @param source where the text came from (flag or file name), quoted in errors
   * @throws IllegalArgumentException naming the source and the field when malformed
   */
  public static RateLimits parse(String source, String text) {
    JsonNode root = read(source, text);
    if (!root.isObject()) {
      throw new IllegalArgumentException(source + ": must be a JSON object, found " + kind(root));
    }
    refuseUnknownFields(source, "", root, TOP_FIELDS);
    Map<String, Limit> limits = new LinkedHashMap<>();
    Map<String, Integer> firstIndex = new LinkedHashMap<>();
    JsonNode list = root.get("limits");
    if (list != null) {
      if (!list.isArray()) {
        throw new IllegalArgumentException(
            source + ": 'limits' must be an array of objects, found " + kind(list));
      }
      for (int i = 0; i < list.size(); i++) {
        String where = "limits[" + i + "]";
        Limit limit = limit(source, where, list.get(i));
        Integer earlier = firstIndex.putIfAbsent(limit.principal(), i);
        if (earlier != null) {
          throw new IllegalArgumentException(
              source
                  + ": "
                  + where
                  + ".principal: '"
                  + limit.principal()
                  + "' is listed twice (first at limits["
                  + earlier
                  + "])");
        }
        limits.put(limit.principal(), limit);
      }
    }
    OptionalDouble qps = qps(source, "aggregate_default_qps", root.get("aggregate_default_qps"));
    OptionalLong capacity =
        capacity(source, "aggregate_default_capacity", root.get("aggregate_default_capacity"));
    if (capacity.isPresent() && qps.isEmpty()) {
      throw new IllegalArgumentException(
          source
              + ": aggregate_default_capacity is set without aggregate_default_qps;"
              + " a capacity without a rate limits nothing (Mesos ignores it), so set both or"
              + " neither");
    }
    return new RateLimits(Map.copyOf(limits), qps, capacity);
  }

  /** The principal's own entry, if it is listed. */
  public Optional<Limit> limitFor(String principal) {
    return principal == null ? Optional.empty() : Optional.ofNullable(limits.get(principal));
  }

  /** All listed entries, in no particular order. */
  public List<Limit> limits() {
    return List.copyOf(limits.values());
  }

  /** The rate shared by every principal that is not listed; empty = they are not throttled. */
  public OptionalDouble aggregateDefaultQps() {
    return aggregateDefaultQps;
  }

  /** The burst shared by every principal that is not listed; empty = one second's worth. */
  public OptionalLong aggregateDefaultCapacity() {
    return aggregateDefaultCapacity;
  }

  /** The bucket size Mezzo uses for a rate: {@code capacity}, else one second's worth of calls. */
  static long burst(double qps, OptionalLong capacity) {
    return capacity.orElse(Math.max(1, (long) Math.ceil(qps)));
  }

  /** A rate as a person writes it: {@code 10}, not {@code 10.0}; {@code 55.5}. */
  static String format(double qps) {
    return BigDecimal.valueOf(qps).stripTrailingZeros().toPlainString();
  }

  @Override
  public String toString() {
    return "RateLimits[limits="
        + limits.values()
        + ", aggregateDefaultQps="
        + aggregateDefaultQps
        + ", aggregateDefaultCapacity="
        + aggregateDefaultCapacity
        + "]";
  }

  private static Limit limit(String source, String where, JsonNode entry) {
    if (entry == null || !entry.isObject()) {
      throw new IllegalArgumentException(
          source + ": " + where + " must be an object, found " + kind(entry));
    }
    refuseUnknownFields(source, where + ".", entry, LIMIT_FIELDS);
    JsonNode principal = entry.get("principal");
    if (principal == null || !principal.isTextual() || principal.textValue().isEmpty()) {
      throw new IllegalArgumentException(
          source
              + ": "
              + where
              + ".principal must be a non-empty string, found "
              + (principal == null ? "nothing" : kind(principal)));
    }
    OptionalDouble qps = qps(source, where + ".qps", entry.get("qps"));
    OptionalLong capacity = capacity(source, where + ".capacity", entry.get("capacity"));
    if (capacity.isPresent() && qps.isEmpty()) {
      throw new IllegalArgumentException(
          source
              + ": "
              + where
              + ".capacity is set without "
              + where
              + ".qps; an entry without qps is never throttled (Mesos ignores the capacity),"
              + " so drop the capacity or add a qps");
    }
    return new Limit(principal.textValue(), qps, capacity);
  }

  private static OptionalDouble qps(String source, String field, JsonNode value) {
    if (value == null) {
      return OptionalDouble.empty();
    }
    if (!value.isNumber()) {
      throw new IllegalArgumentException(
          source + ": " + field + " must be a positive number, found " + kind(value));
    }
    double qps = value.doubleValue();
    if (!(qps > 0) || Double.isInfinite(qps)) {
      throw new IllegalArgumentException(
          source + ": " + field + " must be a positive number, found " + value.asText());
    }
    return OptionalDouble.of(qps);
  }

  private static OptionalLong capacity(String source, String field, JsonNode value) {
    if (value == null) {
      return OptionalLong.empty();
    }
    // Protobuf's JSON mapping writes 64-bit integers as strings, so a file produced from the
    // RateLimits message may quote the capacity; both forms mean the same number.
    BigInteger number;
    if (value.isIntegralNumber()) {
      number = value.bigIntegerValue();
    } else if (value.isTextual() && value.textValue().matches("-?[0-9]+")) {
      number = new BigInteger(value.textValue());
    } else {
      throw new IllegalArgumentException(
          source + ": " + field + " must be a whole number of calls >= 1, found " + kind(value));
    }
    if (number.signum() <= 0) {
      throw new IllegalArgumentException(
          source
              + ": "
              + field
              + " must be a whole number of calls >= 1, found "
              + number
              + " (a bucket that holds no call would refuse every call)");
    }
    if (number.bitLength() > 63) {
      throw new IllegalArgumentException(
          source + ": " + field + " is too large: " + number + " (at most " + Long.MAX_VALUE + ")");
    }
    return OptionalLong.of(number.longValue());
  }

  private static void refuseUnknownFields(
      String source, String prefix, JsonNode object, Set<String> known) {
    for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        throw new IllegalArgumentException(
            source
                + ": unknown field '"
                + prefix
                + name
                + "' (known: "
                + String.join(", ", new TreeSet<>(known))
                + ")");
      }
    }
  }

  private static JsonNode read(String source, String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(source + ": is empty; expected a RateLimits JSON object");
    }
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      String at =
          e.getLocation() == null
              ? ""
              : " (line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr()
                  + ")";
      String problem =
          e.getOriginalMessage().startsWith("Trailing token")
              ? "something follows the first JSON value"
              // Jackson names its (redacted) input source inside locations; the source is ours.
              : e.getOriginalMessage().replaceAll("\\[Source: [^;]*; ", "[");
      throw new IllegalArgumentException(source + ": not valid JSON: " + problem + at, e);
    }
  }

  private static String kind(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }
    if (node.isNull()) {
      return "null";
    }
    if (node.isTextual()) {
      return "the string \"" + node.textValue() + "\"";
    }
    if (node.isNumber() || node.isBoolean()) {
      return node.asText();
    }
    return node.isArray() ? "an array" : "an object";
  }
}
