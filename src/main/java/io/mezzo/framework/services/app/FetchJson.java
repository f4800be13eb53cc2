package io.mezzo.framework.services.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mezzo.framework.services.app.AppDefinition.FetchUri;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An app's {@code fetch} (and the deprecated {@code uris}, which becomes {@code fetch} with {@code
 * extract} guessed from the file name, as Marathon does). Only what the agent's fetcher gets is
 * taken: {@code http}, {@code https}, {@code file} and absolute paths.
 */
final class FetchJson {
  private FetchJson() {}

  private static final List<String> ARCHIVES =
      List.of(".tgz", ".tar.gz", ".tbz2", ".tar.bz2", ".txz", ".tar.xz", ".zip");

  static List<FetchUri> read(JsonFields app) {
    Violations v = app.violations();
    List<FetchUri> out = new ArrayList<>();
    List<JsonNode> nodes = app.array("fetch");
    for (int i = 0; nodes != null && i < nodes.size(); i++) {
      JsonFields a =
          JsonFields.of(nodes.get(i), Violations.index(app.path("fetch"), i), v, "an artifact");
      if (a == null) {
        continue;
      }
      String uri = a.string("uri");
      boolean extract = a.bool("extract", true);
      boolean executable = a.bool("executable", false);
      boolean cache = a.bool("cache", false);
      String dest = a.string("destPath");
      a.finish();
      if (uri == null) {
        v.add(a.path("uri"), "must be set");
      } else {
        checkUri(uri, a.path("uri"), v);
      }
      if (dest != null && (dest.isEmpty() || dest.contains("/") || dest.equals(".."))) {
        v.add(a.path("destPath"), "must be a file name in the sandbox (no '/')");
      }
      out.add(new FetchUri(uri, extract, executable, cache, dest));
    }
    List<String> uris = app.strings("uris");
    if (uris != null && !uris.isEmpty()) {
      if (!out.isEmpty()) {
        v.add(app.path("uris"), "may not be set in conjunction with fetch");
      } else {
        for (int i = 0; i < uris.size(); i++) {
          checkUri(uris.get(i), Violations.index(app.path("uris"), i), v);
          out.add(new FetchUri(uris.get(i), isArchive(uris.get(i)), false, false, null));
        }
      }
    }
    return out;
  }

  static boolean isArchive(String uri) {
    String u = uri.toLowerCase(Locale.ROOT);
    return ARCHIVES.stream().anyMatch(u::endsWith);
  }

  private static void checkUri(String uri, String path, Violations v) {
    if (uri.startsWith("/")) {
      return;
    }
    try {
      String scheme = new URI(uri).getScheme();
      if (scheme == null) {
        v.add(path, "must be an absolute path or a URI with a scheme (http, https, file)");
      } else if (!List.of("http", "https", "file").contains(scheme.toLowerCase(Locale.ROOT))) {
        v.add(
            path,
            "the '"
                + scheme
                + "' scheme is not supported: Mezzo's fetcher gets http, https, file:// and"
                + " absolute paths");
      }
    } catch (URISyntaxException e) {
      v.add(path, "is not a valid URI: " + e.getMessage());
    }
  }

  static void write(AppDefinition app, ObjectNode out) {
    ArrayNode a = out.putArray("fetch");
    for (FetchUri f : app.fetch()) {
      ObjectNode o =
          a.addObject()
              .put("uri", f.uri())
              .put("extract", f.extract())
              .put("executable", f.executable())
              .put("cache", f.cache());
      if (f.outputFile() != null) {
        o.put("destPath", f.outputFile());
      }
    }
  }
}
