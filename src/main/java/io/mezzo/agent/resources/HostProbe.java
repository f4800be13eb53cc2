package io.mezzo.agent.resources;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@link ResourceDetector} asks of the host. A seam so tests can describe any machine; {@link
 * #system()} reads the real one. Each method answers 0 when it cannot tell, and the detector then
 * uses Mesos's fallback.
 */
public interface HostProbe {

  /** CPUs online now. */
  int onlineCpus();

  /** Physical memory in bytes. */
  long memoryBytes();

  /**
   * Total size in bytes of the filesystem that holds {@code dir} (or its nearest existing parent).
   */
  long filesystemBytes(Path dir);

  /**
   * The real host: {@code /sys/devices/system/cpu/online} (as {@code
   * sysconf(_SC_NPROCESSORS_ONLN)}) falling back to the JVM's view, {@code MemTotal} of {@code
   * /proc/meminfo} falling back to the JVM's view, and the file store of the work dir.
   */
  static HostProbe system() {
    return new HostProbe() {
      @Override
      public int onlineCpus() {
        try {
          return countCpuList(Files.readString(Path.of("/sys/devices/system/cpu/online")));
        } catch (IOException | RuntimeException e) {
          return Runtime.getRuntime().availableProcessors();
        }
      }

      @Override
      public long memoryBytes() {
        try {
          for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
              String[] parts = line.substring("MemTotal:".length()).strip().split("\\s+");
              return Long.parseLong(parts[0]) * 1024;
            }
          }
        } catch (IOException | RuntimeException e) {
          // Fall through to the JVM's view.
        }
        if (ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.OperatingSystemMXBean os) {
          return os.getTotalMemorySize();
        }
        return 0;
      }

      @Override
      public long filesystemBytes(Path dir) {
        Path p = dir.toAbsolutePath();
        while (p != null && !Files.exists(p)) {
          p = p.getParent();
        }
        try {
          return p == null ? 0 : Files.getFileStore(p).getTotalSpace();
        } catch (IOException e) {
          return 0;
        }
      }
    };
  }

  /** Counts a kernel CPU list such as {@code 0-3,8,10-11}. */
  static int countCpuList(String list) {
    int n = 0;
    for (String part : List.of(list.strip().split(","))) {
      if (part.isBlank()) {
        continue;
      }
      int dash = part.indexOf('-');
      n +=
          dash < 0
              ? 1
              : Integer.parseInt(part.substring(dash + 1).strip())
                  - Integer.parseInt(part.substring(0, dash).strip())
                  + 1;
    }
    return n;
  }
}
