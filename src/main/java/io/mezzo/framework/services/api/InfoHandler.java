package io.mezzo.framework.services.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mezzo.api.v1.VersionInfo;
import io.mezzo.framework.services.ServicesApi;
import io.mezzo.framework.services.ServicesConfig;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * {@code /v2/info}, {@code /v2/leader} and {@code /ping}. The services framework runs inside the
 * leading master, so its leader is the master's; {@code DELETE /v2/leader} (Marathon's abdication)
 * is refused, because the framework cannot step down apart from the master it runs in.
 */
final class InfoHandler {
  /** The Marathon REST API level Mezzo's {@code /v2} follows, which clients check. */
  static final String MARATHON_VERSION = "1.10.0";

  private final ServicesApi api;
  private final Supplier<ServerInfo> server;

  InfoHandler(ServicesApi api, Supplier<ServerInfo> server) {
    this.api = api;
    this.server = server;
  }

  CompletionStage<ApiReply> info(ApiRequest r) {
    r.query().allow();
    ServerInfo s = server.get();
    return api.snapshot()
        .thenApply(
            snap -> {
              ObjectNode o = MarathonJson.object();
              o.put("name", "marathon");
              o.put("version", MARATHON_VERSION);
              o.put("buildref", "mezzo-" + VersionInfo.MEZZO_VERSION);
              o.put("elected", true);
              o.put("leader", s.leader());
              o.put("frameworkId", snap.frameworkId() == null ? null : snap.frameworkId().value());
              ObjectNode c = o.putObject("marathon_config");
              // Marathon reports its flags here; ours come from mezzo.services.*.
              c.put("framework_name", ServicesConfig.FRAMEWORK_NAME);
              c.put("mesos_role", s.services().role());
              c.put("mesos_user", s.services().user());
              c.put("failover_timeout", s.services().failoverTimeout().toSeconds());
              c.put("master", s.zk() != null ? s.zk() : s.baseUrl());
              c.put("hostname", s.hostname());
              c.put("ha", s.zk() != null);
              c.put("checkpoint", true);
              c.put("webui_url", s.baseUrl() + "/#/apps");
              c.put("mesos_leader_ui_url", s.baseUrl() + "/");
              c.putArray("features");
              ObjectNode zk = o.putObject("zookeeper_config");
              zk.put("zk", s.zk());
              ObjectNode http = o.putObject("http_config");
              if (s.httpsPort() > 0) {
                // The advertised port is plain HTTP only when it differs from the TLS one.
                if (s.httpPort() != s.httpsPort()) {
                  http.put("http_port", s.httpPort());
                } else {
                  http.putNull("http_port");
                }
                http.put("https_port", s.httpsPort());
              } else {
                http.put("http_port", s.httpPort());
                http.putNull("https_port");
              }
              return ApiReply.ok(o);
            });
  }

  ApiReply leader(ApiRequest r) {
    r.query().allow();
    ObjectNode o = MarathonJson.object();
    o.put("leader", server.get().leader());
    return ApiReply.ok(o);
  }

  ApiReply abdicate(ApiRequest r) {
    return ApiReply.error(
            405,
            "Mezzo's services framework cannot abdicate on its own: it runs on the leading"
                + " master and follows its leadership; stop or restart that master to move it")
        .withHeader("Allow", "GET");
  }

  static ApiReply ping() {
    return ApiReply.text(200, "pong");
  }
}
