package io.mezzo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.mezzo.testing.K8sManifests;
import io.mezzo.testing.K8sManifests.Workload;
import io.mezzo.testing.MezzoConfigKeys;
import io.mezzo.testing.MezzoConfigKeys.Effective;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Holds {@code k8s/secure/} (the base with HTTPS and authentication from two Secrets) to the code:
 * its patches name workloads and containers of {@code k8s/base/}; each pod, with the patch applied
 * as kustomize's strategic merge does it (env and mounts by name), reads the security settings
 * through {@code QUARKUS_CONFIG_LOCATIONS} from the ConfigMap it mounts, and those settings convert
 * for the pod's role; every file they name is in a mounted Secret with that key; HTTPS replaces
 * plain HTTP on the same ports, so every probe says HTTPS and agents reach the master over https;
 * the master stays the image's unprivileged user, able to read its Secrets.
 */
class KubernetesSecureOverlayTest {
  static final Path BASE = Path.of("k8s", "base");
  static final Path SECURE = Path.of("k8s", "secure");

  /** The Secrets the overlay expects and the keys each holds (kubernetes.io/tls for mezzo-tls). */
  static final Map<String, Set<String>> SECRETS =
      Map.of(
          "mezzo-tls", Set.of("tls.crt", "tls.key", "ca.crt"),
          "mezzo-credentials", Set.of("credentials.json", "agent-credential"));

  static K8sManifests base;
  static JsonNode kustomization;
  static Map<String, List<HasMetadata>> overlay = new LinkedHashMap<>();

  @BeforeAll
  static void load() throws IOException {
    base = K8sManifests.load(BASE);
    KubernetesSerialization k8s = new KubernetesSerialization();
    try (Stream<Path> files = Files.list(SECURE)) {
      for (Path f : files.sorted().toList()) {
        String name = f.getFileName().toString();
        try (InputStream in = Files.newInputStream(f)) {
          if (name.equals(K8sManifests.KUSTOMIZATION)) {
            kustomization = new ObjectMapper(new YAMLFactory()).readTree(in);
          } else {
            overlay.put(name, List.of((HasMetadata) k8s.unmarshal(in)));
          }
        }
      }
    }
  }

  @Test
  void theTopLevelIsTheBaseAndTheOverlayListsEveryFile() throws IOException {
    JsonNode top =
        new ObjectMapper(new YAMLFactory()).readTree(Path.of("k8s", "kustomization.yaml").toFile());
    assertThat(top.path("resources").toString()).isEqualTo("[\"base\"]");

    List<String> listed = new ArrayList<>();
    kustomization.path("resources").forEach(r -> listed.add(r.asText()));
    kustomization.path("patches").forEach(p -> listed.add(p.path("path").asText()));
    assertThat(listed).contains("../base");
    assertThat(listed).containsAll(overlay.keySet());
    assertThat(kustomization.path("namespace").asText())
        .isEqualTo(base.kustomization().path("namespace").asText());
  }

  @Test
  void everyPatchNamesAWorkloadAndContainerOfTheBase() {
    List<String> patched = new ArrayList<>();
    for (HasMetadata patch : patches()) {
      Workload w = baseWorkload(patch);
      for (Container c : patchPod(patch).getContainers()) {
        assertThat(w.containers())
            .extracting(Container::getName)
            .as("containers of %s", w.name())
            .contains(c.getName());
      }
      patched.add(patch.getKind() + "/" + patch.getMetadata().getName());
    }
    assertThat(patched)
        .containsExactlyInAnyOrder("StatefulSet/mezzo-master", "DaemonSet/mezzo-agent");
  }

  @Test
  void eachPodReadsTheSecuritySettingsAndTheyConvertForItsRole() {
    for (HasMetadata patch : patches()) {
      Workload w = baseWorkload(patch);
      Container c = merged(w, patch);
      PodSpec pod = mergedPod(w, patch);
      Effective config = effective(c, pod);
      String role = patch instanceof DaemonSet ? "agent" : "master";
      assertThat(config.role()).isEqualTo(role);
      for (String key :
          List.of(
              "mezzo.security.authenticate-frameworks",
              "mezzo.security.authenticate-agents",
              "mezzo.security.authenticate-http-readonly",
              "mezzo.security.authenticate-http-readwrite")) {
        assertThat(config.value(key)).as("%s: %s", w.name(), key).isEqualTo("true");
      }
      assertThat(config.value("quarkus.http.insecure-requests")).isEqualTo("disabled");
      int port =
          c.getPorts().stream()
              .filter(p -> p.getName().equals("http"))
              .findFirst()
              .orElseThrow()
              .getContainerPort();
      assertThat(config.value("quarkus.http.ssl-port"))
          .as("%s serves HTTPS on the port its Service and probes use", w.name())
          .isEqualTo(Integer.toString(port));
    }
  }

