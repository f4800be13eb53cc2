package io.mezzo.framework.sdk;

/**
 * A framework shipped inside Mezzo (services, jobs). It runs on the leading master only: started
 * once the master there has recovered and leads, stopped when that master stops leading or the node
 * stops. A framework never hands over in-process: the next leader (possibly this node again, later)
 * starts a new copy through its wiring, which loads its state from the {@link FrameworkStore} and
 * resubscribes with the same FrameworkID.
 *
 * <p>Contract: {@link #start} returns promptly (subscription and state loading happen in the
 * background); {@link #stop} is bounded and idempotent and leaves no thread behind.
 */
public interface BuiltInFramework {
  /** A short name, used in logs and as the prefix of its documents ("services", "jobs"). */
  String name();

  void start(FrameworkContext context);

  void stop();
}
