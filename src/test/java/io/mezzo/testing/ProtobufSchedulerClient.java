package io.mezzo.testing;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;

/**
 * A v1 scheduler client that speaks protobuf as the Mesos Java and C++ libraries do: calls are the
 * official {@code mesos.v1.scheduler.Call} ({@code org.apache.mesos:mesos:1.11.0}) POSTed as {@code
 * application/x-protobuf}, and the SUBSCRIBE stream is read as RecordIO of {@code
 * mesos.v1.scheduler.Event} records parsed with the official classes. No Mezzo class is used, so
 * the server is tested rather than agreed with.
 *
 * <p>Nothing is acknowledged behind the test's back: the test acknowledges each update it awaits,
 * as Mesos forwards a task's next update only after that. The {@code await*} methods hand out each
 * matching event once, in arrival order, and fail listing the events seen when the timeout passes
 * or the stream ends. One test thread drives a client.
 */
public final class ProtobufSchedulerClient implements AutoCloseable {
  public static final String PROTOBUF = "application/x-protobuf";
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

  private final HttpClient http = V1SchedulerClient.newHttpClient();
  private final URI endpoint;
  private final HttpResponse<InputStream> subscription;
  private final String streamId;
  private final StreamInbox<Event> inbox = new StreamInbox<>();
  private final Thread reader;
  private FrameworkID frameworkId;
  private volatile boolean closing;

  /** A call's answer: status, Content-Type and the raw body. */
  public record Answer(int status, String contentType, byte[] body) {
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private ProtobufSchedulerClient(URI endpoint, HttpResponse<InputStream> subscription) {
    this.endpoint = endpoint;
    this.subscription = subscription;
    this.streamId = subscription.headers().firstValue("Mesos-Stream-Id").orElse(null);
    this.reader = new Thread(this::readStream, "protobuf-scheduler-stream " + endpoint);
    this.reader.setDaemon(true);
  }

  /**
   * Subscribes {@code info} in protobuf with {@code Accept: application/x-protobuf} and waits for
   * SUBSCRIBED.
   *
   * @throws AssertionError if the answer is not a 200 protobuf stream or ERROR comes first
   */
  public static ProtobufSchedulerClient subscribe(URI baseUrl, FrameworkInfo info) {
    Call.Builder call =
        Call.newBuilder()
            .setType(Call.Type.SUBSCRIBE)
            .setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(info));
    if (info.hasId()) {
      call.setFrameworkId(info.getId());
    }
    HttpResponse<InputStream> response =
        open(baseUrl, PROTOBUF, call.build().toByteArray(), PROTOBUF);
    String contentType = response.headers().firstValue("Content-Type").orElse("");
    if (response.statusCode() != 200 || !contentType.startsWith(PROTOBUF)) {
      throw new AssertionError(
          "SUBSCRIBE answered "
              + response.statusCode()
              + " "
              + contentType
              + ": "
              + text(response));
    }
    ProtobufSchedulerClient client =
        new ProtobufSchedulerClient(baseUrl.resolve(V1SchedulerClient.PATH), response);
    client.reader.start();
    Event first =
        client.await(
            e -> e.getType() == Event.Type.SUBSCRIBED || e.getType() == Event.Type.ERROR,
            CALL_TIMEOUT,
            "SUBSCRIBED");
    if (first.getType() == Event.Type.ERROR) {
      client.close();
      throw new AssertionError("SUBSCRIBE refused on the stream: " + first);
    }
    client.frameworkId = first.getSubscribed().getFrameworkId();
    return client;
  }

