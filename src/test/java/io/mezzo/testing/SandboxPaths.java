package io.mezzo.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Expands a path pattern whose {@code *} elements match any one directory entry except a {@code
 * latest} link, following symbolic links named explicitly (Mesos's {@code runs/latest} is one, and
 * {@code Files.walk} would not enter it).
 */
final class SandboxPaths {
  private SandboxPaths() {}

  /** Existing paths under {@code root} matching {@code pattern} ({@code /}-separated), sorted. */
  static List<Path> expand(Path root, String pattern) {
    List<Path> current = List.of(root);
    for (String element : pattern.split("/")) {
      List<Path> next = new ArrayList<>();
      for (Path dir : current) {
        if (element.equals("*")) {
          if (Files.isDirectory(dir)) {
            try (Stream<Path> entries = Files.list(dir)) {
              // A `*` stands for an id; Mesos's `latest` links alias one of them and would double
              // it.
              entries
                  .filter(
                      e ->
                          !(Files.isSymbolicLink(e) && e.getFileName().toString().equals("latest")))
                  .sorted()
                  .forEach(next::add);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }
        } else if (Files.exists(dir.resolve(element))) {
          next.add(dir.resolve(element));
        }
      }
      current = next;
    }
    return current;
  }
}
