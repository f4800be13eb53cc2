package io.mezzo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.mezzo.testing.DockerfileFacts;
import io.mezzo.testing.K8sManifests;
import io.mezzo.testing.K8sManifests.Workload;
import io.mezzo.testing.MezzoConfigKeys;
import io.mezzo.testing.MezzoConfigKeys.Effective;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Holds {@code k8s/} to the application and the image without a cluster: every manifest parsed with
 * fabric8's model, then checked against the config mappings (every key a pod sets exists and its
 * value converts for the pod's role), the health endpoints and HTTP port of each role, the image's
 * user, working directory and volume, and what the isolators need of the agent. The image IT GETs
 * every probe path found here on the running image.
 */
class KubernetesManifestTest {
  static final Path K8S = Path.of("k8s", "base");
  static final Path DOCKERFILE = Path.of("src/main/docker/Dockerfile.jvm");
  static final String CGROUP_ROOT = "/sys/fs/cgroup";

  /** Sample values for downward-API fields, so dependent variables can be expanded. */
  static final Map<String, String> FIELD_SAMPLES =
      Map.of("status.podIP", "192.0.2.10", "spec.nodeName", "node-1", "metadata.name", "pod-1");

  static K8sManifests manifests;
  static DockerfileFacts image;

  @BeforeAll
  static void load() {
    manifests = K8sManifests.load(K8S);
    image = DockerfileFacts.read(DOCKERFILE);
  }

  @Test
  void kustomizationListsEveryManifestAndEveryImage() throws Exception {
    JsonNode k = manifests.kustomization();
    assertThat(k).as("k8s/kustomization.yaml").isNotNull();
    List<String> listed = new ArrayList<>();
    k.path("resources").forEach(r -> listed.add(r.asText()));
    assertThat(listed).containsExactlyInAnyOrderElementsOf(manifests.byFile().keySet());
    try (Stream<Path> files = Files.list(K8S)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .as("only YAML manifests in k8s/")
          .allMatch(f -> f.endsWith(".yaml"));
    }

    Set<String> imageNames = new TreeSet<>();
    k.path("images").forEach(i -> imageNames.add(i.path("name").asText()));
    for (Workload w : manifests.workloads()) {
      for (Container c : w.containers()) {
        assertThat(imageNames)
            .as("kustomization images for %s", w.name())
            .contains(c.getImage().split(":")[0]);
        assertThat(c.getImagePullPolicy())
            .as("%s: a locally loaded image must do", w.name())
            .isEqualTo("IfNotPresent");
      }
    }

    String namespace = k.path("namespace").asText();
    assertThat(manifests.ofKind(Namespace.class))
        .extracting(n -> n.getMetadata().getName())
        .containsExactly(namespace);
  }

  @Test
  void manifestsHoldOnlyFieldsTheKubernetesApiKnows() {
    // fabric8 keeps unknown fields aside instead of failing, so a misspelt field would silently do
    // nothing on a cluster; look for any.
    List<String> unknown = new ArrayList<>();
    manifests
        .byFile()
        .forEach(
            (file, resources) ->
                resources.forEach(
                    r ->
                        unknownFields(
                            r,
                            file + ":" + r.getKind() + "/" + r.getMetadata().getName(),
                            unknown)));
    assertThat(unknown).isEmpty();
  }

