package io.mezzo.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Message;
import io.mezzo.api.wire.ProtoJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A v1 API called in protobuf with the official Mesos classes, beside the same call in JSON, for
 * ITs that check that both encodings of an answer carry the same data.
 */
public final class ProtobufHttp {
  public static final String JSON = "application/json";
  public static final String PROTOBUF = "application/x-protobuf";
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  /** Values that change between two calls made a moment apart; compared by presence only. */
  private static final Set<String> VOLATILE = Set.of("uptime", "resource_statistics");

  private static final HttpClient HTTP = V1SchedulerClient.newHttpClient();

  private ProtobufHttp() {}

  /** A status, Content-Type and body. */
  public record Answer(int status, String contentType, byte[] body) {
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /**
   * Sends {@code call} in protobuf asking for protobuf, and in JSON asking for JSON, until the two
   * answers carry the same data (a task's state or an offer may move between the two calls; a
   * lasting difference fails). Returns the protobuf answer.
   */
  @SuppressWarnings("unchecked")
  public static <R extends Message> R assertSameInBothFormats(
      URI base, String path, Message call, R prototype) {
    String what = path + " " + ProtoJson.toJson(call).path("type").asText();
    List<R> last = new ArrayList<>(List.of(prototype));
    await(what + " answers the same in protobuf and JSON")
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              Answer proto =
                  post(
                      base,
                      path,
                      call.toByteArray(),
                      Map.of("Content-Type", PROTOBUF, "Accept", PROTOBUF));
              assertThat(proto.status()).as(what + ": " + proto.text()).isEqualTo(200);
              assertThat(proto.contentType()).isEqualTo(PROTOBUF);
              R parsed = (R) prototype.getParserForType().parseFrom(proto.body());
              Answer json =
                  post(
                      base,
                      path,
                      ProtoJson.toJson(call).toString().getBytes(StandardCharsets.UTF_8),
                      Map.of("Content-Type", JSON, "Accept", JSON));
              assertThat(json.status()).as(what + ": " + json.text()).isEqualTo(200);
              assertThat(json.contentType()).startsWith(JSON);
              JsonNode fromProto = comparable(ProtoJson.toJson(parsed), false);
              JsonNode fromJson = comparable(V1SchedulerClient.parse(json.text()), false);
              assertThat(fromProto).as(what).isEqualTo(fromJson);
              last.set(0, parsed);
            });
    return last.get(0);
  }

  /**
   * {@code node} with volatile values replaced by a marker, numbers as exact decimals (JSON's 1 and
   * 1.0 are one number) and, under {@code metrics}, each metric's value dropped (counters move).
   */
  private static JsonNode comparable(JsonNode node, boolean inMetrics) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (node.isNumber()) {
      return f.numberNode(node.decimalValue().stripTrailingZeros());
    }
    if (node.isArray()) {
      ArrayNode out = f.arrayNode();
      node.forEach(e -> out.add(comparable(e, inMetrics)));
      return out;
    }
    if (!node.isObject()) {
      return node;
    }
    ObjectNode out = f.objectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      boolean metrics = inMetrics || e.getKey().equals("metrics");
      if (VOLATILE.contains(e.getKey()) || (inMetrics && e.getKey().equals("value"))) {
        out.put(e.getKey(), "(volatile)");
      } else {
        out.set(e.getKey(), comparable(e.getValue(), metrics));
      }
    }
    return out;
  }

  /** POSTs {@code body} to {@code path} with {@code headers}. */
  public static Answer post(URI base, String path, byte[] body, Map<String, String> headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(TIMEOUT)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(b::header);
    try {
      HttpResponse<byte[]> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Answer(
          r.statusCode(), r.headers().firstValue("Content-Type").orElse(null), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException("POST " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
