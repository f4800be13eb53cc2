package io.mezzo.framework.services.deploy;

import io.mezzo.api.v1.TaskId;
import java.util.List;

/**
 * What one app's rolling replacement (or scaling) needs now.
 *
 * @param launch how many new instances of the target to launch now
 * @param kill the instances to kill now (also ended ones that must not be relaunched: the caller
 *     sets their goal to STOPPED, and a kill of an ended task changes nothing)
 * @param complete true once the app is as wanted and the step of the deployment is done
 * @param waitingFor what the step waits for, as a sentence for the deployment view
 */
public record RestartStep(int launch, List<TaskId> kill, boolean complete, String waitingFor) {
  public RestartStep {
    kill = List.copyOf(kill);
  }
}