  @Test
  void selectorsMatchTheirPodTemplatesAndServicesSelectPodsThatExist() {
    assertThat(manifests.workloads())
        .extracting(Workload::name)
        .containsExactlyInAnyOrder("StatefulSet/mezzo-master", "DaemonSet/mezzo-agent");
    for (Workload w : manifests.workloads()) {
      assertThat(w.selector()).as("%s selector", w.name()).isNotEmpty();
      assertThat(w.template().getMetadata().getLabels())
          .as("%s template labels", w.name())
          .containsAllEntriesOf(w.selector());
    }
    for (Service s : manifests.ofKind(Service.class)) {
      List<Workload> selected = selectedBy(s);
      assertThat(selected)
          .as("pods selected by Service %s", s.getMetadata().getName())
          .isNotEmpty();
      for (ServicePort port : s.getSpec().getPorts()) {
        for (Workload w : selected) {
          assertThat(
                  containerPort(
                      w,
                      port.getTargetPort().getStrVal() != null
                          ? port.getTargetPort().getStrVal()
                          : port.getTargetPort().getIntVal().toString()))
              .as(
                  "Service %s targetPort %s in %s",
                  s.getMetadata().getName(), port.getTargetPort(), w.name())
              .isPresent();
        }
      }
    }
    StatefulSet master = manifests.ofKind(StatefulSet.class).get(0);
    Service governing = service(master.getSpec().getServiceName());
    assertThat(governing.getSpec().getClusterIP())
        .as("the StatefulSet's governing Service is headless")
        .isEqualTo("None");
    assertThat(selectedBy(governing))
        .extracting(Workload::name)
        .contains("StatefulSet/mezzo-master");
  }

  @Test
  void probesUseTheAppsHealthEndpointsOnTheRolesHttpPort() {
    Map<String, String> health = MezzoConfigKeys.healthPaths();
    for (Workload w : manifests.workloads()) {
      for (Container c : w.containers()) {
        Effective config = effective(w, c);
        assertThat(c.getReadinessProbe()).as("%s readiness probe", w.name()).isNotNull();
        assertThat(c.getLivenessProbe()).as("%s liveness probe", w.name()).isNotNull();
        assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo(health.get("ready"));
        assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo(health.get("live"));
        for (Probe p : K8sManifests.probes(c)) {
          assertThat(p.getHttpGet()).as("%s probes are HTTP", w.name()).isNotNull();
          assertThat(health).as("%s probe path", w.name()).containsValue(p.getHttpGet().getPath());
          ContainerPort port =
              containerPort(w, p.getHttpGet().getPort().getStrVal())
                  .orElseThrow(
                      () ->
                          new AssertionError(
                              w.name()
                                  + " probe port "
                                  + p.getHttpGet().getPort()
                                  + " is no container port"));
          assertThat(port.getContainerPort())
              .as("%s: the probe's port is quarkus.http.port of role %s", w.name(), config.role())
              .isEqualTo(config.httpPort());
        }
      }
    }
  }

  @Test
  void everyEnvironmentVariableAndConfigMapKeyIsARealConfigKey() {
    Set<String> keys = MezzoConfigKeys.mappedKeys();
    assertThat(keys)
        .as("keys collected from the @ConfigMapping interfaces")
        .contains(
            "mezzo.work-dir",
            "mezzo.master",
            "mezzo.agent.advertise-url",
            "mezzo.master.offer-timeout",
            "mezzo.allocator.sorter");
    Set<String> allowedKeys = new TreeSet<>(keys);
    allowedKeys.addAll(MezzoConfigKeys.QUARKUS_KEYS);
    Set<String> allowedEnv = new TreeSet<>(MezzoConfigKeys.IMAGE_VARIABLES);
    allowedKeys.forEach(key -> allowedEnv.add(MezzoConfigKeys.envName(key)));

    for (ConfigMap cm : manifests.ofKind(ConfigMap.class)) {
      for (String key :
          MezzoConfigKeys.properties(cm.getData().get("application.properties")).keySet()) {
        assertThat(allowedKeys)
            .as("ConfigMap %s key %s", cm.getMetadata().getName(), key)
            .contains(MezzoConfigKeys.withoutProfile(key));
      }
    }
    for (Workload w : manifests.workloads()) {
      for (Container c : w.containers()) {
        List<EnvVar> env = c.getEnv();
        for (EnvVar v : env) {
          boolean helper =
              env.stream()
                  .anyMatch(
                      o -> o.getValue() != null && o.getValue().contains("$(" + v.getName() + ")"));
          if (!helper) {
            assertThat(allowedEnv).as("%s env %s", w.name(), v.getName()).contains(v.getName());
          }
        }
      }
    }
    for (String name : image.env().keySet()) {
      assertThat(allowedEnv).as("Dockerfile ENV %s", name).contains(name);
    }
    for (String variable : MezzoConfigKeys.IMAGE_VARIABLES) {
      assertThat(image.entrypoint())
          .as("the entrypoint uses %s", variable)
          .contains("$" + variable);
    }
  }

