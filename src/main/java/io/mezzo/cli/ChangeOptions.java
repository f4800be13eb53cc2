package io.mezzo.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** The options of every command that starts a deployment. */
final class ChangeOptions {
  @Option(
      names = "--wait",
      description = "Wait until the deployment has finished (bounded by --wait-timeout).")
  boolean await;

  @Option(
      names = "--wait-timeout",
      paramLabel = "DURATION",
      defaultValue = "5m",
      converter = Durations.Converter.class,
      description = "How long --wait waits (default: ${DEFAULT-VALUE}).")
  Duration waitTimeout;

  @Option(
      names = "--force",
      description = "Go ahead even if a deployment holds the app (that deployment is cancelled).")
  boolean force;

  /** The query string for Marathon's {@code force} parameter: {@code ?force=true} or empty. */
  String forceQuery(String sep) {
    return force ? sep + "force=true" : "";
  }
}
