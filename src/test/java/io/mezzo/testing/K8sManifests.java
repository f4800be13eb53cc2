package io.mezzo.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The Kubernetes manifests of {@code k8s/}, parsed with fabric8's model: every {@code *.yaml} but
 * {@code kustomization.yaml} as Kubernetes resources (several documents per file allowed), the
 * kustomization as a plain YAML tree (it is not an API object).
 */
public final class K8sManifests {
  public static final String KUSTOMIZATION = "kustomization.yaml";

  private final Path dir;
  private final Map<String, List<HasMetadata>> byFile;
  private final JsonNode kustomization;

  /** A pod template with the workload that owns it. */
  public record Workload(
      HasMetadata owner, Map<String, String> selector, PodTemplateSpec template) {
    public String name() {
      return owner.getKind() + "/" + owner.getMetadata().getName();
    }

    public List<Container> containers() {
      return template.getSpec().getContainers();
    }
  }

  private K8sManifests(Path dir, Map<String, List<HasMetadata>> byFile, JsonNode kustomization) {
    this.dir = dir;
    this.byFile = byFile;
    this.kustomization = kustomization;
  }

  /**
   * Parses every manifest in {@code dir}.
   *
   * @throws IllegalArgumentException naming the file that is not a Kubernetes resource
   */
  public static K8sManifests load(Path dir) {
    KubernetesSerialization serialization = new KubernetesSerialization();
    Map<String, List<HasMetadata>> byFile = new LinkedHashMap<>();
    JsonNode kustomization = null;
    for (Path file : yamlFiles(dir)) {
      String name = file.getFileName().toString();
      try (InputStream in = Files.newInputStream(file)) {
        if (name.equals(KUSTOMIZATION)) {
          kustomization = new ObjectMapper(new YAMLFactory()).readTree(in);
        } else {
          byFile.put(name, resources(serialization.unmarshal(in), name));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            file + " does not parse as Kubernetes resources: " + e, e);
      }
    }
    return new K8sManifests(dir, byFile, kustomization);
  }

  private static List<HasMetadata> resources(Object parsed, String file) {
    List<HasMetadata> out = new ArrayList<>();
    if (parsed instanceof KubernetesList list) {
      out.addAll(list.getItems());
    } else if (parsed instanceof List<?> list) {
      list.stream().filter(Objects::nonNull).forEach(o -> out.addAll(resources(o, file)));
    } else if (parsed instanceof HasMetadata resource) {
      out.add(resource);
    } else {
      throw new IllegalArgumentException(file + " holds " + parsed + ", not a Kubernetes resource");
    }
    return out;
  }

  private static List<Path> yamlFiles(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  public Path dir() {
    return dir;
  }

  /** Resources by file name (without the kustomization), in file order. */
  public Map<String, List<HasMetadata>> byFile() {
    return byFile;
  }

  /** The kustomization's YAML tree, or null if there is none. */
  public JsonNode kustomization() {
    return kustomization;
  }

  public List<HasMetadata> all() {
    return byFile.values().stream().flatMap(List::stream).toList();
  }

  public <T extends HasMetadata> List<T> ofKind(Class<T> kind) {
    return all().stream().filter(kind::isInstance).map(kind::cast).toList();
  }

  /** Every StatefulSet, DaemonSet and Deployment with its selector and pod template. */
  public List<Workload> workloads() {
    List<Workload> out = new ArrayList<>();
    for (HasMetadata r : all()) {
      if (r instanceof StatefulSet s) {
        out.add(
            new Workload(s, s.getSpec().getSelector().getMatchLabels(), s.getSpec().getTemplate()));
      } else if (r instanceof DaemonSet d) {
        out.add(
            new Workload(d, d.getSpec().getSelector().getMatchLabels(), d.getSpec().getTemplate()));
      } else if (r instanceof Deployment d) {
        out.add(
            new Workload(d, d.getSpec().getSelector().getMatchLabels(), d.getSpec().getTemplate()));
      }
    }
    return out;
  }

  /** The HTTP paths of every probe of every container, sorted. */
  public List<String> probePaths() {
    TreeSet<String> paths = new TreeSet<>();
    for (Workload w : workloads()) {
      for (Container c : w.containers()) {
        for (Probe p : probes(c)) {
          if (p.getHttpGet() != null) {
            paths.add(p.getHttpGet().getPath());
          }
        }
      }
    }
    return List.copyOf(paths);
  }

  /** A container's startup, readiness and liveness probes, those it has. */
  public static List<Probe> probes(Container c) {
    return Stream.of(c.getStartupProbe(), c.getReadinessProbe(), c.getLivenessProbe())
        .filter(Objects::nonNull)
        .toList();
  }
}
