package io.mezzo.framework.jobs.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mezzo.framework.jobs.job.JobDefinition.Container;
import io.mezzo.framework.jobs.job.JobDefinition.Container.Network;
import io.mezzo.framework.jobs.job.JobDefinition.Container.Parameter;
import io.mezzo.framework.jobs.job.JobDefinition.Container.Type;
import io.mezzo.framework.jobs.job.JobDefinition.Container.Volume;
import io.mezzo.framework.jobs.job.JobDefinition.Container.Volume.Mode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Chronos's {@code container} object ↔ {@link Container}. Chronos silently drops a container
 * without an image; Mezzo keeps it with an empty image so that {@link JobValidator} refuses it.
 * Refused here: an {@code external} volume (Docker volume drivers), a non-empty {@code
 * networkInfos} (Chronos's CNI port mappings); both are accepted empty as Chronos exports them.
 */
final class JobContainerJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private JobContainerJson() {}

  static Container read(JsonNode node) {
    JobFields f = JobFields.of(node, "container", "a container");
    Type type = enumValue(f, "type", Type.class, Type.DOCKER);
    String image = f.string("image", "");
    Network network = enumValue(f, "network", Network.class, Network.HOST);
    Optional<String> networkName = f.optionalString("networkName");
    boolean forcePull = f.bool("forcePullImage", false);
    if (!f.array("networkInfos").isEmpty()) {
      throw JobFields.refusal(
          "container.networkInfos",
          "Mezzo does not support network infos with port mappings;"
              + " use network USER with networkName");
    }
    List<Volume> volumes = new ArrayList<>();
    List<JsonNode> vs = f.array("volumes");
    for (int i = 0; i < vs.size(); i++) {
      volumes.add(volume(vs.get(i), "container.volumes[" + i + "]"));
    }
    List<Parameter> parameters = new ArrayList<>();
    List<JsonNode> ps = f.array("parameters");
    for (int i = 0; i < ps.size(); i++) {
      JobFields p = JobFields.of(ps.get(i), "container.parameters[" + i + "]", "a parameter");
      parameters.add(new Parameter(required(p, "key"), p.string("value", "")));
      p.finish();
    }
    f.finish();
    return new Container(type, image, network, networkName, forcePull, volumes, parameters);
  }

  private static Volume volume(JsonNode node, String path) {
    JobFields v = JobFields.of(node, path, "a volume");
    if (v.has("external")) {
      throw JobFields.refusal(
          path + ".external",
          "external volumes (Docker volume drivers) are not supported by Mezzo; mount a hostPath");
    }
    String containerPath = required(v, "containerPath");
    Optional<String> hostPath = v.optionalString("hostPath");
    Mode mode = enumValue(v, "mode", Mode.class, Mode.RW);
    v.finish();
    return new Volume(containerPath, hostPath, mode);
  }

  static ObjectNode write(Container c) {
    ObjectNode o = NODES.objectNode();
    o.put("type", c.type().name());
    o.put("image", c.image());
    o.put("network", c.network().name());
    c.networkName().ifPresent(n -> o.put("networkName", n));
    o.putArray("networkInfos");
    ArrayNode volumes = o.putArray("volumes");
    for (Volume v : c.volumes()) {
      ObjectNode vo = volumes.addObject();
      v.hostPath().ifPresent(h -> vo.put("hostPath", h));
      vo.put("containerPath", v.containerPath());
      vo.put("mode", v.mode().name());
    }
    o.put("forcePullImage", c.forcePullImage());
    ArrayNode parameters = o.putArray("parameters");
    for (Parameter p : c.parameters()) {
      parameters.addObject().put("key", p.key()).put("value", p.value());
    }
    return o;
  }

  static String required(JobFields f, String field) {
    if (!f.has(field)) {
      throw JobFields.refusal(f.path(field), "required");
    }
    return f.string(field, "");
  }

  /** Chronos upper-cases container types and volume modes; Mezzo takes every enum that way. */
  static <E extends Enum<E>> E enumValue(JobFields f, String field, Class<E> type, E dflt) {
    JsonNode n = f.raw(field);
    if (n == null) {
      return dflt;
    }
    String s = JobFields.text(n, f.path(field));
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(s.trim())) {
        return e;
      }
    }
    List<String> names = new ArrayList<>();
    for (E e : type.getEnumConstants()) {
      names.add(e.name());
    }
    throw JobFields.refusal(
        f.path(field), "must be one of " + String.join(", ", names) + ", got " + n);
  }
}
