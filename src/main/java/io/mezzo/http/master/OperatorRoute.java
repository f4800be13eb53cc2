package io.mezzo.http.master;

import io.mezzo.api.v1.MesosJson;
import io.mezzo.api.v1.master.Call;
import io.mezzo.api.v1.master.Response;
import io.mezzo.api.wire.WireFormat;
import io.mezzo.bootstrap.MezzoNode;
import io.mezzo.http.common.AgentPaths;
import io.mezzo.http.common.ApiRequests;
import io.mezzo.http.common.HttpResults;
import io.mezzo.http.common.LocalAgentApi;
import io.mezzo.http.limits.ApiLimits;
import io.mezzo.http.security.Callers;
import io.mezzo.http.security.EndpointAccess;
import io.mezzo.master.CallResult;
import io.mezzo.master.Master;
import io.mezzo.master.operator.OperatorStream;
import io.mezzo.master.operator.SandboxOwner;
import io.mezzo.security.acl.Authorizer;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;

/**
 * {@code POST /api/v1} (also {@code /master/api/v1}): the master's operator API (MESOS-API.md §4.1,
 * §4.2) with the scheduler API's HTTP rules (405, 400, 415; 406 is checked for every call). Calls
 * come in JSON or protobuf; every answer is in the format Accept chose ({@link
 * ApiRequests#negotiate}: JSON when allowed, else protobuf). SUBSCRIBE answers a RecordIO stream of
 * {@code master.Event} in that format, one record per chunk, fed from the master's context over the
 * event bus. LIST_FILES and READ_FILE go to the agent holding the sandbox: the local one in
 * standalone, otherwise over HTTP to the agent's operator API, once the master has decided {@code
 * access_sandboxes} for the caller (the agent sees only the master's credential).
 */
@ApplicationScoped
public class OperatorRoute {
  private final MezzoNode node;
  private final Vertx vertx;
  private final LocalAgentApi local;
  private final SandboxProxy sandboxes;
  private final Authorizer authorizer;
  private final ApiLimits limits;

  public OperatorRoute(
      MezzoNode node,
      Vertx vertx,
      LocalAgentApi local,
      SandboxProxy sandboxes,
      Authorizer authorizer,
      ApiLimits limits) {
    this.node = node;
    this.vertx = vertx;
    this.local = local;
    this.sandboxes = sandboxes;
    this.authorizer = authorizer;
    this.limits = limits;
  }

  void register(@Observes Router router) {
    if (!node.role().runsMaster()) {
      return;
    }
    for (String path : new String[] {"/api/v1", "/master/api/v1"}) {
      ApiRequests.route(router, path, node.maxBodyBytes(), this::handle);
    }
  }

  private void handle(RoutingContext rc) {
    if (LeaderRedirect.answered(rc, node)) {
      return;
    }
    Call call = ApiRequests.parseCall(rc, Call.class, Call::type);
    if (call == null) {
      return;
    }
    // Mesos looks at Accept after the call parsed, for every call (a 406 never hides a 400).
    if (ApiRequests.negotiate(rc) == null) {
      return;
    }
    Master master = node.master().orElseThrow();
    Context ctx = vertx.getOrCreateContext();
    switch (call.type()) {
      case SUBSCRIBE -> subscribe(rc, master);
      case LIST_FILES, READ_FILE -> sandboxCall(rc, master, call, ctx);
      default -> CallResults.replyWhen(rc, ctx, master.operatorCall(call, Callers.of(rc)));
    }
  }

  private void subscribe(RoutingContext rc, Master master) {
    if (!limits.admitSubscription(rc, ApiLimits.Stream.OPERATOR)) {
      return;
    }
    WireFormat format = ApiRequests.responseFormat(rc);
    RecordIoStream stream = new RecordIoStream(vertx, rc.request(), node.maxBodyBytes(), format);
    OperatorStream adapter = stream.asOperatorStream();
    stream.onClosed(() -> master.operatorStreamClosed(adapter));
    // The records are master.Event messages in the negotiated format; Mesos names the stream by
    // that format's media type, not application/recordio.
    stream.answerWhen(
        master.operatorSubscribe(adapter, Callers.of(rc)),
        Map.of("Content-Type", format.mediaType()));
  }

  // ---- LIST_FILES, READ_FILE -------------------------------------------------------------------

