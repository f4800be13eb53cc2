package io.mezzo.agent.fetcher;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.List;

/**
 * Gives what the fetcher wrote to the task's user, as Mesos's fetcher (running as that user) would
 * leave it. Symlinks are changed themselves, never followed, so a link cannot hand a file outside
 * the sandbox to the user.
 */
final class Ownership {
  private Ownership() {}

  static void chown(List<Path> paths, String user) throws FetchException {
    if (user == null || paths.isEmpty()) {
      return;
    }
    UserPrincipal owner;
    try {
      owner = FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(user);
    } catch (UserPrincipalNotFoundException e) {
      throw new FetchException("the user '" + user + "' does not exist on this agent");
    } catch (IOException e) {
      throw new FetchException("cannot look up the user '" + user + "': " + e);
    }
    for (Path p : paths) {
      try {
        Files.getFileAttributeView(p, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
            .setOwner(owner);
      } catch (IOException e) {
        throw new FetchException("cannot give " + p + " to the user '" + user + "': " + e);
      }
    }
  }
}
