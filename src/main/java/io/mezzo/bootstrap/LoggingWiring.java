package io.mezzo.bootstrap;

import io.mezzo.ops.LoggingLevel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The node's one {@link LoggingLevel}, shared by the master's and the agent's operator calls
 * (GET/SET_LOGGING_LEVEL) and {@code /logging/toggle}: a level set through any of them is what the
 * others read, as a Mesos process has one {@code FLAGS_v}. Its reverts run on a timer thread of
 * their own.
 */
@ApplicationScoped
public class LoggingWiring {
  // A singleton rather than a normal scope: LoggingLevel is a final plain class, and a client proxy
  // would add nothing to one instance that lives as long as the node. The level owns its timer
  // thread: the disposer may run on another instance of this class than the producer did (when
  // start-up is refused), so nothing is kept here.
  @Produces
  @Singleton
  LoggingLevel loggingLevel() {
    return LoggingLevel.withOwnTimers("logging");
  }

  void close(@Disposes LoggingLevel level) {
    level.close();
  }
}
