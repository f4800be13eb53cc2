package io.mezzo.agent;

import io.mezzo.api.agent.AgentCall;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * The agent's {@link MasterLink} as every part of the agent uses it: it stamps the link secret the
 * master handed out in REGISTERED on each call, so tasks, executors and the session need not know
 * about it. The session sets the secret; any thread may send.
 */
final class SecretStampingLink implements MasterLink {
  private final MasterLink link;
  private volatile String secret;

  SecretStampingLink(MasterLink link) {
    this.link = link;
  }

  /** The secret to send from now on; null before the first registration. */
  void secret(String secret) {
    this.secret = secret;
  }

  String secret() {
    return secret;
  }

  @Override
  public Subscription subscribe(AgentCall subscribe, Listener listener) {
    return link.subscribe(stamp(subscribe), listener);
  }

  @Override
  public CompletionStage<Void> send(AgentCall call) {
    return link.send(stamp(call));
  }

  @Override
  public void onLeaderChange(Consumer<String> callback) {
    link.onLeaderChange(callback);
  }

  private AgentCall stamp(AgentCall call) {
    String s = secret;
    return s == null || call.secret() != null ? call : call.withSecret(s);
  }
}
