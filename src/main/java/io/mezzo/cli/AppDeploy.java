package io.mezzo.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
    JsonNode definition = read(file);
    if (!definition.isObject()) {
      throw CliFailure.usage(
          file + ": expected a JSON object (an app or a group), got " + kind(definition));
    }
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

  private static JsonNode read(String file) {
    try {
      byte[] bytes;
      if (file.equals("-")) {
        InputStream in = System.in;
        bytes = in.readAllBytes();
      } else {
        bytes = Files.readAllBytes(Path.of(file));
      }
      String text = new String(bytes, StandardCharsets.UTF_8);
      if (text.isBlank()) {
        throw CliFailure.usage(file + ": is empty; expected an app or a group as JSON");
      }
      return MasterHttp.JSON.readTree(text);
    } catch (NoSuchFileException e) {
      throw CliFailure.usage(file + ": no such file");
    } catch (JsonProcessingException e) {
      throw CliFailure.usage(
          file
              + ": not valid JSON at line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + ": "
              + e.getOriginalMessage());
    } catch (IOException e) {
      throw CliFailure.usage(file + ": cannot be read: " + e.getMessage());
    }
  }

  private static String kind(JsonNode n) {
    return n.isArray()
        ? "an array"
        : n.isTextual() ? "a string" : n.getNodeType().name().toLowerCase();
  }
}
