package io.mezzo.agent.fetcher;

import io.mezzo.api.v1.CommandInfo;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where in the sandbox a URI is saved: its {@code output_file} (a relative path that must stay in
 * the sandbox and not pass through a symlink) or the last segment of its path.
 */
final class OutputName {
  private OutputName() {}

  static Path target(Path root, CommandInfo.Uri uri) throws FetchException {
    String out = uri.outputFile();
    if (out == null || out.isEmpty()) {
      return root.resolve(Fetcher.defaultName(uri.value()));
    }
    if (out.startsWith("/")) {
      throw new FetchException(
          "output_file '" + out + "' is an absolute path; it must name a file in the sandbox");
    }
    for (String part : out.split("/")) {
      if (part.equals("..")) {
        throw new FetchException(
            "output_file '" + out + "' contains '..'; it must name a file in the sandbox");
      }
    }
    Path target = root.resolve(out).normalize();
    if (!target.startsWith(root) || target.equals(root)) {
      throw new FetchException("output_file '" + out + "' does not name a file in the sandbox");
    }
    Path p = root;
    for (Path part : root.relativize(target)) {
      p = p.resolve(part);
      if (Files.isSymbolicLink(p)) {
        throw new FetchException(
            "output_file '" + out + "' passes through the symlink " + root.relativize(p));
      }
    }
    return target;
  }
}
