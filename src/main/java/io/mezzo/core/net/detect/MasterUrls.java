package io.mezzo.core.net.detect;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The master flag of agents and clients ({@code mezzo.master}, {@code --master}): either one
 * ZooKeeper URL ({@code zk://host:2181,…/path}) or a comma-separated list of {@code
 * http(s)://host:port} (a bare {@code host:port} means http).
 */
public final class MasterUrls {
  private MasterUrls() {}

  /**
   * Parses a URL list.
   *
   * @throws IllegalArgumentException naming the entry that is not a usable URL
   */
  public static List<URI> parseList(String flag) {
    List<URI> out = new ArrayList<>();
    for (String raw : flag.split(",")) {
      String s = raw.strip();
      if (s.isEmpty()) {
        continue;
      }
      if (ZkUrl.looksLike(s)) {
        throw new IllegalArgumentException(
            "master '" + s + "': a zk:// URL must be the whole value, not one entry of a list");
      }
      URI u;
      try {
        u = URI.create(s.contains("://") ? s : "http://" + s);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("master '" + s + "' is not a URL: " + e.getMessage());
      }
      if (u.getHost() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))) {
        throw new IllegalArgumentException("master '" + s + "' is not an http(s)://host:port URL");
      }
      out.add(URI.create(u.getScheme() + "://" + u.getRawAuthority()));
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("no master URL in '" + flag + "'");
    }
    return out;
  }

  /**
   * Checks the flag without connecting anywhere: a zk:// URL must parse as one, else the list must.
   *
   * @throws IllegalArgumentException saying what is wrong (the caller names the key)
   */
  public static void validate(String flag) {
    if (ZkUrl.looksLike(flag)) {
      ZkUrl.parse(flag.strip());
    } else {
      parseList(flag);
    }
  }
}
