package io.mezzo.api.v1.scheduler;

import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.ExecutorId;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.InverseOffer;
import io.mezzo.api.v1.MasterInfo;
import io.mezzo.api.v1.Offer;
import io.mezzo.api.v1.OfferId;
import io.mezzo.api.v1.OperationStatus;
import io.mezzo.api.v1.TaskStatus;
import java.util.List;

/** An event on a scheduler's subscription stream ({@code mesos.v1.scheduler.Event}). */
public record Event(
    Type type,
    Subscribed subscribed,
    Offers offers,
    Rescind rescind,
    Update update,
    Message message,
    Failure failure,
    Error error,
    InverseOffers inverseOffers,
    RescindInverseOffer rescindInverseOffer,
    UpdateOperationStatus updateOperationStatus) {

  /** An event of a type other than UPDATE_OPERATION_STATUS. */
  public Event(
      Type type,
      Subscribed subscribed,
      Offers offers,
      Rescind rescind,
      Update update,
      Message message,
      Failure failure,
      Error error,
      InverseOffers inverseOffers,
      RescindInverseOffer rescindInverseOffer) {
    this(
        type,
        subscribed,
        offers,
        rescind,
        update,
        message,
        failure,
        error,
        inverseOffers,
        rescindInverseOffer,
        null);
  }

  /** An event of a type other than INVERSE_OFFERS and RESCIND_INVERSE_OFFER. */
  public Event(
      Type type,
      Subscribed subscribed,
      Offers offers,
      Rescind rescind,
      Update update,
      Message message,
      Failure failure,
      Error error) {
    this(type, subscribed, offers, rescind, update, message, failure, error, null, null);
  }

  public enum Type {
    UNKNOWN,
    SUBSCRIBED,
    OFFERS,
    INVERSE_OFFERS,
    RESCIND,
    RESCIND_INVERSE_OFFER,
    UPDATE,
    UPDATE_OPERATION_STATUS,
    MESSAGE,
    FAILURE,
    ERROR,
    HEARTBEAT
  }

  public record Subscribed(
      FrameworkId frameworkId, Double heartbeatIntervalSeconds, MasterInfo masterInfo) {}

  public record Offers(List<Offer> offers) {}

  public record Rescind(OfferId offerId) {}

  public record InverseOffers(List<InverseOffer> inverseOffers) {}

  public record RescindInverseOffer(OfferId inverseOfferId) {}

  public record Update(TaskStatus status) {}

  public record UpdateOperationStatus(OperationStatus status) {}

  public record Message(AgentId agentId, ExecutorId executorId, String data) {}

  public record Failure(AgentId agentId, ExecutorId executorId, Integer status) {}

  public record Error(String message) {}

  public static Event subscribed(FrameworkId id, double heartbeatSeconds, MasterInfo master) {
    return new Event(
        Type.SUBSCRIBED,
        new Subscribed(id, heartbeatSeconds, master),
        null,
        null,
        null,
        null,
        null,
        null);
  }

  public static Event offers(List<Offer> offers) {
    return new Event(Type.OFFERS, null, new Offers(offers), null, null, null, null, null);
  }

  public static Event inverseOffers(List<InverseOffer> offers) {
    return new Event(
        Type.INVERSE_OFFERS,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        new InverseOffers(offers),
        null);
  }

  public static Event rescindInverseOffer(OfferId id) {
    return new Event(
        Type.RESCIND_INVERSE_OFFER,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        new RescindInverseOffer(id));
  }

  public static Event updateOperationStatus(OperationStatus status) {
    return new Event(
        Type.UPDATE_OPERATION_STATUS,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        new UpdateOperationStatus(status));
  }

  public static Event rescind(OfferId id) {
    return new Event(Type.RESCIND, null, null, new Rescind(id), null, null, null, null);
  }

  public static Event update(TaskStatus status) {
    return new Event(Type.UPDATE, null, null, null, new Update(status), null, null, null);
  }

  /** An executor's message for its scheduler ({@code data} is base64, as on the wire). */
  public static Event message(AgentId agent, ExecutorId executor, String data) {
    return new Event(
        Type.MESSAGE, null, null, null, null, new Message(agent, executor, data), null, null);
  }

  public static Event failure(AgentId agent, ExecutorId executor, Integer status) {
    return new Event(
        Type.FAILURE, null, null, null, null, null, new Failure(agent, executor, status), null);
  }

  public static Event error(String message) {
    return new Event(Type.ERROR, null, null, null, null, null, null, new Error(message));
  }

  public static Event heartbeat() {
    return new Event(Type.HEARTBEAT, null, null, null, null, null, null, null);
  }
}
