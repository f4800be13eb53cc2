package io.mezzo.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mezzo.config.JobsSettings;
import io.mezzo.core.time.ManualTimers;
import io.mezzo.framework.jobs.JobsConfig;
import io.mezzo.framework.sdk.FrameworkContext;
import io.mezzo.framework.services.InMemoryFrameworkStore;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JobsWiringTest {
  private static JobsSettings settings(boolean enabled, Optional<String> user, int historyLimit) {
    return new JobsSettings() {
      @Override
      public boolean enabled() {
        return enabled;
      }

      @Override
      public String role() {
        return "batch";
      }

      @Override
      public Optional<String> user() {
        return user;
      }

      @Override
      public Duration failoverTimeout() {
        return Duration.ofDays(2);
      }

      @Override
      public double refuseSeconds() {
        return 3;
      }

      @Override
      public int historyLimit() {
        return historyLimit;
      }
    };
  }

  @Test
  void settingsBecomeTheFrameworksConfigWithTheMastersUserByDefault() {
    JobsConfig c = new JobsWiring(settings(true, Optional.empty(), 20)).config();
    assertThat(c.role()).isEqualTo("batch");
    assertThat(c.user()).isEqualTo(System.getProperty("user.name"));
    assertThat(c.failoverTimeout()).isEqualTo(Duration.ofDays(2));
    assertThat(c.refuseSeconds()).isEqualTo(3);
    assertThat(c.historyLimit()).isEqualTo(20);
    assertThat(new JobsWiring(settings(true, Optional.of("jobs"), 20)).config().user())
        .isEqualTo("jobs");
  }

  @Test
  void aBadSettingIsRefusedNamingItsKey() {
    assertThatThrownBy(() -> new JobsWiring(settings(true, Optional.empty(), 0)).config())
        .hasMessageContaining("mezzo.jobs.history-limit");
  }

  @Test
  void aDisabledFrameworkHasNoApiAndARunningOneHasOneUntilStopped() {
    FrameworkContext context =
        new FrameworkContext(
            URI.create("http://127.0.0.1:5050"),
            new InMemoryFrameworkStore(),
            new ManualTimers(),
            null);
    JobsWiring off = new JobsWiring(settings(false, Optional.empty(), 50));
    off.start(context);
    assertThat(off.api()).isEmpty();
    assertThat(off.name()).isEqualTo("jobs");
    JobsWiring on = new JobsWiring(settings(true, Optional.empty(), 50));
    assertThat(on.api()).isEmpty();
    on.start(context);
    assertThat(on.api()).isPresent();
    on.stop();
    assertThat(on.api()).isEmpty();
  }
}
