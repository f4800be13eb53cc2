package io.mezzo.framework.services.deploy;

import io.mezzo.api.v1.TaskId;
import java.util.List;

/**
 * What scaling one app needs now.
 *
 * @param launch how many instances to launch now
 * @param kill the instances to kill now, in kill order
 * @param complete true once the app has exactly its instances, all healthy, and none is dying
 * @param waitingFor what the step waits for, as a sentence
 */
public record ScaleStep(int launch, List<TaskId> kill, boolean complete, String waitingFor) {
  public ScaleStep {
    kill = List.copyOf(kill);
  }
}
