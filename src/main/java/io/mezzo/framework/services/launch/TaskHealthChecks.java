package io.mezzo.framework.services.launch;

import io.mezzo.api.v1.CommandInfo;
import io.mezzo.api.v1.HealthCheck;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.framework.services.app.AppDefinition;
import io.mezzo.framework.services.app.AppDefinition.HealthCheckDef;
import io.mezzo.framework.services.app.AppDefinition.PortMapping;
import java.util.List;

/**
 * An app's health check as the Mesos {@link HealthCheck} the agent runs. The port of a network
 * check is {@code port} if given, else the port at {@code portIndex}: the host port with host
 * networking, the container port on a bridge, because the agent probes a bridged task from inside
 * its network namespace (as Mesos does). Marathon's timings map one to one onto Mesos's ({@code
 * maxConsecutiveFailures} → {@code consecutive_failures}). Pure.
 */
public final class TaskHealthChecks {
  private TaskHealthChecks() {}

  /** The Mesos form of {@code h} for an instance placed with {@code hostPorts}. */
  public static HealthCheck of(AppDefinition app, HealthCheckDef h, List<Integer> hostPorts) {
    TaskStatus.Protocol ip =
        "IPv6".equals(h.ipProtocol()) ? TaskStatus.Protocol.IPv6 : TaskStatus.Protocol.IPv4;
    HealthCheck.Type type;
    CommandInfo command = null;
    HealthCheck.Http http = null;
    HealthCheck.Tcp tcp = null;
    switch (h.protocol()) {
      case "COMMAND" -> {
        type = HealthCheck.Type.COMMAND;
        command = CommandInfo.shell(h.command());
      }
      case "MESOS_HTTP", "MESOS_HTTPS" -> {
        type = HealthCheck.Type.HTTP;
        String scheme = h.protocol().equals("MESOS_HTTPS") ? "https" : "http";
        http = new HealthCheck.Http(ip, scheme, port(app, h, hostPorts), h.path(), List.of());
      }
      case "MESOS_TCP" -> {
        type = HealthCheck.Type.TCP;
        tcp = new HealthCheck.Tcp(ip, port(app, h, hostPorts));
      }
      default ->
          throw new IllegalArgumentException(
              "health check protocol " + h.protocol() + " is not run by Mesos");
    }
    return new HealthCheck(
        (double) h.delaySeconds(),
        (double) h.intervalSeconds(),
        (double) h.timeoutSeconds(),
        h.maxConsecutiveFailures(),
        (double) h.gracePeriodSeconds(),
        type,
        command,
        http,
        tcp);
  }

  static int port(AppDefinition app, HealthCheckDef h, List<Integer> hostPorts) {
    if (h.port() != null && h.port() != 0) {
      return h.port();
    }
    int index = h.portIndex() == null ? 0 : h.portIndex();
    if (index >= hostPorts.size()) {
      throw new IllegalArgumentException(
          "health check portIndex "
              + index
              + " but the instance has "
              + hostPorts.size()
              + " ports");
    }
    int host = hostPorts.get(index);
    if (TaskFactory.bridged(app)) {
      PortMapping m = app.container().portMappings().get(index);
      return m.containerPort() != 0 ? m.containerPort() : host;
    }
    return host;
  }
}
