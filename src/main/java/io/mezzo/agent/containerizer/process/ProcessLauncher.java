package io.mezzo.agent.containerizer.process;

import io.mezzo.agent.containerizer.ContainerConfig;
import io.mezzo.agent.isolator.ContainerLaunchInfo;
import io.mezzo.api.v1.CommandInfo;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Forks a container's command as a real process in its own session.
 *
 * <p>The command runs under a tiny {@code /bin/sh} wrapper, started through {@code setsid} so the
 * wrapper leads a new session and process group: a signal to the group reaches the whole task tree,
 * and the task does not die with the agent. The wrapper
 *
 * <ol>
 *   <li>prints its pid on its stdout, a pipe to the agent, once it runs — by then {@code setsid}
 *       has made it a session leader, so signalling its group reaches everything it will start —
 *       and then points its stdout at the sandbox file;
 *   <li>waits for one line {@code go} on its stdin, so isolators can act on its pid before the
 *       command runs (Mesos isolates between fork and exec); EOF or anything else aborts with 125
 *       before the command starts;
 *   <li>runs the command with stdin from {@code /dev/null}, cwd = sandbox, stdout/stderr appended
 *       to the sandbox files — as the task's user through {@link SwitchUser}, while the wrapper
 *       itself stays the agent's user so it can still write the exit status;
 *   <li>writes the command's exit status to {@code exit_status} under the run's meta dir, so a
 *       restarted agent learns how a task ended while it was down;
 *   <li>kills its own process group, itself included, so whatever the command left behind ends with
 *       it (as Mesos's posix launcher does) without the agent forking a {@code kill(1)} per task:
 *       with the status file written, the agent reads the end from there.
 * </ol>
 *
 * The wrapper traps SIGTERM and SIGINT from its first instruction (a trap, unlike an ignore, is
 * reset in the children), so a kill of the group ends the command but still lets the wrapper record
 * the status — and a kill that arrives between {@code go} and the command (a destroy right after
 * launch) skips the command and records 143, instead of killing an untrapped wrapper or being
 * swallowed by the trap; SIGKILL ends the wrapper too, and then no status is written.
 */
final class ProcessLauncher {
  static final String WRAPPER_NAME = "mezzo-launch";
  private static final String WRAPPER =
      "exit_file=$1; out=$2; shift 2; "
          + "trap 'term=1' TERM INT; "
          + "echo \"$$\"; exec >>\"$out\"; "
          + "IFS= read -r go || exit 125; [ \"$go\" = go ] || exit 125; "
          + "if [ -n \"$term\" ]; then status=143; else \"$@\" </dev/null; status=$?; fi; "
          + "echo \"$status\" > \"$exit_file\"; kill -s KILL 0; exit \"$status\"";

  private ProcessLauncher() {}

  /**
   * Starts the wrapper; the command itself starts only after {@link #release}. Read the wrapper's
   * pid with {@link #awaitReady} first.
   *
   * @throws IOException if the process cannot be forked
   * @throws IllegalArgumentException if the command cannot be run as given
   */
  static Process fork(ContainerConfig config, ContainerLaunchInfo isolation) throws IOException {
    CommandInfo command = config.task().command();
    if (command == null) {
      throw new IllegalArgumentException("task has no command");
    }
    Path sandbox = config.sandbox();
    Files.createDirectories(sandbox);
    Files.createDirectories(config.run().exitStatusFile().getParent());
    Files.newOutputStream(
            config.run().stdout(), StandardOpenOption.CREATE, StandardOpenOption.APPEND)
        .close();
    List<String> argv =
        new ArrayList<>(
            List.of(
                "setsid",
                "/bin/sh",
                "-c",
                WRAPPER,
                WRAPPER_NAME,
                config.run().exitStatusFile().toString(),
                config.run().stdout().toString()));
    argv.addAll(SwitchUser.prefix(config.user()));
    argv.addAll(commandLine(command));
    ProcessBuilder pb =
        new ProcessBuilder(argv)
            .directory(sandbox.toFile())
            .redirectInput(ProcessBuilder.Redirect.PIPE)
            .redirectOutput(ProcessBuilder.Redirect.PIPE)
            .redirectError(ProcessBuilder.Redirect.appendTo(config.run().stderr().toFile()));
    environment(pb.environment(), config, isolation);
    return pb.start();
  }

  /**
   * Blocks until the wrapper reports that it runs in its own session, and returns its pid (normally
   * {@code process.pid()}; different only if {@code setsid} had to fork).
   *
   * @throws IOException if the wrapper ended before it was ready (e.g. no {@code setsid} binary;
   *     its stderr is in the sandbox)
   */
  static long awaitReady(Process process) throws IOException {
    try (var reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII))) {
      String line = reader.readLine();
      if (line == null) {
        throw new IOException(
            "the launch wrapper exited before it was ready (see the sandbox stderr)");
      }
      try {
        return Long.parseLong(line.strip());
      } catch (NumberFormatException e) {
        throw new IOException("the launch wrapper reported '" + line + "' instead of its pid");
      }
    }
  }

  /** Lets the wrapper run the command (or, with {@code go} false, abort before it). */
  static void release(Process process, boolean go) throws IOException {
    try (var in = process.getOutputStream()) {
      if (go) {
        in.write("go\n".getBytes(StandardCharsets.US_ASCII));
      }
    }
  }

  /**
   * The argv of the command: {@code /bin/sh -c value} in shell form; otherwise {@code value} as the
   * executable with {@code arguments[1..]} (argv[0] cannot be renamed through a POSIX shell, so
   * {@code arguments[0]} is not passed on).
   */
  static List<String> commandLine(CommandInfo command) {
    if (command.value() == null || command.value().isBlank()) {
      throw new IllegalArgumentException("command has no value");
    }
    if (Boolean.TRUE.equals(command.shell())) {
      return List.of("/bin/sh", "-c", command.value());
    }
    List<String> argv = new ArrayList<>();
    argv.add(command.value());
    if (command.arguments().size() > 1) {
      argv.addAll(command.arguments().subList(1, command.arguments().size()));
    }
    return argv;
  }

  /**
   * The agent's own environment, then the command's variables, then the isolators', then the {@code
   * MESOS_*} variables, which win so tasks can rely on them.
   */
  static void environment(
      Map<String, String> env, ContainerConfig config, ContainerLaunchInfo isolation) {
    CommandInfo command = config.task().command();
    env.putAll(SwitchUser.environment(config.user()));
    if (command.environment() != null) {
      for (CommandInfo.Environment.Variable v : command.environment().variables()) {
        if (v.type() == CommandInfo.Environment.Variable.Type.SECRET) {
          throw new IllegalArgumentException(
              "environment variable " + v.name() + " is a SECRET; secrets are not supported yet");
        }
        env.put(v.name(), v.value() == null ? "" : v.value());
      }
    }
    env.putAll(isolation.environment());
    env.put("MESOS_SANDBOX", config.sandbox().toString());
    env.put("MESOS_DIRECTORY", config.sandbox().toString());
    env.put("MESOS_TASK_ID", config.task().taskId().value());
    env.put("MESOS_FRAMEWORK_ID", config.run().frameworkId().value());
    env.put("MESOS_AGENT_ID", config.agentId().value());
    env.put("MESOS_EXECUTOR_ID", config.executorId().value());
    env.put("MESOS_CONTAINER_ID", config.containerId().value());
  }
}
