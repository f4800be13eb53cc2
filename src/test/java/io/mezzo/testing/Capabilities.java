package io.mezzo.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Linux capabilities of this process, named as Docker names them ({@code --cap-drop SYS_RESOURCE}).
 * Some VMs and nested containers run root without a few of them, and then {@code docker run
 * --privileged} fails; tests ask which are missing to ask Docker for the rest.
 */
public final class Capabilities {
  /** Capability names by bit number (linux/capability.h), 0 through 40. */
  private static final List<String> NAMES =
      List.of(
          "CHOWN",
          "DAC_OVERRIDE",
          "DAC_READ_SEARCH",
          "FOWNER",
          "FSETID",
          "KILL",
          "SETGID",
          "SETUID",
          "SETPCAP",
          "LINUX_IMMUTABLE",
          "NET_BIND_SERVICE",
          "NET_BROADCAST",
          "NET_ADMIN",
          "NET_RAW",
          "IPC_LOCK",
          "IPC_OWNER",
          "SYS_MODULE",
          "SYS_RAWIO",
          "SYS_CHROOT",
          "SYS_PTRACE",
          "SYS_PACCT",
          "SYS_ADMIN",
          "SYS_BOOT",
          "SYS_NICE",
          "SYS_RESOURCE",
          "SYS_TIME",
          "SYS_TTY_CONFIG",
          "MKNOD",
          "LEASE",
          "AUDIT_WRITE",
          "AUDIT_CONTROL",
          "SETFCAP",
          "MAC_OVERRIDE",
          "MAC_ADMIN",
          "SYSLOG",
          "WAKE_ALARM",
          "BLOCK_SUSPEND",
          "AUDIT_READ",
          "PERFMON",
          "BPF",
          "CHECKPOINT_RESTORE");

  private Capabilities() {}

  /**
   * Capabilities the kernel has ({@code /proc/sys/kernel/cap_last_cap}) that are not in this
   * process's bounding set ({@code CapBnd} of {@code /proc/self/status}); empty on a normal host.
   */
  public static List<String> missingFromBoundingSet() throws IOException {
    // readAllLines, not readString: the JDK reads a sysctl file of "size 0" one byte short here.
    int last =
        Math.min(
            NAMES.size() - 1,
            Integer.parseInt(
                Files.readAllLines(Path.of("/proc/sys/kernel/cap_last_cap")).get(0).strip()));
    long bounding =
        Files.readAllLines(Path.of("/proc/self/status")).stream()
            .filter(l -> l.startsWith("CapBnd:"))
            .map(l -> Long.parseUnsignedLong(l.substring("CapBnd:".length()).strip(), 16))
            .findFirst()
            .orElseThrow(() -> new IOException("no CapBnd in /proc/self/status"));
    List<String> missing = new ArrayList<>();
    for (int bit = 0; bit <= last; bit++) {
      if ((bounding & (1L << bit)) == 0) {
        missing.add(NAMES.get(bit));
      }
    }
    return missing;
  }
}
