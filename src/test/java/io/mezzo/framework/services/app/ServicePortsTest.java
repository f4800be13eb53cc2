package io.mezzo.framework.services.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServicePortsTest {
  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static AppDefinition app(String json) {
    try {
      return AppJson.parse(JSON.readTree(json.replace('\'', '"')), PathId.ROOT);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static Group root(AppDefinition... apps) {
    Group g = Group.empty(PathId.ROOT, T);
    for (AppDefinition a : apps) {
      g = g.withApp(a, T);
    }
    return g;
  }

  private static List<Integer> ports(Group g, String id) {
    return g.app(PathId.parse(id)).orElseThrow().portDefinitions().stream()
        .map(AppDefinition.PortDefinition::port)
        .toList();
  }

  private static final String TWO_PORTS =
      "{'id':'/web','cmd':'x','portDefinitions':[{'port':0},{'port':0}]}";

  @Test
  void portZeroGetsTheNextFreeNumberUniqueAcrossApps() {
    Group before = root(app("{'id':'/db','cmd':'x','portDefinitions':[{'port':10000}]}"));
    Group after = before.withApp(app(TWO_PORTS), T);
    Group out = ServicePorts.defaults().assign(before, after);
    assertThat(ports(out, "/web")).containsExactly(10001, 10002);
    assertThat(ports(out, "/db")).containsExactly(10000);
  }

  @Test
  void anUpdateSayingZeroAgainKeepsTheAssignedPorts() {
    Group first = ServicePorts.defaults().assign(root(), root(app(TWO_PORTS)));
    Group again = ServicePorts.defaults().assign(first, first.withApp(app(TWO_PORTS), T));
    assertThat(ports(again, "/web")).containsExactly(10000, 10001);
    assertThat(again.app(PathId.parse("/web"))).isEqualTo(first.app(PathId.parse("/web")));
  }

  @Test
  void explicitPortsAndRequirePortsAreLeftAlone() {
    Group after =
        root(
            app("{'id':'/a','cmd':'x','portDefinitions':[{'port':12345},{'port':0}]}"),
            app("{'id':'/b','cmd':'x','requirePorts':true,'portDefinitions':[{'port':31500}]}"));
    Group out = ServicePorts.defaults().assign(root(), after);
    assertThat(ports(out, "/a")).containsExactly(12345, 10000);
    assertThat(ports(out, "/b")).containsExactly(31500);
  }

  @Test
  void aFullRangeIsRefusedNamingTheApp() {
    Group after = root(app(TWO_PORTS));
    assertThatThrownBy(() -> new ServicePorts(10000, 10000).assign(root(), after))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("/web")
        .hasMessageContaining("10000-10000");
  }
}