  @Test
  void everyPodsConfigurationConvertsForItsRole() {
    for (Workload w : manifests.workloads()) {
      for (Container c : w.containers()) {
        // effective() builds the role's config with every mapping and unknown keys refused.
        Effective config = effective(w, c);
        String expected = w.owner() instanceof DaemonSet ? "agent" : "master";
        assertThat(config.role()).as("%s runs as", w.name()).isEqualTo(expected);
        assertThat(config.mezzo().workDir()).isEqualTo(image.env().get("MEZZO_WORK_DIR"));
      }
    }
  }

  @Test
  void agentIsPrivilegedRootWithTheHostsCgroupsAndAHostWorkDir() {
    Workload agent = workload(DaemonSet.class);
    PodSpec pod = agent.template().getSpec();
    Container c = agent.containers().get(0);
    SecurityContext sc = c.getSecurityContext();
    assertThat(sc.getPrivileged()).as("cgroups isolators need a privileged agent").isTrue();
    assertThat(runAsUser(sc, pod.getSecurityContext())).as("the agent runs as root").isEqualTo(0L);

    Volume cgroups = mountedVolume(pod, c, CGROUP_ROOT);
    assertThat(cgroups.getHostPath()).as("%s from the host", CGROUP_ROOT).isNotNull();
    assertThat(cgroups.getHostPath().getPath()).isEqualTo(CGROUP_ROOT);
    assertThat(mount(c, CGROUP_ROOT).getReadOnly())
        .as("cgroups are written")
        .isNotEqualTo(Boolean.TRUE);

    Effective config = effective(agent, c);
    Volume work = mountedVolume(pod, c, config.mezzo().workDir());
    assertThat(work.getHostPath()).as("the work dir survives the pod: a hostPath").isNotNull();
    assertThat(work.getHostPath().getType()).isEqualTo("DirectoryOrCreate");

    assertThat(pod.getHostNetwork()).as("task ports are host ports").isTrue();
    assertThat(pod.getDnsPolicy())
        .as("Service names resolve on the host network")
        .isEqualTo("ClusterFirstWithHostNet");
    assertThat(pod.getShareProcessNamespace()).as("a PID 1 that reaps orphaned tasks").isTrue();

    EnvVar podIp =
        c.getEnv().stream()
            .filter(
                v ->
                    v.getValueFrom() != null
                        && v.getValueFrom().getFieldRef() != null
                        && "status.podIP".equals(v.getValueFrom().getFieldRef().getFieldPath()))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no env var from status.podIP"));
    assertThat(c.getEnv()).extracting(EnvVar::getName).contains(podIp.getName());
    assertThat(config.value("mezzo.agent.advertise-url"))
        .as("advertised at the pod IP on the agent's port")
        .isEqualTo("http://" + FIELD_SAMPLES.get("status.podIP") + ":" + config.httpPort());
  }

  @Test
  void masterRunsAsTheImagesUserWithItsWorkDirOnAClaim() {
    StatefulSet set = manifests.ofKind(StatefulSet.class).get(0);
    assertThat(set.getSpec().getReplicas()).as("one master until ZooKeeper HA exists").isEqualTo(1);
    Workload master = workload(StatefulSet.class);
    PodSpec pod = master.template().getSpec();
    Container c = master.containers().get(0);
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(runAsUser(c.getSecurityContext(), pod.getSecurityContext())).isEqualTo(image.uid());
    assertThat(pod.getSecurityContext().getFsGroup())
        .as("the claim is writable by that user")
        .isEqualTo(image.uid());
    assertThat(c.getSecurityContext().getPrivileged()).isNotEqualTo(Boolean.TRUE);
    assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();

    Effective config = effective(master, c);
    VolumeMount work = mount(c, config.mezzo().workDir());
    assertThat(set.getSpec().getVolumeClaimTemplates())
        .extracting(p -> p.getMetadata().getName())
        .as("the work dir %s is a PersistentVolumeClaim", config.mezzo().workDir())
        .contains(work.getName());
    if (Boolean.TRUE.equals(c.getSecurityContext().getReadOnlyRootFilesystem())) {
      assertThat(mountedVolume(pod, c, "/tmp").getEmptyDir()).as("a writable /tmp").isNotNull();
    }
  }

