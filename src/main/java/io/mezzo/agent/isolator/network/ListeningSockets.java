package io.mezzo.agent.isolator.network;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which TCP ports a set of processes listens on, from {@code /proc}: the LISTEN sockets of {@code
 * /proc/<pid>/net/tcp} and {@code tcp6} (the pid's network namespace), kept when their inode is
 * among the processes' open file descriptors ({@code socket:[inode]}).
 */
public final class ListeningSockets {
  /** {@code st} of a listening socket in {@code /proc/net/tcp}. */
  private static final String TCP_LISTEN = "0A";

  private ListeningSockets() {}

  /** A listening socket: its local port and socket inode. */
  public record Listen(int port, long inode) {}

  /** Parses the text of {@code /proc/net/tcp} or {@code tcp6}, keeping LISTEN sockets. */
  public static List<Listen> parse(String procNetTcp) {
    List<Listen> out = new ArrayList<>();
    String[] lines = procNetTcp.split("\n");
    for (int i = 1; i < lines.length; i++) {
      String[] f = lines[i].trim().split("\\s+");
      if (f.length < 10 || !f[3].equals(TCP_LISTEN)) {
        continue;
      }
      String local = f[1];
      int port = Integer.parseInt(local.substring(local.lastIndexOf(':') + 1), 16);
      out.add(new Listen(port, Long.parseLong(f[9])));
    }
    return out;
  }

  /** The ports of {@code listening} whose socket is one of {@code inodes}. */
  public static Set<Integer> portsOf(List<Listen> listening, Set<Long> inodes) {
    Set<Integer> out = new TreeSet<>();
    for (Listen l : listening) {
      if (inodes.contains(l.inode())) {
        out.add(l.port());
      }
    }
    return out;
  }

  /** The ports that fall in none of {@code allowed} ({@code [begin, end]} pairs). */
  public static Set<Integer> outside(Set<Integer> ports, List<long[]> allowed) {
    Set<Integer> out = new TreeSet<>();
    for (int p : ports) {
      boolean ok = false;
      for (long[] r : allowed) {
        ok |= p >= r[0] && p <= r[1];
      }
      if (!ok) {
        out.add(p);
      }
    }
    return out;
  }

  /** The TCP ports the processes listen on now (empty when they are gone). */
  public static Set<Integer> of(List<Long> pids) {
    if (pids.isEmpty()) {
      return Set.of();
    }
    Set<Long> inodes = new HashSet<>();
    for (long pid : pids) {
      inodes.addAll(socketInodes(pid));
    }
    List<Listen> listening = new ArrayList<>();
    for (String table : List.of("tcp", "tcp6")) {
      try {
        listening.addAll(
            parse(Files.readString(Path.of("/proc", Long.toString(pids.get(0)), "net", table))));
      } catch (IOException | RuntimeException e) {
        // No IPv6, or the process ended.
      }
    }
    return portsOf(listening, inodes);
  }

  private static Set<Long> socketInodes(long pid) {
    Set<Long> out = new HashSet<>();
    try (DirectoryStream<Path> fds =
        Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
      for (Path fd : fds) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            out.add(Long.parseLong(target.substring(8, target.length() - 1)));
          }
        } catch (IOException | RuntimeException closed) {
          // The descriptor was closed while we looked.
        }
      }
    } catch (IOException | RuntimeException gone) {
      // The process ended.
    }
    return out;
  }
}
