package io.mezzo.agent.mount;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The mount points of this process's mount namespace, from {@code /proc/self/mountinfo} (proc(5)):
 * the fifth field of each line, with the kernel's octal escapes ({@code \040} for a space, {@code
 * \011}, {@code \012}, {@code \134}) undone. Parsing is pure; only {@link #read} touches the file.
 */
public final class MountTable {
  static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

  private MountTable() {}

  /**
   * The mount points listed now; empty where there is no {@code /proc} (not Linux), so callers then
   * see no mounts rather than fail.
   */
  public static List<Path> read() {
    try {
      return parse(Files.readString(MOUNTINFO, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return List.of();
    }
  }

  /** The mount points of a mountinfo text, in its order (a path mounted twice is listed twice). */
  public static List<Path> parse(String mountinfo) {
    List<Path> out = new ArrayList<>();
    for (String line : mountinfo.split("\n")) {
      String[] fields = line.trim().split(" ");
      if (fields.length >= 5 && fields[4].startsWith("/")) {
        out.add(Path.of(unescape(fields[4])));
      }
    }
    return out;
  }

  /**
   * The mount points at or under {@code root}, deepest first (the order to unmount them in),
   * duplicates kept: a path with two mounts stacked on it needs two unmounts.
   */
  public static List<Path> under(List<Path> mounts, Path root) {
    Path r = root.toAbsolutePath().normalize();
    return mounts.stream()
        .filter(m -> m.startsWith(r))
        .sorted(Comparator.comparingInt(Path::getNameCount).reversed())
        .toList();
  }

  static String unescape(String field) {
    StringBuilder b = new StringBuilder(field.length());
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\' && isOctal(field, i + 1)) {
        b.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static boolean isOctal(String s, int from) {
    if (from + 3 > s.length()) {
      return false;
    }
    for (int i = from; i < from + 3; i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '7') {
        return false;
      }
    }
    return true;
  }
}
