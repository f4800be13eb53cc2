package io.mezzo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mezzo app deploy FILE}: creates or replaces what FILE describes, one app or a group
 * ({@code {"id": "/prod", "apps": [...], "groups": [...]}}), and prints the deployment id.
 *
 * <p>Deploying is declarative: the file is the whole truth. An app goes with {@code PUT
 * /v2/apps/ID?partialUpdate=false} (created if new, replaced if not, so a field removed from the
 * file goes back to its default), a group with {@code PUT /v2/groups/ID} (apps missing from the
 * file are stopped, as Marathon does). The root group is refused: deploying it from one file would
 * stop every app the file does not name.
 */
@Command(
    name = "deploy",
    description = "Create or update the app or group in FILE (JSON; - for stdin).")
final class AppDeploy implements Runnable {
  @ParentCommand AppCommand parent;

  @Parameters(paramLabel = "FILE", description = "An app definition or a group, as JSON.")
  String file;

  @Mixin ChangeOptions options;

  @Override
  public void run() {
    MezzoCli root = parent.root;
    JsonNode definition = JsonFile.readObject(file, "an app or a group");
    boolean group = definition.has("apps") || definition.has("groups");
    JsonNode idNode = definition.path("id");
    if (!idNode.isTextual() || idNode.asText().isBlank()) {
      throw CliFailure.usage(
          file
              + ": "
              + (group ? "the group" : "the app")
              + " needs an \"id\" (a string, e.g. /web)");
    }
    String raw = idNode.asText().trim();
    String id = raw.equals("/") ? "/" : AppIds.absolute(raw);
    MasterHttp http = root.http();
    MasterHttp.Reply reply;
    if (group) {
      if (id.equals("/")) {
        throw CliFailure.usage(
            file
                + ": refusing to deploy the root group \"/\": it would stop every app not in the"
                + " file; give the group an id such as /prod");
      }
      reply = http.send("PUT", "/v2/groups" + id + options.forceQuery("?"), definition);
    } else {
      reply =
          http.send(
              "PUT",
              "/v2/apps" + id + "?partialUpdate=false" + options.forceQuery("&"),
              definition);
    }
    Deployments.started(root, http, reply, options);
  }
}
