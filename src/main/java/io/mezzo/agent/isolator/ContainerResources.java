package io.mezzo.agent.isolator;

import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What isolators read from a container's resources: the sums of its scalars and its port ranges.
 */
public final class ContainerResources {
  private ContainerResources() {}

  /** The sum of the scalar resource {@code name}, or empty if the container has none. */
  public static Optional<Double> scalar(List<Resource> resources, String name) {
    double sum = 0;
    boolean found = false;
    for (Resource r : resources) {
      if (name.equals(r.name()) && r.scalar() != null && r.scalar().value() != null) {
        sum += r.scalar().value();
        found = true;
      }
    }
    return found ? Optional.of(sum) : Optional.empty();
  }

  /** The container's {@code ports} ranges, as {@code [begin, end]} pairs. */
  public static List<long[]> ports(List<Resource> resources) {
    List<long[]> out = new ArrayList<>();
    for (Resource r : resources) {
      if ("ports".equals(r.name()) && r.ranges() != null && r.ranges().range() != null) {
        for (Value.Range range : r.ranges().range()) {
          if (range.begin() != null && range.end() != null) {
            out.add(new long[] {range.begin(), range.end()});
          }
        }
      }
    }
    return out;
  }

  /** Megabytes as Mesos counts them (MiB) to bytes. */
  public static long megabytes(double mb) {
    return (long) (mb * 1024 * 1024);
  }

  /** "64 MB", "1.5 MB": bytes in Mesos's megabytes, for messages. */
  public static String formatMegabytes(long bytes) {
    double mb = bytes / (1024.0 * 1024.0);
    return (mb == Math.rint(mb) ? Long.toString((long) mb) : String.format("%.1f", mb)) + " MB";
  }
}
