package io.mezzo.framework.services;

import java.util.List;

/**
 * A refusal of the services API with the HTTP status Marathon uses and its body: {@code message},
 * optional {@code details} (JSON path and the errors there, for 422), and the deployments that
 * block a change (409).
 */
public final class ServicesException extends RuntimeException {
  private final int status;
  private final List<Detail> details;
  private final List<String> deploymentIds;

  public ServicesException(int status, String message) {
    this(status, message, List.of(), List.of());
  }

  public ServicesException(
      int status, String message, List<Detail> details, List<String> deploymentIds) {
    super(message);
    this.status = status;
    this.details = List.copyOf(details);
    this.deploymentIds = List.copyOf(deploymentIds);
  }

  public int status() {
    return status;
  }

  public List<Detail> details() {
    return details;
  }

  public List<String> deploymentIds() {
    return deploymentIds;
  }

  /** {@code path} is a JSON path into the request ("/container/docker/image"). */
  public record Detail(String path, List<String> errors) {
    public Detail {
      errors = List.copyOf(errors);
    }
  }
}
