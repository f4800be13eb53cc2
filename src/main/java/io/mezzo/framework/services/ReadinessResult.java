package io.mezzo.framework.services;

import io.mezzo.framework.services.app.PathId;

/**
 * The last readiness-check outcome of one instance, as Marathon reports it in {@code
 * readinessCheckResults}.
 *
 * @param name the check's name
 * @param taskId the instance's task id
 * @param ready true once a probe answered with a status for ready
 * @param lastResponse the last answer, only when the check has {@code preserveLastResponse}
 */
public record ReadinessResult(
    PathId appId, String name, String taskId, boolean ready, Response lastResponse) {

  /** Marathon's {@code lastResponse}: status (0 without an answer), content type and body. */
  public record Response(int status, String contentType, String body) {}
}
