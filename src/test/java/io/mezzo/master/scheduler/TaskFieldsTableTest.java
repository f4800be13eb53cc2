package io.mezzo.master.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.testing.ProtoOracle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * docs/task-fields.md names every field of the official 1.11 messages a task is made of, so a field
 * is never left undecided (honoured, implemented elsewhere, or refused by {@link FieldSupport}).
 */
class TaskFieldsTableTest {
  private static final Pattern CODE = Pattern.compile("`([^`]+)`");

  private static Set<String> namedInTheTable() throws IOException {
    String doc = Files.readString(Path.of("docs/task-fields.md"));
    Set<String> words = new HashSet<>();
    Matcher m = CODE.matcher(doc);
    while (m.find()) {
      for (String w : m.group(1).split("[^A-Za-z0-9_]+")) {
        words.add(w.toLowerCase(Locale.ROOT));
      }
    }
    return words;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "mesos.v1.TaskInfo",
        "mesos.v1.ExecutorInfo",
        "mesos.v1.ContainerInfo",
        "mesos.v1.ContainerInfo.DockerInfo",
        "mesos.v1.CommandInfo",
        "mesos.v1.Volume",
        "mesos.v1.Volume.Source",
        "mesos.v1.Volume.Source.DockerVolume",
        "mesos.v1.LinuxInfo"
      })
  void everyFieldOfTheMessageIsInTheTable(String message) throws IOException {
    Set<String> named = namedInTheTable();
    assertThat(ProtoOracle.get().fields(message).keySet())
        .as("fields of %s missing from docs/task-fields.md", message)
        .allSatisfy(f -> assertThat(named).contains(f));
  }
}
