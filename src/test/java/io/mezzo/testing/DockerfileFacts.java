package io.mezzo.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a Dockerfile tells about the container it makes, read from the text: the last {@code
 * WORKDIR} and {@code USER}, the {@code ENV} defaults, the {@code ENTRYPOINT} line. Enough for
 * tests that hold the Kubernetes manifests to the image; not a general Dockerfile parser (no
 * variable expansion).
 */
public record DockerfileFacts(
    String workdir, String user, Map<String, String> env, String entrypoint) {
  private static final Pattern ENV_PAIR =
      Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"(?:[^\"\\\\]|\\\\.)*\"|\\S*)");

  public static DockerfileFacts read(Path dockerfile) {
    List<String> instructions;
    try {
      instructions = instructions(Files.readAllLines(dockerfile));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String workdir = "/";
    String user = "root";
    String entrypoint = "";
    Map<String, String> env = new LinkedHashMap<>();
    for (String line : instructions) {
      String[] parts = line.split("\\s+", 2);
      String args = parts.length > 1 ? parts[1].strip() : "";
      switch (parts[0].toUpperCase()) {
        case "WORKDIR" -> workdir = args;
        case "USER" -> user = args;
        case "ENTRYPOINT" -> entrypoint = args;
        case "ENV" -> {
          Matcher m = ENV_PAIR.matcher(args);
          while (m.find()) {
            String value = m.group(2);
            if (value.startsWith("\"")) {
              value = value.substring(1, value.length() - 1).replace("\\\"", "\"");
            }
            env.put(m.group(1), value);
          }
        }
        default -> {}
      }
    }
    return new DockerfileFacts(workdir, user, env, entrypoint);
  }

  /** The numeric uid of {@code USER uid[:gid]}. */
  public long uid() {
    return Long.parseLong(user.split(":")[0]);
  }

  /** Joins backslash continuations and drops comments and blank lines. */
  private static List<String> instructions(List<String> lines) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String raw : lines) {
      String line = raw.strip();
      if (line.startsWith("#") || (line.isEmpty() && current.isEmpty())) {
        continue;
      }
      if (line.endsWith("\\")) {
        current.append(line, 0, line.length() - 1).append(' ');
        continue;
      }
      current.append(line);
      out.add(current.toString().strip());
      current.setLength(0);
    }
    if (!current.isEmpty()) {
      out.add(current.toString().strip());
    }
    return out;
  }
}
