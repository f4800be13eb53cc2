package io.mezzo.bootstrap;

import io.mezzo.cli.MezzoCli;
import io.quarkus.runtime.ApplicationLifecycleManager;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.util.Arrays;
import java.util.Optional;

/**
 * The entry point of the jar. It runs Quarkus as usual but owns the report of a failed start:
 * without an exit handler Quarkus logs any startup exception with its full stack trace, which
 * buries the one sentence an operator needs (which key, which value, what is expected) under 45
 * lines of frames. A failure that is the operator's to fix ({@link StartupFailures}) becomes that
 * one line on stderr and exit status 1; any other failure is a bug and keeps its stack trace.
 *
 * <p>{@code cli …} as the first argument runs the {@code mezzo} command-line tool instead ({@code
 * bin/mezzo} passes it), before anything of Quarkus is touched: the CLI is a plain HTTP client that
 * must start in well under a second and print nothing but its own output.
 */
@QuarkusMain
public final class MezzoMain {
  private MezzoMain() {}

  public static void main(String... args) {
    if (args.length > 0 && args[0].equals("cli")) {
      MezzoCli.main(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    Quarkus.run(null, MezzoMain::exit, args);
  }

  /**
   * Called once when the application ends: after a failed start with the failure, otherwise with a
   * null one. Quarkus has stopped the application by then, so this prints straight to stderr rather
   * than through the log manager.
   */
  private static void exit(Integer status, Throwable failure) {
    if (failure != null) {
      Optional<String> line = StartupFailures.oneLine(failure);
      if (line.isPresent()) {
        System.err.println("Mezzo refuses to start: " + line.get());
      } else {
        System.err.println("Mezzo failed to start:");
        failure.printStackTrace();
      }
      System.err.flush();
    }
    ApplicationLifecycleManager.getDefaultExitCodeHandler().accept(status, failure);
  }
}
