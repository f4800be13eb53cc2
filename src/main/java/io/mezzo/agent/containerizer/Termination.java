package io.mezzo.agent.containerizer;

/**
 * How a container ended ({@code ContainerTermination} in Mesos). The containerizer reports facts;
 * the agent turns them into a task state.
 *
 * @param exitStatus the exit code of the container's main command, or null if unknown (it ended
 *     while the agent was down and left no record, or it never started)
 * @param destroyed whether it ended because {@link Containerizer#destroy} was called
 * @param limitation the resource limit an isolator enforced, or null
 * @param message a human-readable account, e.g. "Command exited with status 3"
 */
public record Termination(
    Integer exitStatus, boolean destroyed, ContainerLimitation limitation, String message) {

  /**
   * The exit status as the {@code wait(2)} status Mesos reports (the exit code in bits 8–15), or
   * null if unknown. The launch wrapper records a signal death as 128+signal, so that stays an exit
   * code here too.
   */
  public Integer waitStatus() {
    return exitStatus == null ? null : (exitStatus & 0xFF) << 8;
  }
}
