package io.mezzo.api.v1.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.ExecutorId;
import io.mezzo.api.v1.Filters;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.MesosJson;
import io.mezzo.api.v1.OfferId;
import io.mezzo.api.v1.TaskId;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The per-type factories build exactly the record the positional constructor does, so their JSON
 * (what the wire and the proto oracle see) is the same, and the type always names the body set.
 */
class CallFactoriesTest {
  private static final FrameworkId FW = new FrameworkId("fw-1");
  private static final AgentId AGENT = new AgentId("agent-1");
  private static final TaskId TASK = new TaskId("task-1");

  static Stream<Arguments> factories() {
    FrameworkInfo info = FrameworkInfo.builder().user("root").name("n").id(FW).build();
    Call.Subscribe subscribe = new Call.Subscribe(info, List.of("r"));
    Call.Accept accept = new Call.Accept(List.of(new OfferId("o")), List.of(), new Filters(1.0));
    Call.Decline decline = new Call.Decline(List.of(new OfferId("o")), null);
    Call.Revive revive = new Call.Revive(List.of("r"));
    Call.Suppress suppress = new Call.Suppress(List.of("r"));
    Call.Kill kill = new Call.Kill(TASK, AGENT, null);
    Call.Shutdown shutdown = new Call.Shutdown(new ExecutorId("e"), AGENT);
    Call.Acknowledge ack = new Call.Acknowledge(AGENT, TASK, "AAAA");
    Call.Reconcile reconcile = new Call.Reconcile(List.of(new Call.Reconcile.Task(TASK, AGENT)));
    Call.Message message = new Call.Message(AGENT, new ExecutorId("e"), "ZGF0YQ==");
    Call.Request request = new Call.Request(List.of());
    Call.UpdateFramework update = new Call.UpdateFramework(info, List.of());
    return Stream.of(
        Arguments.of(Call.subscribe(FW, subscribe), "subscribe", subscribe),
        Arguments.of(Call.subscribe(info), "subscribe", new Call.Subscribe(info, null)),
        Arguments.of(Call.accept(FW, accept), "accept", accept),
        Arguments.of(
            Call.accept(FW, accept.offerIds(), accept.operations()),
            "accept",
            new Call.Accept(accept.offerIds(), accept.operations(), null)),
        Arguments.of(Call.decline(FW, decline), "decline", decline),
        Arguments.of(Call.revive(FW, revive), "revive", revive),
        Arguments.of(Call.suppress(FW, suppress), "suppress", suppress),
        Arguments.of(Call.kill(FW, kill), "kill", kill),
        Arguments.of(Call.shutdown(FW, shutdown), "shutdown", shutdown),
        Arguments.of(Call.acknowledge(FW, ack), "acknowledge", ack),
        Arguments.of(Call.reconcile(FW, reconcile), "reconcile", reconcile),
        Arguments.of(Call.message(FW, message), "message", message),
        Arguments.of(Call.request(FW, request), "request", request),
        Arguments.of(Call.updateFramework(FW, update), "updateFramework", update));
  }

  /**
   * What the positional constructor gives for a call with {@code body} in component {@code name}:
   * the type named after it (UPDATE_FRAMEWORK for updateFramework) and every other body null.
   */
  private static Call positional(String name, Object body) throws ReflectiveOperationException {
    RecordComponent[] components = Call.class.getRecordComponents();
    Object[] args = new Object[components.length];
    args[0] = FW;
    args[1] = Call.Type.valueOf(name.replaceAll("([A-Z])", "_$1").toUpperCase(Locale.ROOT));
    for (int i = 2; i < components.length; i++) {
      args[i] = components[i].getName().equals(name) ? body : null;
    }
    Class<?>[] types =
        Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
    return Call.class.getDeclaredConstructor(types).newInstance(args);
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("factories")
  void factoryBuildsWhatTheConstructorDoes(Call built, String body, Object value)
      throws ReflectiveOperationException {
    Call expected = positional(body, value);
    assertThat(built).isEqualTo(expected);
    assertThat(MesosJson.writeString(built)).isEqualTo(MesosJson.writeString(expected));
  }
}