  @Test
  void agentsFindTheMasterThroughItsService() {
    Workload agent = workload(DaemonSet.class);
    Effective config = effective(agent, agent.containers().get(0));
    String masters =
        config.mezzo().master().orElseThrow(() -> new AssertionError("agent without mezzo.master"));
    for (String url : masters.split(",")) {
      URI uri = URI.create(url.strip());
      Service s = service(uri.getHost().split("\\.")[0]);
      assertThat(s.getSpec().getPorts())
          .extracting(ServicePort::getPort)
          .as("port of %s in Service %s", url, s.getMetadata().getName())
          .contains(uri.getPort());
      assertThat(selectedBy(s))
          .as("Service %s selects masters", s.getMetadata().getName())
          .allSatisfy(
              w -> assertThat(effective(w, w.containers().get(0)).role()).isEqualTo("master"));
    }
  }

  @Test
  void everyContainerHasRequestsWithinLimits() {
    for (Workload w : manifests.workloads()) {
      for (Container c : w.containers()) {
        Map<String, Quantity> requests = c.getResources().getRequests();
        Map<String, Quantity> limits = c.getResources().getLimits();
        for (String r : List.of("cpu", "memory")) {
          assertThat(requests).as("%s requests", w.name()).containsKey(r);
          assertThat(limits).as("%s limits", w.name()).containsKey(r);
          assertThat(requests.get(r).getNumericalAmount())
              .as("%s %s request <= limit", w.name(), r)
              .isLessThanOrEqualTo(limits.get(r).getNumericalAmount());
        }
      }
    }
  }

  @Test
  void configMapIsMountedWhereTheImageReadsConfig() {
    String configDir = image.workdir() + "/config";
    Set<String> configMaps = new TreeSet<>();
    manifests.ofKind(ConfigMap.class).forEach(cm -> configMaps.add(cm.getMetadata().getName()));
    for (Workload w : manifests.workloads()) {
      PodSpec pod = w.template().getSpec();
      Container c = w.containers().get(0);
      Volume v = mountedVolume(pod, c, configDir);
      assertThat(v.getConfigMap()).as("%s: %s from a ConfigMap", w.name(), configDir).isNotNull();
      assertThat(configMaps).contains(v.getConfigMap().getName());
    }
  }

  // ---- helpers
  // -----------------------------------------------------------------------------------

  /** The container's configuration as its process would see it: image ENV, pod env, ConfigMap. */
  static Effective effective(Workload w, Container c) {
    Map<String, String> env = new java.util.LinkedHashMap<>(image.env());
    for (EnvVar v : c.getEnv()) {
      String value = v.getValue();
      if (value == null && v.getValueFrom() != null && v.getValueFrom().getFieldRef() != null) {
        value = FIELD_SAMPLES.getOrDefault(v.getValueFrom().getFieldRef().getFieldPath(), "x");
      }
      env.put(v.getName(), expand(value == null ? "" : value, env));
    }
    String properties = "";
    Volume config = mountedVolumeOrNull(w.template().getSpec(), c, image.workdir() + "/config");
    if (config != null && config.getConfigMap() != null) {
      ConfigMap cm =
          manifests.ofKind(ConfigMap.class).stream()
              .filter(m -> m.getMetadata().getName().equals(config.getConfigMap().getName()))
              .findFirst()
              .orElseThrow(
                  () -> new AssertionError(w.name() + " mounts a ConfigMap that is not in k8s/"));
      properties = cm.getData().getOrDefault("application.properties", "");
    }
    return MezzoConfigKeys.effective(env, properties);
  }

