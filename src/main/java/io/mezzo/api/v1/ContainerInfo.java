package io.mezzo.api.v1;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * How to containerize a task ({@code mesos.v1.ContainerInfo}). Parts Mezzo passes through without
 * interpreting (volumes, mesos image, network infos, linux info) stay raw JSON so they round-trip.
 */
public record ContainerInfo(
    Type type,
    List<JsonNode> volumes,
    String hostname,
    DockerInfo docker,
    JsonNode mesos,
    List<JsonNode> networkInfos) {

  public enum Type {
    DOCKER,
    MESOS
  }

  /** Docker settings ({@code ContainerInfo.DockerInfo}); network defaults to HOST. */
  public record DockerInfo(
      String image,
      Network network,
      List<PortMapping> portMappings,
      Boolean privileged,
      List<Parameter> parameters,
      Boolean forcePullImage) {

    public DockerInfo {
      network = network == null ? Network.HOST : network;
      privileged = privileged == null ? Boolean.FALSE : privileged;
    }

    public enum Network {
      HOST,
      BRIDGE,
      NONE,
      USER
    }

    /** Maps a host port (from the task's ports) to a container port. */
    public record PortMapping(Integer hostPort, Integer containerPort, String protocol) {}

    /** An extra {@code docker run --key=value} argument. */
    public record Parameter(String key, String value) {}
  }
}
