package io.mezzo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What a command that changes apps prints, and {@code --wait}: the deployment id Marathon answers
 * with, then, if asked, polling {@code /v2/deployments} until the deployment is gone from it
 * (Marathon lists running deployments only), with its step progress on stderr. The wait is bounded;
 * running out of time leaves the deployment going and exits {@link CliFailure#TIMED_OUT}.
 */
final class Deployments {
  static final Duration FIRST_POLL = Duration.ofMillis(250);
  static final Duration MAX_POLL = Duration.ofSeconds(2);

  private Deployments() {}

  /**
   * The deployment id of a Marathon answer: {@code deploymentId} in the body (PUT, DELETE,
   * restart), the {@code Marathon-Deployment-Id} header, or the first of the created app's {@code
   * deployments} (POST).
   */
  static Optional<String> idOf(MasterHttp.Reply reply) {
    JsonNode b = reply.body();
    if (b.hasNonNull("deploymentId")) {
      return Optional.of(b.get("deploymentId").asText());
    }
    if (reply.deploymentId().isPresent()) {
      return reply.deploymentId();
    }
    JsonNode first = b.path("deployments").path(0).path("id");
    return first.isTextual() ? Optional.of(first.asText()) : Optional.empty();
  }

  /** Prints the started deployment (its id, or the JSON answer) and waits for it if asked. */
  static void started(MezzoCli root, MasterHttp http, MasterHttp.Reply reply, ChangeOptions o) {
    Optional<String> id = idOf(reply);
    if (root.json()) {
      root.printJson(reply.body());
    } else if (id.isPresent()) {
      root.env().out().println(id.get());
    } else {
      root.env().err().println("mezzo: nothing to deploy: the apps already are as asked");
    }
    root.env().out().flush();
    if (o.await && id.isPresent()) {
      await(root, http, id.get(), o.waitTimeout);
    }
  }

  /** Polls until deployment {@code id} is no longer running, at most {@code limit}. */
  static void await(MezzoCli root, MasterHttp http, String id, Duration limit) {
    CliEnvironment env = root.env();
    Instant start = env.clock().instant();
    Instant deadline = start.plus(limit);
    Duration poll = FIRST_POLL;
    String progress = null;
    while (true) {
      Optional<JsonNode> running = find(http.get("/v2/deployments"), id);
      if (running.isEmpty()) {
        Duration took = Duration.between(start, env.clock().instant());
        env.err().println("mezzo: deployment " + id + " finished in " + Durations.format(took));
        env.err().flush();
        return;
      }
      String now = progressOf(running.get());
      if (!now.equals(progress)) {
        env.err().println("mezzo: deployment " + id + ": " + now);
        env.err().flush();
        progress = now;
      }
      if (!env.clock().instant().isBefore(deadline)) {
        throw new CliFailure(
            CliFailure.TIMED_OUT,
            "deployment "
                + id
                + " still running after "
                + Durations.format(limit)
                + " ("
                + now
                + "); it goes on: see `mezzo app show` and /v2/queue for what it waits for");
      }
      try {
        env.pause().pause(poll);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CliFailure(CliFailure.TIMED_OUT, "interrupted waiting for deployment " + id);
      }
      poll = poll.multipliedBy(2).compareTo(MAX_POLL) > 0 ? MAX_POLL : poll.multipliedBy(2);
    }
  }

  private static Optional<JsonNode> find(JsonNode deployments, String id) {
    for (JsonNode d : deployments) {
      if (id.equals(d.path("id").asText())) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }

  /** "step 1/2: StartApplication /web". */
  static String progressOf(JsonNode d) {
    StringBuilder b =
        new StringBuilder("step ")
            .append(d.path("currentStep").asInt())
            .append('/')
            .append(d.path("totalSteps").asInt());
    String sep = ": ";
    for (JsonNode a : d.path("currentActions")) {
      b.append(sep).append(a.path("action").asText()).append(' ').append(a.path("app").asText());
      sep = ", ";
    }
    return b.toString();
  }
}
