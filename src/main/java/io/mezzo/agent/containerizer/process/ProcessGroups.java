package io.mezzo.agent.containerizer.process;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Signals a container's whole process tree. The JDK can signal single processes only, so a group
 * signal goes through {@code kill(1)}; the descendants of the leader are signalled one by one as
 * well, which catches processes that moved to another group but are still in the tree.
 */
final class ProcessGroups {
  private static final Logger LOG = Logger.getLogger(ProcessGroups.class);

  enum Signal {
    TERM,
    KILL
  }

  private ProcessGroups() {}

  /** Sends {@code signal} to process group {@code pgid} and to the leader's descendants. */
  static void signal(long pgid, Signal signal) {
    List<ProcessHandle> tree = tree(pgid);
    try {
      Process kill =
          new ProcessBuilder("kill", "-s", signal.name(), "--", "-" + pgid)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      // kill(1) answers in milliseconds; the bound keeps a wedged system from stalling the caller.
      if (!kill.waitFor(5, TimeUnit.SECONDS)) {
        kill.destroyForcibly();
      }
    } catch (IOException e) {
      LOG.warnf(
          "Cannot run kill(1) for process group %d: %s; signalling the tree only",
          pgid, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (ProcessHandle p : tree) {
      if (signal == Signal.KILL) {
        p.destroyForcibly();
      } else {
        p.destroy();
      }
    }
  }

  /**
   * Sends POSIX signal number {@code signo} to the command the wrapper {@code wrapperPid} runs (its
   * children), as Mesos signals only a container's first process. The wrapper is Mezzo's, not the
   * task's: it would die of any signal it does not trap and end the container whatever the command
   * makes of the signal. Only between the release and the fork of the command, when there is no
   * child yet, does the wrapper get it (it ends the launch on TERM and INT; others kill it).
   */
  static void send(long wrapperPid, int signo) {
    List<String> argv = new ArrayList<>(List.of("kill", "-s", Integer.toString(signo), "--"));
    ProcessHandle.of(wrapperPid)
        .ifPresent(w -> w.children().forEach(c -> argv.add(Long.toString(c.pid()))));
    if (argv.size() == 4) {
      argv.add(Long.toString(wrapperPid));
    }
    try {
      Process kill =
          new ProcessBuilder(argv)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!kill.waitFor(5, TimeUnit.SECONDS)) {
        kill.destroyForcibly();
      }
    } catch (IOException e) {
      LOG.warnf("Cannot run kill(1) for the command of %d: %s", wrapperPid, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The leader (if alive) and all its live descendants. */
  static List<ProcessHandle> tree(long pid) {
    Optional<ProcessHandle> leader = ProcessHandle.of(pid);
    return leader
        .map(
            h ->
                Stream.concat(Stream.of(h), h.descendants())
                    .filter(ProcessHandle::isAlive)
                    .toList())
        .orElse(List.of());
  }
}
