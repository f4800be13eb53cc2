package io.mezzo.framework.sdk;

import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.Offer;
import io.mezzo.api.v1.OfferId;
import io.mezzo.api.v1.TaskStatus;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A scheduler that writes down every callback as one line, in order. */
final class RecordingScheduler implements Scheduler {
  final List<String> log = new CopyOnWriteArrayList<>();

  @Override
  public void subscribed(SchedulerDriver driver, FrameworkId frameworkId) {
    log.add("subscribed " + frameworkId.value());
  }

  @Override
  public void offers(SchedulerDriver driver, List<Offer> offers) {
    log.add("offers " + offers.size());
  }

  @Override
  public void rescinded(SchedulerDriver driver, OfferId offerId) {
    log.add("rescinded " + offerId.value());
  }

  @Override
  public void update(SchedulerDriver driver, TaskStatus status) {
    log.add("update " + status.taskId().value() + " " + status.state());
  }

  @Override
  public void error(SchedulerDriver driver, String message) {
    log.add("error " + message);
  }

  @Override
  public void disconnected(SchedulerDriver driver, String why) {
    log.add("disconnected");
  }
}