  /**
   * POSTs a SUBSCRIBE body as given (in {@code contentType}) with {@code accept} (null: no Accept
   * header) and returns the response with its body unread, for tests of negotiation.
   */
  public static HttpResponse<InputStream> open(
      URI baseUrl, String contentType, byte[] body, String accept) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(baseUrl.resolve(V1SchedulerClient.PATH))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (accept != null) {
      b.header("Accept", accept);
    }
    try {
      return V1SchedulerClient.newHttpClient()
          .send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new UncheckedIOException("SUBSCRIBE to " + baseUrl + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public String streamId() {
    return streamId;
  }

  public FrameworkID frameworkId() {
    return frameworkId;
  }

  public HttpResponse<InputStream> subscribeResponse() {
    return subscription;
  }

  // ---- calls

  /** A call of this framework: {@code framework_id} and {@code type} set. */
  public Call.Builder newCall(Call.Type type) {
    return Call.newBuilder().setFrameworkId(frameworkId).setType(type);
  }

  /** POSTs {@code call} in protobuf with this subscription's stream id. */
  public Answer call(Call call) {
    return post(call.toByteArray(), PROTOBUF, null);
  }

  /** POSTs raw bytes as a protobuf body (a truncated or foreign message) with the stream id. */
  public Answer post(byte[] body, String contentType, String accept) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(endpoint)
            .timeout(CALL_TIMEOUT)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (streamId != null) {
      b.header("Mesos-Stream-Id", streamId);
    }
    if (accept != null) {
      b.header("Accept", accept);
    }
    try {
      HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Answer(
          r.statusCode(), r.headers().firstValue("Content-Type").orElse(null), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException("call to " + endpoint + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** ACCEPTs one offer with one LAUNCH of {@code tasks} (agent id filled in from the offer). */
  public Answer accept(Offer offer, TaskInfo... tasks) {
    Call.Accept.Builder accept = Call.Accept.newBuilder().addOfferIds(offer.getId());
    org.apache.mesos.v1.Protos.Offer.Operation.Launch.Builder launch =
        org.apache.mesos.v1.Protos.Offer.Operation.Launch.newBuilder();
    for (TaskInfo t : tasks) {
      launch.addTaskInfos(
          t.hasAgentId() ? t : t.toBuilder().setAgentId(offer.getAgentId()).build());
    }
    accept.addOperations(
        org.apache.mesos.v1.Protos.Offer.Operation.newBuilder()
            .setType(org.apache.mesos.v1.Protos.Offer.Operation.Type.LAUNCH)
            .setLaunch(launch));
    return call(newCall(Call.Type.ACCEPT).setAccept(accept).build());
  }

  /** DECLINEs offers with {@code filters.refuse_seconds}. */
  public Answer decline(double refuseSeconds, Offer... offers) {
    Call.Decline.Builder decline =
        Call.Decline.newBuilder()
            .setFilters(
                org.apache.mesos.v1.Protos.Filters.newBuilder().setRefuseSeconds(refuseSeconds));
    for (Offer o : offers) {
      decline.addOfferIds(o.getId());
    }
    return call(newCall(Call.Type.DECLINE).setDecline(decline).build());
  }

  /** ACKNOWLEDGEs a status by its uuid bytes. */
  public Answer acknowledge(TaskStatus status) {
    if (!status.hasUuid()) {
      throw new IllegalArgumentException("status without uuid must not be acknowledged: " + status);
    }
    return call(
        newCall(Call.Type.ACKNOWLEDGE)
            .setAcknowledge(
                Call.Acknowledge.newBuilder()
                    .setAgentId(status.getAgentId())
                    .setTaskId(status.getTaskId())
                    .setUuid(status.getUuid()))
            .build());
  }

  /** Implicit reconciliation (no task): the master answers with every task it knows. */
  public Answer reconcile() {
    return call(newCall(Call.Type.RECONCILE).setReconcile(Call.Reconcile.newBuilder()).build());
  }

  /** Explicit reconciliation of one task. */
  public Answer reconcile(String taskId, AgentID agentId) {
    Call.Reconcile.Task.Builder task =
        Call.Reconcile.Task.newBuilder().setTaskId(TaskID.newBuilder().setValue(taskId));
    if (agentId != null) {
      task.setAgentId(agentId);
    }
    return call(
        newCall(Call.Type.RECONCILE)
            .setReconcile(Call.Reconcile.newBuilder().addTasks(task))
            .build());
  }

  public Answer teardown() {
    return call(newCall(Call.Type.TEARDOWN).build());
  }

  /** A shell command task with cpus and mem, allocated to {@code role}; no agent id yet. */
  public static TaskInfo commandTask(
      String taskId, double cpus, double mem, String role, String command) {
    return TaskInfo.newBuilder()
        .setName(taskId)
        .setTaskId(TaskID.newBuilder().setValue(taskId))
        .addResources(scalar("cpus", cpus, role))
        .addResources(scalar("mem", mem, role))
        .setCommand(
            org.apache.mesos.v1.Protos.CommandInfo.newBuilder().setShell(true).setValue(command))
        .buildPartial(); // agent_id is required; accept() sets it from the offer
  }

  private static org.apache.mesos.v1.Protos.Resource scalar(String name, double v, String role) {
    return org.apache.mesos.v1.Protos.Resource.newBuilder()
        .setName(name)
        .setType(org.apache.mesos.v1.Protos.Value.Type.SCALAR)
        .setScalar(org.apache.mesos.v1.Protos.Value.Scalar.newBuilder().setValue(v))
        .setAllocationInfo(
            org.apache.mesos.v1.Protos.Resource.AllocationInfo.newBuilder().setRole(role))
        .build();
  }

  /** The sum of an offer's scalar resource by name. */
  public static double scalar(Offer offer, String name) {
    return offer.getResourcesList().stream()
        .filter(r -> r.getName().equals(name))
        .mapToDouble(r -> r.getScalar().getValue())
        .sum();
  }

  // ---- events

  /** The next not yet handed out event of this type. */
  public Event awaitEvent(Event.Type type, Duration timeout) {
    return await(e -> e.getType() == type, timeout, type.name());
  }

  /** The next not yet handed out offer (from any OFFERS event) that satisfies {@code wanted}. */
  public Offer awaitOffer(Predicate<Offer> wanted, Duration timeout) {
    Event e =
        await(
            ev ->
                ev.getType() == Event.Type.OFFERS
                    && ev.getOffers().getOffersList().stream().anyMatch(wanted),
            timeout,
            "an offer");
    return e.getOffers().getOffersList().stream().filter(wanted).findFirst().orElseThrow();
  }

  /** The next not yet handed out UPDATE of this task in this state; returns its status. */
  public TaskStatus awaitUpdate(
      String taskId, org.apache.mesos.v1.Protos.TaskState state, Duration timeout) {
    return await(
            e ->
                e.getType() == Event.Type.UPDATE
                    && e.getUpdate().getStatus().getTaskId().getValue().equals(taskId)
                    && e.getUpdate().getStatus().getState() == state,
            timeout,
            "UPDATE of " + taskId + " in " + state)
        .getUpdate()
        .getStatus();
  }

  /** Every event received so far, in order. */
  public synchronized List<Event> events() {
    return List.copyOf(inbox.received());
  }

  @Override
  public void close() {
    closing = true;
    try {
      subscription.body().close();
    } catch (IOException ignored) {
      // Closing aborts the connection; an error on the way is of no interest.
    }
    reader.interrupt();
  }

  /** Blocks until a matching unclaimed event arrives; claims and returns it. */
  public synchronized Event await(Predicate<Event> match, Duration timeout, String what) {
    return inbox.awaitUnclaimed(match, timeout, what);
  }

  private void readStream() {
    try (InputStream in = subscription.body()) {
      for (byte[] record = nextRecord(in); record != null; record = nextRecord(in)) {
        inbox.add(Event.parseFrom(record));
      }
      inbox.end(null);
    } catch (InvalidProtocolBufferException e) {
      inbox.end(e); // not a protobuf Event: the test's awaits report it
    } catch (IOException | RuntimeException e) {
      inbox.end(closing ? null : e);
    }
  }

  /**
   * One RecordIO record (recordio.md: decimal length, LF, that many bytes) as bytes, or null at the
   * end of the stream between records. Written here rather than shared with the JSON client, whose
   * reader hands out text.
   */
  public static byte[] nextRecord(InputStream in) throws IOException {
    ByteArrayOutputStream digits = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        if (digits.size() == 0) {
          return null;
        }
        throw new EOFException("stream ended inside a record length");
      }
      if (b < '0' || b > '9' || digits.size() > 18) {
        throw new IOException("bad RecordIO length byte " + b + " after '" + digits + "'");
      }
      digits.write(b);
    }
    long length = Long.parseLong(digits.toString(StandardCharsets.US_ASCII));
    byte[] payload = in.readNBytes((int) length);
    if (payload.length < length) {
      throw new EOFException("stream ended inside a record payload");
    }
    return payload;
  }

  private static String text(HttpResponse<InputStream> response) {
    try (InputStream in = response.body()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }
}