  @Test
  void everyFileTheSettingsNameIsInAMountedSecretWithThatKey() {
    for (HasMetadata patch : patches()) {
      Workload w = baseWorkload(patch);
      Container c = merged(w, patch);
      PodSpec pod = mergedPod(w, patch);
      Map<String, String> settings = MezzoConfigKeys.properties(securityProperties());
      List<String> files = new ArrayList<>();
      settings.forEach(
          (key, value) -> {
            if (value.startsWith("/etc/mezzo/")) {
              files.add(value);
              Path file = Path.of(value);
              Volume v = volumeMountedAt(pod, c, file.getParent().toString());
              assertThat(v)
                  .as("%s: %s=%s is in a mounted volume", w.name(), key, value)
                  .isNotNull();
              assertThat(v.getSecret())
                  .as("%s: %s comes from a Secret", w.name(), value)
                  .isNotNull();
              assertThat(SECRETS.get(v.getSecret().getSecretName()))
                  .as("keys of Secret %s", v.getSecret().getSecretName())
                  .contains(file.getFileName().toString());
            }
          });
      assertThat(files)
          .as("the settings name the TLS and credential files")
          .hasSizeGreaterThanOrEqualTo(5);
      for (VolumeMount m : patchPod(patch).getContainers().get(0).getVolumeMounts()) {
        assertThat(m.getReadOnly())
            .as("%s mounts %s read-only", w.name(), m.getMountPath())
            .isTrue();
      }
    }
  }

  @Test
  void probesSayHttpsAndAgentsReachTheMasterOverHttps() {
    for (HasMetadata patch : patches()) {
      Workload w = baseWorkload(patch);
      Container patchContainer = patchPod(patch).getContainers().get(0);
      Container baseContainer = w.containers().get(0);
      assertThat(K8sManifests.probes(patchContainer))
          .as("%s: a probe for each of the base's", w.name())
          .hasSameSizeAs(K8sManifests.probes(baseContainer));
      for (Probe p : K8sManifests.probes(patchContainer)) {
        assertThat(p.getHttpGet().getScheme()).isEqualTo("HTTPS");
      }
    }
    Container agent = merged(baseWorkload(patch(DaemonSet.class)), patch(DaemonSet.class));
    Map<String, String> env = env(agent);
    assertThat(env.get("MEZZO_MASTER")).isEqualTo("https://mezzo-master:5050");
    assertThat(env.get("MEZZO_AGENT_ADVERTISE_URL")).startsWith("https://").endsWith(":5051");
  }

