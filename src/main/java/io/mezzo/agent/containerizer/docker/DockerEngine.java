package io.mezzo.agent.containerizer.docker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The part of a container engine the {@link DockerContainerizer} uses: Docker Engine API calls by
 * container name. Implemented over the engine's unix socket by {@link EngineApi} (Debian's
 * docker.io 20.10 and podman 4.3's Docker-compatible service); tests may script one.
 *
 * <p>Every method blocks its thread until the engine answered; callers run them on I/O threads.
 * Failures the engine explains throw {@link EngineException} with its message; an unreachable
 * engine throws {@link IOException}.
 */
public interface DockerEngine extends AutoCloseable {

  /** What {@code inspect} tells about a container. */
  record ContainerState(
      String name,
      String status,
      boolean running,
      Integer exitCode,
      boolean oomKilled,
      Long pid,
      Map<String, String> labels,
      String error) {}

  /** Where the engine is, for messages. */
  String endpoint();

  /** Checks the engine answers; returns its version. */
  String version() throws IOException;

  /**
   * Creates a container from a Docker API {@code ContainerConfig} body ({@code Image}, {@code Cmd},
   * {@code HostConfig}, …). @throws EngineException 404 when the image is not there
   */
  void create(String name, ObjectNode spec) throws IOException;

  void start(String name) throws IOException;

  /** The container's state, or empty if there is no such container. */
  Optional<ContainerState> inspect(String name) throws IOException;

  /** Blocks until the container is not running; returns its exit code. */
  int awaitExit(String name) throws IOException;

  /** SIGTERM, then SIGKILL after {@code grace} (the engine does both); blocks up to the grace. */
  void stop(String name, Duration grace) throws IOException;

  /** SIGKILL now. A container that is not running is not an error. */
  void kill(String name) throws IOException;

  /** Removes the container and its anonymous volumes, killing it if it runs; absent is fine. */
  void remove(String name) throws IOException;

  /** The containers (running or not) carrying all these labels. */
  List<ContainerState> list(Map<String, String> labels) throws IOException;

  /** Pulls an image from its registry. @throws EngineException with the registry's complaint */
  void pull(String image) throws IOException;

  /**
   * Copies the container's output into the two streams, from {@code since} on ({@code
   * seconds[.nanoseconds]} since the epoch, "0" for all), following it until the container stops or
   * the call is interrupted by {@link #close}.
   */
  void followLogs(String name, String since, OutputStream stdout, OutputStream stderr)
      throws IOException;

  /** Stops all blocked calls; containers keep running. */
  @Override
  void close();

  /** An error the engine answered with. */
  final class EngineException extends IOException {
    private final int status;

    public EngineException(int status, String message) {
      super(message);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }
}
