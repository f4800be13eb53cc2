package io.mezzo.agent.health;

import io.mezzo.api.v1.CheckInfo;
import io.mezzo.api.v1.HealthCheck;
import io.mezzo.api.v1.TaskStatus;
import java.util.List;

/** Builds the probe a health check or check describes; the master validated them already. */
public final class Probes {
  private Probes() {}

  public static Probe of(HealthCheck h, ProbeTarget target) {
    return switch (h.type()) {
      case COMMAND -> new CommandProbe(h.command(), target);
      case HTTP ->
          new HttpProbe(
              h.http().scheme(),
              h.http().protocol() == TaskStatus.Protocol.IPv6,
              h.http().port(),
              h.http().path(),
              h.http().statuses(),
              target);
      case TCP ->
          new TcpProbe(h.tcp().protocol() == TaskStatus.Protocol.IPv6, h.tcp().port(), target);
      case UNKNOWN -> throw new IllegalArgumentException("'UNKNOWN' is not a health check type");
    };
  }

  public static Probe of(CheckInfo c, ProbeTarget target) {
    return switch (c.type()) {
      case COMMAND -> new CommandProbe(c.command().command(), target);
      case HTTP ->
          new HttpProbe("http", false, c.http().port(), c.http().path(), List.of(), target);
      case TCP -> new TcpProbe(false, c.tcp().port(), target);
      case UNKNOWN -> throw new IllegalArgumentException("'UNKNOWN' is not a check type");
    };
  }
}
