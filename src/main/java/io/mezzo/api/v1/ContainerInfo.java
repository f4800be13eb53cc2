package io.mezzo.api.v1;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * How to containerize a task ({@code mesos.v1.ContainerInfo}). Parts Mezzo does not model (volumes,
 * mesos image, network infos, linux, rlimit and tty info) stay raw JSON so they round-trip, and so
 * the master can refuse the ones it does not honour rather than drop them (docs/task-fields.md).
 */
public record ContainerInfo(
    Type type,
    List<JsonNode> volumes,
    String hostname,
    DockerInfo docker,
    JsonNode mesos,
    List<JsonNode> networkInfos,
    JsonNode linuxInfo,
    JsonNode rlimitInfo,
    JsonNode ttyInfo) {

  /** A container without linux, rlimit or tty settings. */
  public ContainerInfo(
      Type type,
      List<JsonNode> volumes,
      String hostname,
      DockerInfo docker,
      JsonNode mesos,
      List<JsonNode> networkInfos) {
    this(type, volumes, hostname, docker, mesos, networkInfos, null, null, null);
  }

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
      Boolean forcePullImage,
      String volumeDriver) {

    public DockerInfo {
      network = network == null ? Network.HOST : network;
      privileged = privileged == null ? Boolean.FALSE : privileged;
    }

    /** Docker settings without the deprecated {@code volume_driver}. */
    public DockerInfo(
        String image,
        Network network,
        List<PortMapping> portMappings,
        Boolean privileged,
        List<Parameter> parameters,
        Boolean forcePullImage) {
      this(image, network, portMappings, privileged, parameters, forcePullImage, null);
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
