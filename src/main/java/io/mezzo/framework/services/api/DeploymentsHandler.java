package io.mezzo.framework.services.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.mezzo.framework.services.ServicesApi;
import io.mezzo.framework.services.ServicesException;
import io.mezzo.framework.services.deploy.Deployment;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * {@code /v2/deployments}: the running deployments, one of them ({@code GET /{id}}, which the 409
 * message of a locked app points at), and {@code DELETE /{id}}: a rollback (200 with the new
 * deployment) or, with {@code force=true}, a plain stop (202, no body).
 */
final class DeploymentsHandler {
  private final ServicesApi api;

  DeploymentsHandler(ServicesApi api) {
    this.api = api;
  }

  CompletionStage<ApiReply> list(ApiRequest r) {
    r.query().allow();
    return api.snapshot()
        .thenApply(
            s -> {
              ArrayNode out = MarathonJson.array();
              s.deployments().forEach(d -> out.add(MarathonJson.deployment(d, s)));
              return ApiReply.ok(out);
            });
  }

  CompletionStage<ApiReply> show(ApiRequest r, String id) {
    r.query().allow();
    return api.snapshot()
        .thenApply(s -> ApiReply.ok(MarathonJson.deployment(find(s.deployments(), id), s)));
  }

  CompletionStage<ApiReply> cancel(ApiRequest r, String id) {
    boolean force = r.query().allow("force").bool("force", false);
    return api.snapshot()
        .thenCompose(
            s -> {
              find(s.deployments(), id);
              return api.cancelDeployment(id, force);
            })
        .thenApply(
            d -> {
              if (force || d.isEmpty()) {
                return ApiReply.empty(202);
              }
              return AppsHandler.deploymentReply(Optional.of(d.get()), 200, null);
            });
  }

  private static Deployment find(java.util.List<Deployment> all, String id) {
    return all.stream()
        .filter(d -> d.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new ServicesException(404, "DeploymentPlan " + id + " does not exist"));
  }
}
