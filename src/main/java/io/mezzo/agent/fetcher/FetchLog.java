package io.mezzo.agent.fetcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.jboss.logging.Logger;

/**
 * The fetcher's lines in the sandbox's {@code stderr}, where Mesos's fetcher writes its own, so a
 * user reading the sandbox sees what was fetched before the task's output. A log that cannot be
 * written does not fail the fetch: it only goes to the agent log.
 */
final class FetchLog {
  private static final Logger LOG = Logger.getLogger(FetchLog.class);
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  private final Path file;
  private final Clock clock;

  FetchLog(Path file, Clock clock) {
    this.file = file;
    this.clock = clock;
  }

  void line(String text) {
    LOG.debugf("%s: %s", file, text);
    if (file == null) {
      return;
    }
    String line = "I" + TIME.format(clock.instant()) + " fetcher] " + text + "\n";
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(
          file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      LOG.warnf("Cannot write the fetcher log %s: %s", file, e.toString());
    }
  }
}
