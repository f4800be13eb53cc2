package io.mezzo.api.v1;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * A volume of a container ({@code mesos.v1.Volume}). {@code ContainerInfo.volumes} keeps the raw
 * JSON; {@link #of} reads one into this record. Only what the Docker containerizer mounts is typed:
 * a {@code host_path} bind, or a named Docker volume ({@code source.docker_volume}); the other
 * sources stay raw so that they can be refused by name.
 */
public record Volume(
    Mode mode, String containerPath, String hostPath, JsonNode image, Source source) {

  /** {@code mesos.v1.Volume.Mode}. */
  public enum Mode {
    RW,
    RO
  }

  /** {@code mesos.v1.Volume.Source}. */
  public record Source(
      Type type,
      DockerVolume dockerVolume,
      JsonNode hostPath,
      JsonNode sandboxPath,
      JsonNode secret,
      JsonNode csiVolume) {

    /** {@code mesos.v1.Volume.Source.Type}. */
    public enum Type {
      UNKNOWN,
      DOCKER_VOLUME,
      HOST_PATH,
      SANDBOX_PATH,
      SECRET,
      CSI_VOLUME
    }

    /** A named volume of a Docker volume driver; {@code driver} unset means Docker's default. */
    public record DockerVolume(String driver, String name, Parameters driverOptions) {}

    /** {@code mesos.v1.Parameters}. */
    public record Parameters(List<Parameter> parameter) {
      public Parameters {
        parameter = parameter == null ? List.of() : List.copyOf(parameter);
      }
    }

    /** {@code mesos.v1.Parameter}. */
    public record Parameter(String key, String value) {}
  }

  /** Reads one element of {@code ContainerInfo.volumes}. @throws MalformedMessageException */
  public static Volume of(JsonNode node) {
    return MesosJson.convert(node, Volume.class);
  }

  /**
   * What keeps this volume from being mounted into a Docker container, if anything: Mesos's Docker
   * containerizer mounts a {@code host_path} or a {@code DOCKER_VOLUME} source; image volumes and
   * the other sources belong to the MESOS containerizer's isolators, which Mezzo does not have.
   *
   * @param where the field path to name, e.g. {@code container.volumes[0]}
   */
  public Optional<String> dockerProblem(String where) {
    if (mode == null) {
      return Optional.of(where + ".mode must be RW or RO");
    }
    if (containerPath == null || containerPath.isBlank()) {
      return Optional.of(where + ".container_path is required");
    }
    if (image != null && !image.isNull()) {
      return Optional.of(
          where + ".image is not supported by Mezzo: Docker containers cannot mount an image");
    }
    if (hostPath != null && source != null) {
      return Optional.of(where + " has both host_path and source; set one");
    }
    if (hostPath != null) {
      if (hostPath.isBlank()) {
        return Optional.of(where + ".host_path is empty");
      }
      // A relative host path is in the sandbox, as in Mesos; it must not climb out of it.
      if (!hostPath.startsWith("/") && escapes(hostPath)) {
        return Optional.of(where + ".host_path '" + hostPath + "' leaves the sandbox");
      }
      return Optional.empty();
    }
    if (source == null) {
      return Optional.of(where + " needs host_path or source");
    }
    Source.Type type = source.type() == null ? Source.Type.UNKNOWN : source.type();
    if (type != Source.Type.DOCKER_VOLUME) {
      return Optional.of(
          where
              + ".source.type "
              + type
              + " is not supported by Mezzo for DOCKER containers: only host_path and"
              + " DOCKER_VOLUME sources are mounted");
    }
    if (source.dockerVolume() == null
        || source.dockerVolume().name() == null
        || source.dockerVolume().name().isBlank()) {
      return Optional.of(where + ".source.docker_volume.name is required");
    }
    return Optional.empty();
  }

  private static boolean escapes(String relative) {
    int depth = 0;
    for (String part : relative.split("/")) {
      if (part.equals("..")) {
        depth--;
      } else if (!part.isEmpty() && !part.equals(".")) {
        depth++;
      }
      if (depth < 0) {
        return true;
      }
    }
    return false;
  }
}
