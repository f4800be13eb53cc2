package io.mezzo.loadgen;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The load generator's arguments: {@code key=value} words, each key known (an unknown or repeated
 * key is refused, so a typo cannot silently run the default size).
 */
public final class Options {
  static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

  static {
    DEFAULTS.put("runs", "3");
    DEFAULTS.put("agents", "5000");
    DEFAULTS.put("frameworks", "10");
    DEFAULTS.put("tasks", "100000");
    DEFAULTS.put("agent-resources", "cpus:8;mem:8192");
    DEFAULTS.put("task-cpus", "0.1");
    DEFAULTS.put("task-mem", "32");
    DEFAULTS.put("refuse-seconds", "1");
    DEFAULTS.put("rate", "1000");
    DEFAULTS.put("duration", "30");
    DEFAULTS.put("timeout", "600");
    DEFAULTS.put("master", "");
    DEFAULTS.put("pid", "");
    DEFAULTS.put("jar", "target/quarkus-app/quarkus-run.jar");
    DEFAULTS.put("heap", "4g");
    DEFAULTS.put("jfr", "");
    DEFAULTS.put("work-root", "/tmp");
    DEFAULTS.put("histogram", "");
    DEFAULTS.put("ping-timeout", "15s");
    DEFAULTS.put("call-connections", "32");
    DEFAULTS.put("seed", "42");
  }

  private final Map<String, String> values;

  private Options(Map<String, String> values) {
    this.values = values;
  }

  /**
   * @throws IllegalArgumentException naming a word that is not {@code key=value} of a known key
   */
  public static Options parse(List<String> words) {
    Map<String, String> v = new LinkedHashMap<>(DEFAULTS);
    Set<String> seen = new java.util.HashSet<>();
    for (String w : words) {
      int eq = w.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("expected key=value, got '" + w + "'");
      }
      String key = w.substring(0, eq);
      if (!DEFAULTS.containsKey(key)) {
        throw new IllegalArgumentException(
            "unknown option '" + key + "'; known: " + DEFAULTS.keySet());
      }
      if (!seen.add(key)) {
        throw new IllegalArgumentException("option '" + key + "' given twice");
      }
      v.put(key, w.substring(eq + 1));
    }
    return new Options(v);
  }

  public String text(String key) {
    return values.get(key);
  }

  public int integer(String key) {
    try {
      int n = Integer.parseInt(values.get(key));
      if (n < 0) {
        throw new IllegalArgumentException(key + " must not be negative, got " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          key + " must be a whole number, got '" + values.get(key) + "'");
    }
  }

  public double decimal(String key) {
    try {
      return Double.parseDouble(values.get(key));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a number, got '" + values.get(key) + "'");
    }
  }

  /** Starts the master these options name, or attaches to the one at {@code master=URL}. */
  public MasterUnderTest master(String runName) {
    if (!text("master").isEmpty()) {
      OptionalLong pid =
          text("pid").isEmpty()
              ? OptionalLong.empty()
              : OptionalLong.of(Long.parseLong(text("pid")));
      return MasterUnderTest.attach(URI.create(text("master")), pid);
    }
    List<String> jvm = new ArrayList<>();
    jvm.add("-Xms" + text("heap"));
    jvm.add("-Xmx" + text("heap"));
    if (!text("jfr").isEmpty()) {
      jvm.add(
          "-XX:StartFlightRecording=filename="
              + text("jfr")
              + "-"
              + runName
              + ".jfr,settings=profile");
    }
    Map<String, String> props = new LinkedHashMap<>();
    // Every agent holds a stream and frameworks a stream and call connections: above Quarkus's
    // default limit of 10,000 at the larger sizes.
    props.put("quarkus.http.limits.max-connections", "100000");
    props.put("mezzo.master.agent-ping-timeout", text("ping-timeout"));
    return MasterUnderTest.start(Path.of(text("jar")), Path.of(text("work-root")), jvm, props);
  }

  /** The simulated agents of run {@code run}: {@code agents} of them, seeded per run. */
  public AgentFleet agents(MasterUnderTest master, AgentFleet.Mode mode, int run) {
    return new AgentFleet(
        master.url(), integer("agents"), text("agent-resources"), mode, integer("seed") + run);
  }

  /** The simulated frameworks' shared client: room for {@code frameworks} of them. */
  public FrameworkFleet frameworks(MasterUnderTest master) {
    return new FrameworkFleet(
        master.url(), Math.max(1, integer("frameworks")), integer("call-connections"));
  }

  /** The task every simulated framework launches, and how long it refuses what it declines. */
  public FrameworkFleet.TaskShape taskShape() {
    return new FrameworkFleet.TaskShape(
        decimal("task-cpus"), decimal("task-mem"), decimal("refuse-seconds"));
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
