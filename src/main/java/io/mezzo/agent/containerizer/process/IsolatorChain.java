package io.mezzo.agent.containerizer.process;

import io.mezzo.agent.isolator.Isolator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The configured isolators in their order, and how one hook runs across them: one after the other,
 * stopping at the first failure, whose message names the isolator and the hook ("isolator
 * cgroups/mem failed to prepare: …").
 */
final class IsolatorChain {
  private final List<Isolator> isolators;

  IsolatorChain(List<Isolator> isolators) {
    this.isolators = List.copyOf(isolators);
  }

  List<Isolator> list() {
    return isolators;
  }

  /** Runs one hook of every isolator in order, stopping at the first failure, which names it. */
  <T> CompletionStage<List<T>> each(String hook, Function<Isolator, CompletionStage<T>> call) {
    CompletionStage<List<T>> acc = CompletableFuture.completedFuture(new ArrayList<>());
    for (Isolator isolator : isolators) {
      acc =
          acc.thenCompose(
              results -> {
                CompletionStage<T> step;
                try {
                  step = call.apply(isolator);
                } catch (RuntimeException e) {
                  step = CompletableFuture.failedFuture(e);
                }
                return step.handle(
                    (r, e) -> {
                      if (e != null) {
                        throw new CompletionException(
                            new IllegalStateException(
                                "isolator "
                                    + isolator.name()
                                    + " failed to "
                                    + hook
                                    + ": "
                                    + describe(e),
                                unwrap(e)));
                      }
                      results.add(r);
                      return results;
                    });
              });
    }
    return acc;
  }

  static Throwable unwrap(Throwable e) {
    while (e instanceof CompletionException && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  static String describe(Throwable e) {
    Throwable t = unwrap(e);
    return t.getMessage() != null ? t.getMessage() : t.toString();
  }
}
