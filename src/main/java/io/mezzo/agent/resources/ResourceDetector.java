package io.mezzo.agent.resources;

import io.mezzo.core.resources.Attributes;
import io.mezzo.core.resources.Range;
import io.mezzo.core.resources.Resources;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Works out an agent's resources as Mesos does (MESOS-API.md §6.1): every name given in the {@code
 * --resources}-style flag is taken as given (all its roles); each of {@code cpus}, {@code mem},
 * {@code disk}, {@code ports} the flag does not mention is detected:
 *
 * <ul>
 *   <li>{@code cpus} = CPUs online (fallback 1);
 *   <li>{@code mem} = RAM − 1 GB if RAM ≥ 2 GB, else half of it, in MB (fallback 1 GB);
 *   <li>{@code disk} = size of the work dir's filesystem − 5 GB if ≥ 10 GB, else half, in MB
 *       (fallback 10 GB);
 *   <li>{@code ports} = {@code [31000-32000]}.
 * </ul>
 *
 * Attributes come from the {@code --attributes}-style flag only. Stateless; reads the host through
 * a {@link HostProbe}.
 *
 * <p>What the host cannot back: {@code gpus} above 0 is refused, because Mezzo has no GPU support
 * (Mesos too refuses {@code gpus} unless its {@code gpu/nvidia} isolator is on). {@code cpus},
 * {@code mem} and {@code disk} above what the host has are allowed, as Mesos takes {@code
 * --resources} as given so operators can over-declare; {@link #overDeclared} names them for a
 * warning.
 */
public final class ResourceDetector {
  static final long MB = 1024L * 1024;
  static final Range DEFAULT_PORTS = new Range(31000, 32000);

  private final HostProbe host;

  public ResourceDetector(HostProbe host) {
    this.host = host;
  }

  /**
   * @param workDir the agent's work dir (its filesystem sizes {@code disk})
   * @param resourcesFlag e.g. {@code cpus:4;mem:8192;ports:[31000-32000]}; null or empty detects
   *     all
   * @param attributesFlag e.g. {@code rack:a;dc:east}; null or empty means none
   * @throws IllegalArgumentException naming the bad entry of a flag
   */
  public AgentResources detect(Path workDir, String resourcesFlag, String attributesFlag) {
    Resources given = Resources.parse(resourcesFlag == null ? "" : resourcesFlag);
    requireBackable(given);
    Attributes attributes = Attributes.parse(attributesFlag == null ? "" : attributesFlag);
    Set<String> names = given.names();
    Set<String> detected = new LinkedHashSet<>();
    Resources.Builder b = Resources.builder().add(given);
    if (!names.contains("cpus")) {
      int cpus = host.onlineCpus();
      b.scalar("cpus", cpus > 0 ? cpus : 1);
      detected.add("cpus");
    }
    if (!names.contains("mem")) {
      b.scalar("mem", memMb(host.memoryBytes()));
      detected.add("mem");
    }
    if (!names.contains("disk")) {
      b.scalar("disk", diskMb(host.filesystemBytes(workDir)));
      detected.add("disk");
    }
    if (!names.contains("ports")) {
      b.ranges("ports", DEFAULT_PORTS);
      detected.add("ports");
    }
    return new AgentResources(b.build(), attributes, detected);
  }

  /**
   * Refuses declared resources no host can back: {@code gpus} above 0, as Mezzo has no GPU support.
   *
   * @throws IllegalArgumentException saying which and why
   */
  public static void requireBackable(Resources given) {
    double gpus = given.scalar("gpus");
    if (gpus > 0) {
      throw new IllegalArgumentException(
          "gpus:"
              + format(gpus)
              + " cannot be backed: Mezzo has no GPU support; remove gpus or declare gpus:0");
    }
  }

  /**
   * The scalars the flag declares beyond what the host has, as {@code cpus:64 (2 online)}; empty if
   * none or if the host cannot tell. Mesos allows this, so callers only warn.
   *
   * @throws IllegalArgumentException naming the bad entry of the flag
   */
  public List<String> overDeclared(Path workDir, String resourcesFlag) {
    Resources given = Resources.parse(resourcesFlag == null ? "" : resourcesFlag);
    List<String> out = new ArrayList<>();
    Set<String> names = given.names();
    int cpus = host.onlineCpus();
    if (names.contains("cpus") && cpus > 0 && given.scalar("cpus") > cpus) {
      out.add("cpus:" + format(given.scalar("cpus")) + " (" + cpus + " online)");
    }
    long memMb = host.memoryBytes() / MB;
    if (names.contains("mem") && memMb > 0 && given.scalar("mem") > memMb) {
      out.add("mem:" + format(given.scalar("mem")) + " (" + memMb + " MB of RAM)");
    }
    long diskMb = host.filesystemBytes(workDir) / MB;
    if (names.contains("disk") && diskMb > 0 && given.scalar("disk") > diskMb) {
      out.add("disk:" + format(given.scalar("disk")) + " (" + diskMb + " MB in the file system)");
    }
    return out;
  }

  private static String format(double value) {
    return value == Math.rint(value)
        ? Long.toString((long) value)
        : String.format(Locale.ROOT, "%.3f", value).replaceAll("0+$", "");
  }

  static long memMb(long bytes) {
    long mb = bytes / MB;
    if (mb <= 0) {
      return 1024;
    }
    return mb >= 2048 ? mb - 1024 : mb / 2;
  }

  static long diskMb(long bytes) {
    long mb = bytes / MB;
    if (mb <= 0) {
      return 10240;
    }
    return mb >= 10240 ? mb - 5120 : mb / 2;
  }
}
