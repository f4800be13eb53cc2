package io.mezzo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.mezzo.master.zookeeper.Ensemble;
import io.mezzo.master.zookeeper.EnsemblePeer;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Holds the two HA overlays to the code: {@code k8s/ha/} (three masters with embedded ZooKeeper)
 * and {@code k8s/ha-external/} (three masters on an external ensemble from a ConfigMap). Their
 * patches name workloads and containers of {@code k8s/base/}; the masters are three, started
 * together, one per node, never fewer than two by choice, ready when serving (a standby redirects);
 * each embedded master pod, with the patch merged as kustomize's strategic merge does it (env by
 * name), finds its own entry of the ensemble the way the code does, its ports are the entry's and
 * the headless Service's; agents read the leader from the same ZooKeeper the masters use, through
 * {@code zk://}.
 */
class KubernetesHaOverlayTest {
  static final Path BASE = Path.of("k8s", "base");

  /** The root of the masters' znodes in the embedded ensemble (ZooKeeperChoice's). */
  static final String EMBEDDED_ROOT = "/mezzo";

  record Overlay(Path dir, JsonNode kustomization, Map<String, HasMetadata> files) {
    List<HasMetadata> patches() {
      List<HasMetadata> out = new ArrayList<>();
      kustomization.path("patches").forEach(p -> out.add(files.get(p.path("path").asText())));
      return out;
    }

    <T extends HasMetadata> T patch(Class<T> kind) {
      return patches().stream().filter(kind::isInstance).map(kind::cast).findFirst().orElseThrow();
    }

    <T extends HasMetadata> T resource(Class<T> kind) {
      List<String> listed = new ArrayList<>();
      kustomization.path("resources").forEach(r -> listed.add(r.asText()));
      return listed.stream()
          .map(files::get)
          .filter(kind::isInstance)
          .map(kind::cast)
          .findFirst()
          .orElseThrow(() -> new AssertionError(dir + " lists no " + kind.getSimpleName()));
    }
  }

  static final K8sManifests base = K8sManifests.load(BASE);

  static Overlay load(String name) throws IOException {
    Path dir = Path.of("k8s", name);
    JsonNode kustomization = null;
    Map<String, HasMetadata> files = new LinkedHashMap<>();
    KubernetesSerialization k8s = new KubernetesSerialization();
    try (Stream<Path> list = Files.list(dir)) {
      for (Path f : list.sorted().toList()) {
        String file = f.getFileName().toString();
        try (InputStream in = Files.newInputStream(f)) {
          if (file.equals(K8sManifests.KUSTOMIZATION)) {
            kustomization = new ObjectMapper(new YAMLFactory()).readTree(in);
          } else {
            files.put(file, (HasMetadata) k8s.unmarshal(in));
          }
        }
      }
    }
    return new Overlay(dir, kustomization, files);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ha", "ha-external"})
  void theOverlayIsTheBaseAndListsEveryFile(String name) throws IOException {
    Overlay o = load(name);
    List<String> listed = new ArrayList<>();
    o.kustomization().path("resources").forEach(r -> listed.add(r.asText()));
    o.kustomization().path("patches").forEach(p -> listed.add(p.path("path").asText()));
    assertThat(listed).contains("../base");
    assertThat(listed).containsAll(o.files().keySet());
    assertThat(o.kustomization().path("namespace").asText())
        .isEqualTo(base.kustomization().path("namespace").asText());
    for (HasMetadata patch : o.patches()) {
      HasMetadata target =
          base.all().stream()
              .filter(
                  r ->
                      r.getKind().equals(patch.getKind())
                          && r.getMetadata().getName().equals(patch.getMetadata().getName()))
              .findFirst()
              .orElseThrow(() -> new AssertionError(patch.getKind() + " not in k8s/base"));
      if (!(patch instanceof Service)) {
        List<String> containers =
            workload(target).containers().stream().map(Container::getName).toList();
        assertThat(pod(patch).getContainers())
            .extracting(Container::getName)
            .isSubsetOf(containers);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"ha", "ha-external"})
  void threeMastersStartTogetherOnePerNodeAndNeverFewerThanTwoByChoice(String name)
      throws IOException {
    Overlay o = load(name);
    StatefulSet patch = o.patch(StatefulSet.class);
    Workload master = baseMaster();
    Map<String, String> labels = master.template().getMetadata().getLabels();
    assertThat(patch.getSpec().getReplicas()).isEqualTo(3);
    assertThat(patch.getSpec().getPodManagementPolicy()).isEqualTo("Parallel");
    List<PodAffinityTerm> anti =
        pod(patch)
            .getAffinity()
            .getPodAntiAffinity()
            .getRequiredDuringSchedulingIgnoredDuringExecution();
    assertThat(anti).hasSize(1);
    assertThat(anti.get(0).getTopologyKey()).isEqualTo("kubernetes.io/hostname");
    assertThat(labels).containsAllEntriesOf(anti.get(0).getLabelSelector().getMatchLabels());

    PodDisruptionBudget pdb = o.resource(PodDisruptionBudget.class);
    assertThat(pdb.getSpec().getMinAvailable().getIntVal()).isEqualTo(2);
    assertThat(pdb.getSpec().getUnhealthyPodEvictionPolicy())
        .as("AlwaysAllow would let a joining master be evicted beside a running one")
        .isNull();
    Map<String, String> selected = pdb.getSpec().getSelector().getMatchLabels();
    assertThat(labels).containsAllEntriesOf(selected);
    for (Workload w : base.workloads()) {
      if (!w.name().equals(master.name())) {
        assertThat(
                w.template().getMetadata().getLabels().entrySet().containsAll(selected.entrySet()))
            .as("the budget selects masters only, not %s", w.name())
            .isFalse();
      }
    }
    Container c = merged(master, patch);
    assertThat(c.getReadinessProbe().getHttpGet().getPath())
        .as("ready means serving, leader or standby, so drains and rolling updates go on")
        .isEqualTo(MezzoConfigKeys.healthPaths().get("live"));
  }

  @Test
  void eachEmbeddedMasterFindsItsOwnPeerOnItsStableName() throws IOException {
    Overlay o = load("ha");
    StatefulSet patch = o.patch(StatefulSet.class);
    Workload master = baseMaster();
    StatefulSet set = (StatefulSet) master.owner();
    Container c = merged(master, patch);
    Ensemble ensemble = null;
    for (int i = 0; i < patch.getSpec().getReplicas(); i++) {
      String podName = set.getMetadata().getName() + "-" + i;
      Effective config = effective(c, podName);
      assertThat(config.role()).isEqualTo("master");
      assertThat(config.mezzo().zk()).hasValue("embedded");
      ensemble =
          Ensemble.parse(config.mezzo().zkEnsemble().orElseThrow(), config.mezzo().zkClientPort());
      String hostname = config.mezzo().hostname().orElseThrow();
      assertThat(hostname).isEqualTo(podName + "." + set.getSpec().getServiceName());
      assertThat(ensemble.byHost(hostname).id())
          .as("pod %s is peer %d", podName, i + 1)
          .isEqualTo(i + 1);
    }
    assertThat(ensemble.peers()).hasSize(patch.getSpec().getReplicas());
    assertThat(ensemble.quorum()).isEqualTo(2);

    Map<String, Integer> ports = new LinkedHashMap<>();
    for (ContainerPort p : c.getPorts()) {
      ports.put(p.getName(), p.getContainerPort());
    }
    Service headless =
        (Service) o.patches().stream().filter(Service.class::isInstance).findFirst().orElseThrow();
    assertThat(headless.getMetadata().getName()).isEqualTo(set.getSpec().getServiceName());
    for (EnsemblePeer peer : ensemble.peers()) {
      assertThat(ports)
          .containsEntry("zk-peer", peer.peerPort())
          .containsEntry("zk-election", peer.electionPort())
          .containsEntry("zk-client", peer.clientPort());
    }
    for (ServicePort sp : headless.getSpec().getPorts()) {
      assertThat(ports)
          .as("headless port %s", sp.getName())
          .containsEntry(sp.getTargetPort().getStrVal(), sp.getPort());
    }
    assertThat(headless.getSpec().getPorts())
        .extracting(ServicePort::getName)
        .contains("http", "zk-client", "zk-peer", "zk-election");

    Container agent = merged(baseAgent(), o.patch(DaemonSet.class));
    Effective agentConfig = effective(agent, "node");
    assertThat(agentConfig.mezzo().master())
        .as("agents read the leader from the masters' ensemble")
        .hasValue("zk://" + ensemble.connectString() + EMBEDDED_ROOT);
  }

  @Test
  void externalMastersAndAgentsUseTheEnsembleOfOneConfigMap() throws IOException {
    Overlay o = load("ha-external");
    ConfigMap zk = o.resource(ConfigMap.class);
    String url = zk.getData().get("url");
    assertThat(url).startsWith("zk://").matches("zk://[^/]+:\\d+(,[^/]+:\\d+)*/\\S+");
    Container master = merged(baseMaster(), o.patch(StatefulSet.class));
    Container agent = merged(baseAgent(), o.patch(DaemonSet.class));
    assertThat(configMapKey(master, "MEZZO_ZK")).isEqualTo(zk.getMetadata().getName() + "/url");
    assertThat(configMapKey(agent, "MEZZO_MASTER")).isEqualTo(zk.getMetadata().getName() + "/url");
    Effective config = effective(master, "mezzo-master-0", Map.of("mezzo-zookeeper/url", url));
    assertThat(config.role()).isEqualTo("master");
    assertThat(config.mezzo().zk()).hasValue(url);
    assertThat(config.mezzo().hostname()).hasValue("mezzo-master-0.mezzo-master-headless");
    assertThat(effective(agent, "node", Map.of("mezzo-zookeeper/url", url)).mezzo().master())
        .hasValue(url);
  }

  // ---- the overlay merged as kustomize's strategic merge patch merges these fields ----

  private static Workload baseMaster() {
    return base.workloads().stream()
        .filter(w -> w.owner() instanceof StatefulSet)
        .findFirst()
        .orElseThrow();
  }

  private static Workload baseAgent() {
    return base.workloads().stream()
        .filter(w -> w.owner() instanceof DaemonSet)
        .findFirst()
        .orElseThrow();
  }

  private static Workload workload(HasMetadata owner) {
    return base.workloads().stream().filter(w -> w.owner() == owner).findFirst().orElseThrow();
  }

  private static PodSpec pod(HasMetadata patch) {
    return patch instanceof StatefulSet s
        ? s.getSpec().getTemplate().getSpec()
        : ((DaemonSet) patch).getSpec().getTemplate().getSpec();
  }

  /** The base's container with the patch's env, ports and probes merged in by name. */
  private static Container merged(Workload w, HasMetadata patch) {
    Container p = pod(patch).getContainers().get(0);
    Container b =
        w.containers().stream()
            .filter(c -> c.getName().equals(p.getName()))
            .findFirst()
            .orElseThrow();
    Container out = new KubernetesSerialization().clone(b);
    List<EnvVar> env = new ArrayList<>(out.getEnv());
    for (EnvVar v : p.getEnv()) {
      env.removeIf(e -> e.getName().equals(v.getName()));
      env.add(v);
    }
    out.setEnv(env);
    List<ContainerPort> ports = new ArrayList<>(out.getPorts());
    for (ContainerPort port : p.getPorts()) {
      ports.removeIf(x -> x.getName().equals(port.getName()));
      ports.add(port);
    }
    out.setPorts(ports);
    if (p.getReadinessProbe() != null) {
      out.setReadinessProbe(p.getReadinessProbe());
    }
    return out;
  }

  private static String configMapKey(Container c, String name) {
    EnvVar v = c.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst().orElseThrow();
    var ref = v.getValueFrom().getConfigMapKeyRef();
    return ref.getName() + "/" + ref.getKey();
  }

  private static Effective effective(Container c, String podName) {
    return effective(c, podName, Map.of());
  }

  /**
   * The pod's configuration from the base's properties and its env: the pod name as the downward
   * API gives it, {@code $(VAR)} references expanded, ConfigMap keys from {@code configMaps}.
   */
  private static Effective effective(Container c, String podName, Map<String, String> configMaps) {
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvVar v : c.getEnv()) {
      String value = v.getValue();
      if (v.getValueFrom() != null && v.getValueFrom().getFieldRef() != null) {
        value =
            v.getValueFrom().getFieldRef().getFieldPath().equals("metadata.name")
                ? podName
                : "192.0.2.10";
      } else if (v.getValueFrom() != null && v.getValueFrom().getConfigMapKeyRef() != null) {
        var ref = v.getValueFrom().getConfigMapKeyRef();
        value = configMaps.get(ref.getName() + "/" + ref.getKey());
        assertThat(value).as("ConfigMap key %s/%s", ref.getName(), ref.getKey()).isNotNull();
      }
      for (Map.Entry<String, String> earlier : env.entrySet()) {
        value = value.replace("$(" + earlier.getKey() + ")", earlier.getValue());
      }
      env.put(v.getName(), value);
    }
    String properties =
        base.ofKind(ConfigMap.class).get(0).getData().getOrDefault("application.properties", "");
    return MezzoConfigKeys.effective(env, properties);
  }
}