  private void sandboxCall(RoutingContext rc, Master master, Call call, Context ctx) {
    io.mezzo.api.v1.agent.Call forAgent;
    String path;
    if (call.type() == Call.Type.LIST_FILES) {
      if (call.listFiles() == null || call.listFiles().path() == null) {
        HttpResults.error(rc.response(), 400, "Expecting 'list_files.path' to be present");
        return;
      }
      path = call.listFiles().path();
      forAgent =
          new io.mezzo.api.v1.agent.Call(
              io.mezzo.api.v1.agent.Call.Type.LIST_FILES,
              null,
              new io.mezzo.api.v1.agent.Call.ListFiles(path),
              null);
    } else {
      if (call.readFile() == null
          || call.readFile().path() == null
          || call.readFile().offset() == null) {
        HttpResults.error(
            rc.response(), 400, "Expecting 'read_file.path' and 'read_file.offset' to be present");
        return;
      }
      path = call.readFile().path();
      forAgent =
          new io.mezzo.api.v1.agent.Call(
              io.mezzo.api.v1.agent.Call.Type.READ_FILE,
              null,
              null,
              new io.mezzo.api.v1.agent.Call.ReadFile(
                  path, call.readFile().offset(), call.readFile().length()));
    }
    if (node.role().runsAgent()) {
      local
          .call(forAgent, Callers.of(rc))
          .whenComplete(
              (answer, err) ->
                  ctx.runOnContext(
                      v -> {
                        if (err != null) {
                          CallResults.failed(rc.response(), err);
                        } else if (answer.status() != 200) {
                          HttpResults.error(rc.response(), answer.status(), answer.message());
                        } else {
                          writeResponse(rc, fromAgent(answer.body()));
                        }
                      }));
      return;
    }
    master
        .sandboxOwner(path, null)
        .whenComplete(
            (owner, err) ->
                ctx.runOnContext(
                    v -> {
                      if (err != null) {
                        CallResults.failed(rc.response(), err);
                        return;
                      }
                      if (owner.isPresent()
                          && EndpointAccess.refused(
                              rc,
                              SandboxOwner.access(authorizer, Callers.of(rc), owner.get(), path))) {
                        return;
                      }
                      String problem = SandboxProxy.problem(owner, path, null);
                      if (problem != null) {
                        HttpResults.error(rc.response(), owner.isEmpty() ? 404 : 503, problem);
                        return;
                      }
                      proxy(rc, owner.get(), forAgent);
                    }));
  }

  private void proxy(RoutingContext rc, SandboxOwner.Owner o, io.mezzo.api.v1.agent.Call forAgent) {
    sandboxes
        .client()
        .send(
            o.agentId().value(),
            o.endpoint(),
            HttpMethod.POST,
            AgentPaths.OPERATOR_API,
            "application/json",
            Buffer.buffer(MesosJson.write(forAgent)))
        .onComplete(
            ar -> {
              if (ar.failed()) {
                SandboxProxy.failed(rc, ar.cause());
                return;
              }
              AgentHttpClient.Answer a = ar.result();
              if (a.status() != 200) {
                HttpResults.error(
                    rc.response(),
                    a.status() >= 500 ? 502 : a.status(),
                    a.status() >= 500
                        ? "Agent " + o.agentId() + " failed: " + a.body()
                        : a.body().toString());
                return;
              }
              try {
                writeResponse(
                    rc,
                    fromAgent(
                        MesosJson.read(a.body().getBytes(), io.mezzo.api.v1.agent.Response.class)));
              } catch (RuntimeException e) {
                HttpResults.error(
                    rc.response(),
                    502,
                    "Agent "
                        + o.agentId()
                        + " answered what is not an agent Response: "
                        + e.getMessage());
              }
            });
  }

  /** An agent's LIST_FILES/READ_FILE answer as the master's (the bodies are the same messages). */
  static Response fromAgent(io.mezzo.api.v1.agent.Response r) {
    if (r.listFiles() != null) {
      return Response.listFiles(r.listFiles().fileInfos());
    }
    if (r.readFile() != null) {
      return Response.readFile(
          r.readFile().size(), r.readFile().data() == null ? "" : r.readFile().data());
    }
    throw new IllegalArgumentException("expected list_files or read_file, got " + r.type());
  }

  /** The sandbox's answer in the format the operator negotiated, wherever the sandbox is. */
  private static void writeResponse(RoutingContext rc, Response response) {
    CallResults.write(rc.response(), CallResult.ok(response), ApiRequests.responseFormat(rc));
  }
}
