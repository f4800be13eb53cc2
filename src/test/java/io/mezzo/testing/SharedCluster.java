package io.mezzo.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One master and two agents as three JVMs of the packaged jar, started once for all the ITs that
 * ask for it (starting processes is most of an IT's time) and stopped when the test run ends. Use
 * it with {@code @ExtendWith(SharedCluster.Extension.class)} and a {@code SharedCluster} parameter
 * on a {@code @BeforeAll} method.
 *
 * <p>Tests sharing it must leave it as they found it: tear down their frameworks (which kills their
 * tasks) and undo agent controls such as deactivation.
 */
public final class SharedCluster implements ExtensionContext.Store.CloseableResource {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(SharedCluster.class);

  private final MezzoProcess master;
  private final MezzoProcess agentA;
  private final MezzoProcess agentB;

  private SharedCluster(MezzoProcess master, MezzoProcess agentA, MezzoProcess agentB) {
    this.master = master;
    this.agentA = agentA;
    this.agentB = agentB;
  }

  private static SharedCluster start() {
    MezzoProcess master = MezzoProcess.master("master");
    MezzoProcess agentA = null;
    try {
      agentA = MezzoProcess.agent("agent-a", master.baseUrl());
      MezzoProcess agentB = MezzoProcess.agent("agent-b", master.baseUrl());
      return new SharedCluster(master, agentA, agentB);
    } catch (RuntimeException e) {
      if (agentA != null) {
        agentA.close();
      }
      master.close();
      throw e;
    }
  }

  public MezzoProcess master() {
    return master;
  }

  public MezzoProcess agentA() {
    return agentA;
  }

  public MezzoProcess agentB() {
    return agentB;
  }

  @Override
  public void close() {
    for (MezzoProcess p : new MezzoProcess[] {agentB, agentA, master}) {
      p.close();
    }
  }

  /** Resolves {@code SharedCluster} parameters with the one cluster of this test run. */
  public static final class Extension implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == SharedCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      return context
          .getRoot()
          .getStore(NAMESPACE)
          .getOrComputeIfAbsent(SharedCluster.class, k -> start(), SharedCluster.class);
    }
  }
}
