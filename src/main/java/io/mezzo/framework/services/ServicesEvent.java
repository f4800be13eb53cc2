package io.mezzo.framework.services;

import io.mezzo.api.v1.TaskStatus;
import io.mezzo.framework.services.app.PathId;
import io.mezzo.framework.services.deploy.Deployment;
import io.mezzo.framework.services.instance.Instance;
import java.time.Instant;

/**
 * What the services framework announces, after it is durable; {@code /v2/events} renders each as
 * the Marathon event of the same name ({@link #eventType}).
 */
public sealed interface ServicesEvent {
  Instant timestamp();

  /** Marathon's {@code eventType}. */
  String eventType();

  record StatusUpdate(Instant timestamp, Instance instance, TaskStatus status)
      implements ServicesEvent {
    public String eventType() {
      return "status_update_event";
    }
  }

  record HealthChanged(Instant timestamp, Instance instance, boolean alive)
      implements ServicesEvent {
    public String eventType() {
      return "health_status_changed_event";
    }
  }

  record UnhealthyInstanceKill(Instant timestamp, Instance instance, String reason)
      implements ServicesEvent {
    public String eventType() {
      return "unhealthy_instance_kill_event";
    }
  }

  record DeploymentInfo(Instant timestamp, Deployment deployment) implements ServicesEvent {
    public String eventType() {
      return "deployment_info";
    }
  }

  record DeploymentStepSuccess(Instant timestamp, Deployment deployment) implements ServicesEvent {
    public String eventType() {
      return "deployment_step_success";
    }
  }

  record DeploymentSuccess(Instant timestamp, Deployment deployment) implements ServicesEvent {
    public String eventType() {
      return "deployment_success";
    }
  }

  record DeploymentFailed(Instant timestamp, Deployment deployment, String reason)
      implements ServicesEvent {
    public String eventType() {
      return "deployment_failed";
    }
  }

  record GroupChange(Instant timestamp, PathId groupId, Instant version) implements ServicesEvent {
    public String eventType() {
      return "group_change_success";
    }
  }

  record AppTerminated(Instant timestamp, PathId appId) implements ServicesEvent {
    public String eventType() {
      return "app_terminated_event";
    }
  }
}
