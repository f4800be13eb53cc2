package io.mezzo.testing.executor;

import java.nio.file.Path;

/**
 * The shell command that starts a test executor in a JVM of its own, on this test run's class path:
 * what a task's {@code ExecutorInfo.command.value} holds in the executor tests. A small heap and C1
 * only, since it lives for one test and two of them may run beside an agent.
 */
public final class ExecutorCommands {
  private ExecutorCommands() {}

  public static String java(Class<?> main) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return "exec '"
        + java
        + "' -Xmx64m -XX:TieredStopAtLevel=1 -cp '"
        + System.getProperty("java.class.path")
        + "' "
        + main.getName();
  }
}
