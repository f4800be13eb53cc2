package io.mezzo.master.operator;

import io.mezzo.master.MasterConfig;
import io.mezzo.security.AuthenticationFlags;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The master's effective settings under the names of the Mesos master flags they correspond to
 * (GET_FLAGS, {@code /master/flags}), with durations written as Mesos writes them ({@code 15secs}).
 */
public final class MasterFlags {
  private MasterFlags() {}

  public static Map<String, String> of(MasterConfig c) {
    Map<String, String> flags = new LinkedHashMap<>();
    flags.put("hostname", c.hostname());
    flags.put("ip", c.ip());
    flags.put("port", Integer.toString(c.port()));
    flags.put("agent_ping_timeout", duration(c.agentPingTimeout()));
    flags.put("max_agent_ping_timeouts", Integer.toString(c.maxAgentPingTimeouts()));
    flags.put("offer_timeout", c.offerTimeout() == null ? "" : duration(c.offerTimeout()));
    flags.put("max_completed_frameworks", Integer.toString(c.maxCompletedFrameworks()));
    flags.put("allocation_interval", duration(c.allocator().allocationInterval()));
    flags.put("min_allocatable_resources", String.valueOf(c.allocator().minAllocatable()));
    flags.put("allocator", "HierarchicalDRF");
    flags.put("role_sorter", c.allocator().sorter());
    flags.put("framework_sorter", c.allocator().sorter());
    AuthenticationFlags auth = c.authentication();
    flags.put("authenticate_agents", Boolean.toString(auth.agents()));
    flags.put("authenticate_frameworks", Boolean.toString(auth.frameworks()));
    flags.put("authenticate_http_frameworks", Boolean.toString(auth.frameworks()));
    flags.put("authenticate_http_readonly", Boolean.toString(auth.httpReadonly()));
    flags.put("authenticate_http_readwrite", Boolean.toString(auth.httpReadwrite()));
    flags.put("authorizers", "local");
    return flags;
  }

  /** A duration as Mesos's stout prints it: the largest unit that keeps the value at least 1. */
  static String duration(Duration d) {
    long nanos = d.toNanos();
    double value;
    String unit;
    if (nanos >= Duration.ofDays(7).toNanos()) {
      value = nanos / (double) Duration.ofDays(7).toNanos();
      unit = "weeks";
    } else if (nanos >= Duration.ofDays(1).toNanos()) {
      value = nanos / (double) Duration.ofDays(1).toNanos();
      unit = "days";
    } else if (nanos >= Duration.ofHours(1).toNanos()) {
      value = nanos / (double) Duration.ofHours(1).toNanos();
      unit = "hrs";
    } else if (nanos >= Duration.ofMinutes(1).toNanos()) {
      value = nanos / (double) Duration.ofMinutes(1).toNanos();
      unit = "mins";
    } else if (nanos >= 1_000_000_000L) {
      value = nanos / 1e9;
      unit = "secs";
    } else if (nanos >= 1_000_000L) {
      value = nanos / 1e6;
      unit = "ms";
    } else if (nanos >= 1_000L) {
      value = nanos / 1e3;
      unit = "us";
    } else {
      value = nanos;
      unit = "ns";
    }
    String number =
        value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    return number + unit;
  }
}