  /** Collects the paths of fields the model did not know, walking the model's getters. */
  static void unknownFields(Object o, String path, List<String> out) {
    if (o instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        unknownFields(list.get(i), path + "[" + i + "]", out);
      }
      return;
    }
    if (o instanceof Map<?, ?> map) {
      map.forEach((k, v) -> unknownFields(v, path + "." + k, out));
      return;
    }
    if (o == null || !o.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
      return;
    }
    for (java.lang.reflect.Method m : o.getClass().getMethods()) {
      if (m.getParameterCount() != 0
          || !m.getName().startsWith("get")
          || m.getDeclaringClass() == Object.class
          || m.getReturnType().isPrimitive()) {
        continue;
      }
      Object value;
      try {
        value = m.invoke(o);
      } catch (ReflectiveOperationException | RuntimeException e) {
        continue; // Derived getters (a Quantity's bytes of a CPU amount) may refuse; not fields.
      }
      if (m.getName().equals("getAdditionalProperties")) {
        if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
          out.add(path + ": " + extra.keySet());
        }
      } else {
        unknownFields(value, path + "." + m.getName().substring(3), out);
      }
    }
  }

  /** Kubernetes' $(VAR) expansion against variables defined earlier. */
  static String expand(String value, Map<String, String> earlier) {
    Matcher m = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)").matcher(value);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String v = earlier.get(m.group(1));
      assertThat(v).as("$(%s) is defined before its use", m.group(1)).isNotNull();
      m.appendReplacement(sb, Matcher.quoteReplacement(v));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  static List<Workload> selectedBy(Service s) {
    Map<String, String> selector = s.getSpec().getSelector();
    return manifests.workloads().stream()
        .filter(
            w -> w.template().getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
        .toList();
  }

  static Service service(String name) {
    return manifests.ofKind(Service.class).stream()
        .filter(s -> s.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no Service " + name + " in k8s/"));
  }

  static Workload workload(Class<? extends HasMetadata> kind) {
    return manifests.workloads().stream()
        .filter(w -> kind.isInstance(w.owner()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind.getSimpleName() + " in k8s/"));
  }

  static Optional<ContainerPort> containerPort(Workload w, String nameOrNumber) {
    return w.containers().stream()
        .flatMap(c -> c.getPorts().stream())
        .filter(
            p ->
                nameOrNumber.equals(p.getName())
                    || nameOrNumber.equals(String.valueOf(p.getContainerPort())))
        .findFirst();
  }

  static VolumeMount mount(Container c, String path) {
    return c.getVolumeMounts().stream()
        .filter(m -> m.getMountPath().equals(path))
        .findFirst()
        .orElseThrow(() -> new AssertionError(c.getName() + " mounts nothing at " + path));
  }

  static Volume mountedVolume(PodSpec pod, Container c, String path) {
    Volume v = mountedVolumeOrNull(pod, c, path);
    if (v == null) {
      VolumeMount m = mount(c, path);
      // A claim template's volume is not in the pod spec; callers that accept one check it
      // themselves.
      throw new AssertionError(
          "volume " + m.getName() + " mounted at " + path + " is not in the pod spec");
    }
    return v;
  }

  static Volume mountedVolumeOrNull(PodSpec pod, Container c, String path) {
    return c.getVolumeMounts().stream()
        .filter(m -> m.getMountPath().equals(path))
        .findFirst()
        .flatMap(
            m -> pod.getVolumes().stream().filter(v -> v.getName().equals(m.getName())).findFirst())
        .orElse(null);
  }

  static Long runAsUser(SecurityContext container, PodSecurityContext pod) {
    if (container != null && container.getRunAsUser() != null) {
      return container.getRunAsUser();
    }
    return pod == null ? null : pod.getRunAsUser();
  }
}