  @Test
  void theMasterStaysUnprivilegedAndCanReadItsSecrets() {
    StatefulSet patch = patch(StatefulSet.class);
    assertThat(patch.getSpec().getTemplate().getSpec().getSecurityContext())
        .as("the overlay keeps the base's non-root pod")
        .isNull();
    assertThat(patch.getSpec().getTemplate().getSpec().getContainers().get(0).getSecurityContext())
        .isNull();
    PodSpec basePod = baseWorkload(patch).template().getSpec();
    assertThat(basePod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(basePod.getSecurityContext().getFsGroup()).isNotNull();
    for (Volume v : patch.getSpec().getTemplate().getSpec().getVolumes()) {
      if (v.getSecret() != null) {
        assertThat(v.getSecret().getDefaultMode() & 0040)
            .as("%s is readable by the fsGroup the master runs in", v.getName())
            .isEqualTo(0040);
        assertThat(v.getSecret().getDefaultMode() & 0007)
            .as("%s: not world-readable", v.getName())
            .isZero();
      }
    }
  }

  // ---- the overlay, merged as kustomize's strategic merge patch merges these fields ----

  private static List<HasMetadata> patches() {
    List<String> paths = new ArrayList<>();
    kustomization.path("patches").forEach(p -> paths.add(p.path("path").asText()));
    return paths.stream().map(p -> overlay.get(p).get(0)).toList();
  }

  private static <T extends HasMetadata> T patch(Class<T> kind) {
    return patches().stream().filter(kind::isInstance).map(kind::cast).findFirst().orElseThrow();
  }

  private static PodSpec patchPod(HasMetadata patch) {
    return patch instanceof StatefulSet s
        ? s.getSpec().getTemplate().getSpec()
        : ((DaemonSet) patch).getSpec().getTemplate().getSpec();
  }

  private static Workload baseWorkload(HasMetadata patch) {
    return base.workloads().stream()
        .filter(
            w ->
                w.owner().getKind().equals(patch.getKind())
                    && w.owner().getMetadata().getName().equals(patch.getMetadata().getName()))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "no "
                        + patch.getKind()
                        + " "
                        + patch.getMetadata().getName()
                        + " in k8s/base"));
  }

  /** The base's container with the patch's env (by name) and mounts added. */
  private static Container merged(Workload w, HasMetadata patch) {
    Container p = patchPod(patch).getContainers().get(0);
    Container b =
        w.containers().stream()
            .filter(c -> c.getName().equals(p.getName()))
            .findFirst()
            .orElseThrow();
    Container out = new KubernetesSerialization().clone(b);
    List<EnvVar> env = new ArrayList<>(out.getEnv());
    for (EnvVar v : p.getEnv()) {
      int at = -1;
      for (int i = 0; i < env.size(); i++) {
        if (env.get(i).getName().equals(v.getName())) {
          at = i;
        }
      }
      if (at >= 0) {
        env.set(at, v);
      } else {
        env.add(v);
      }
    }
    out.setEnv(env);
    List<VolumeMount> mounts = new ArrayList<>(out.getVolumeMounts());
    mounts.addAll(p.getVolumeMounts());
    out.setVolumeMounts(mounts);
    return out;
  }

  private static PodSpec mergedPod(Workload w, HasMetadata patch) {
    PodSpec pod = new KubernetesSerialization().clone(w.template().getSpec());
    List<Volume> volumes = new ArrayList<>(pod.getVolumes());
    volumes.addAll(patchPod(patch).getVolumes());
    pod.setVolumes(volumes);
    return pod;
  }

  private static Map<String, String> env(Container c) {
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvVar v : c.getEnv()) {
      env.put(v.getName(), v.getValue() == null ? "" : v.getValue());
    }
    return env;
  }

  private static String securityProperties() {
    ConfigMap cm = (ConfigMap) overlay.get("security-config.yaml").get(0);
    return cm.getData().get("security.properties");
  }

  /**
   * The pod's configuration: the base's application.properties and, through
   * QUARKUS_CONFIG_LOCATIONS, the security ConfigMap's file, which must be the one mounted there.
   */
  private static Effective effective(Container c, PodSpec pod) {
    Map<String, String> env = env(c);
    Path location = Path.of(env.getOrDefault("QUARKUS_CONFIG_LOCATIONS", "(unset)"));
    Volume v = volumeMountedAt(pod, c, location.getParent().toString());
    assertThat(v).as("QUARKUS_CONFIG_LOCATIONS %s is in a mounted volume", location).isNotNull();
    assertThat(v.getConfigMap()).isNotNull();
    ConfigMap cm = (ConfigMap) overlay.get("security-config.yaml").get(0);
    assertThat(v.getConfigMap().getName()).isEqualTo(cm.getMetadata().getName());
    assertThat(cm.getData()).containsKey(location.getFileName().toString());
    String baseProperties =
        base.ofKind(ConfigMap.class).get(0).getData().getOrDefault("application.properties", "");
    Map<String, String> plainEnv = new LinkedHashMap<>(env);
    plainEnv.remove("QUARKUS_CONFIG_LOCATIONS"); // stands for the file, given as properties here
    plainEnv.replaceAll((k, val) -> val.replace("$(POD_IP)", "192.0.2.10"));
    return MezzoConfigKeys.effective(plainEnv, baseProperties + "\n" + securityProperties());
  }

  private static Volume volumeMountedAt(PodSpec pod, Container c, String path) {
    return c.getVolumeMounts().stream()
        .filter(m -> m.getMountPath().equals(path))
        .findFirst()
        .flatMap(
            m -> pod.getVolumes().stream().filter(x -> x.getName().equals(m.getName())).findFirst())
        .orElse(null);
  }
}
