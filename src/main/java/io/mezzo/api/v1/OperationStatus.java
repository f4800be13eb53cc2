package io.mezzo.api.v1;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The state of an offer operation that asked for feedback ({@code mesos.v1.OperationStatus}), sent
 * in UPDATE_OPERATION_STATUS. A status with a {@code uuid} is retried until the framework
 * acknowledges it (ACKNOWLEDGE_OPERATION_STATUS); one without (an answer to a reconciliation, an
 * operation the master dropped) is sent once and must not be acknowledged.
 *
 * @param resourceProviderId never set by Mezzo (no resource providers); kept so it parses
 */
public record OperationStatus(
    OperationId operationId,
    OperationState state,
    String message,
    List<Resource> convertedResources,
    Uuid uuid,
    AgentId agentId,
    JsonNode resourceProviderId) {

  /** {@code mesos.v1.OperationID}. */
  public record OperationId(String value) {}

  /** {@code mesos.v1.UUID}: {@code value} is the raw bytes, Base64 in JSON. */
  public record Uuid(String value) {}

  /** {@code mesos.v1.OperationState}. */
  public enum OperationState {
    OPERATION_UNSUPPORTED,
    OPERATION_PENDING,
    OPERATION_FINISHED,
    OPERATION_FAILED,
    OPERATION_ERROR,
    OPERATION_DROPPED,
    OPERATION_UNREACHABLE,
    OPERATION_GONE_BY_OPERATOR,
    OPERATION_RECOVERING,
    OPERATION_UNKNOWN;

    /** Whether the operation can change no more (its status needs only an acknowledgement). */
    public boolean isTerminal() {
      return this == OPERATION_FINISHED
          || this == OPERATION_FAILED
          || this == OPERATION_ERROR
          || this == OPERATION_DROPPED
          || this == OPERATION_GONE_BY_OPERATOR;
    }
  }

  /** This status without its uuid: what a reconciliation answers (sent once, never acked). */
  public OperationStatus withoutUuid() {
    return uuid == null
        ? this
        : new OperationStatus(
            operationId, state, message, convertedResources, null, agentId, resourceProviderId);
  }
}
