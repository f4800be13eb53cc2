package io.mezzo.agent.files;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mezzo.api.legacy.LegacyModel;
import io.mezzo.api.v1.FileInfo;
import io.mezzo.api.v1.TimeInfo;
import java.time.Instant;

/**
 * One entry of a sandbox listing, as {@code stat} (without following a final symbolic link) reports
 * it.
 *
 * @param path the entry's path in the namespace the listing was asked in
 * @param mode the POSIX {@code st_mode}: type bits and permissions
 * @param uid the owner's name
 * @param gid the group's name
 */
public record FileEntry(
    String path, int nlink, long size, Instant mtime, int mode, String uid, String gid) {
  private static final int S_IFMT = 0170000;

  /** The v1 form ({@code mesos.v1.FileInfo}). */
  public FileInfo toWire() {
    return new FileInfo(path, nlink, size, TimeInfo.of(mtime), mode, uid, gid);
  }

  /** The legacy {@code /files/browse} form: mtime in seconds, mode as {@code -rw-r--r--}. */
  public ObjectNode toLegacy() {
    ObjectNode out = LegacyModel.object();
    out.put("path", path);
    out.put("nlink", nlink);
    out.put("size", size);
    out.put("mtime", mtime.getEpochSecond());
    out.put("mode", modeString(mode));
    out.put("uid", uid);
    out.put("gid", gid);
    return out;
  }

  /** {@code ls -l} style: the type letter, then rwx for owner, group and others. */
  public static String modeString(int mode) {
    char type =
        switch (mode & S_IFMT) {
          case 0040000 -> 'd';
          case 0120000 -> 'l';
          case 0060000 -> 'b';
          case 0020000 -> 'c';
          case 0010000 -> 'p';
          case 0140000 -> 's';
          default -> '-';
        };
    StringBuilder sb = new StringBuilder().append(type);
    String rwx = "rwx";
    for (int i = 8; i >= 0; i--) {
      sb.append((mode & (1 << i)) != 0 ? rwx.charAt(2 - i % 3) : '-');
    }
    return sb.toString();
  }
}
