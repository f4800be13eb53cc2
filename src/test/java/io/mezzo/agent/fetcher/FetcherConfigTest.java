package io.mezzo.agent.fetcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mezzo.config.AgentSettings;
import io.mezzo.testing.MezzoConfigKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FetcherConfigTest {
  @Test
  void sizesReadAsMesosWritesThem() {
    assertThat(FetcherConfig.parseSize("2GB")).isEqualTo(2L << 30);
    assertThat(FetcherConfig.parseSize("512MB")).isEqualTo(512L << 20);
    assertThat(FetcherConfig.parseSize("10kb")).isEqualTo(10240);
    assertThat(FetcherConfig.parseSize("100")).isEqualTo(100);
    assertThatThrownBy(() -> FetcherConfig.parseSize("lots"))
        .hasMessageContaining("mezzo.agent.fetcher.cache-size 'lots'");
    assertThatThrownBy(() -> FetcherConfig.parseSize("-1GB"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theKeysHaveMesossDefaultsAndCanBeSet() {
    AgentSettings.Fetcher defaults =
        MezzoConfigKeys.effective(Map.of(), "")
            .config()
            .getConfigMapping(AgentSettings.class)
            .fetcher();
    assertThat(FetcherConfig.parseSize(defaults.cacheSize()))
        .isEqualTo(FetcherConfig.DEFAULT_CACHE_SIZE);
    assertThat(defaults.timeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(defaults.cacheDir()).isEmpty();

    AgentSettings.Fetcher set =
        MezzoConfigKeys.effective(
                Map.of(
                    "MEZZO_AGENT_FETCHER_CACHE_DIR", "/var/cache/mezzo",
                    "MEZZO_AGENT_FETCHER_TIMEOUT", "30S"),
                "mezzo.agent.fetcher.cache-size=512MB\n")
            .config()
            .getConfigMapping(AgentSettings.class)
            .fetcher();
    assertThat(set.cacheDir()).contains("/var/cache/mezzo");
    assertThat(set.timeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(FetcherConfig.parseSize(set.cacheSize())).isEqualTo(512L << 20);
  }

  @Test
  void theCacheLivesUnderTheWorkDirUnlessSet() {
    assertThat(FetcherConfig.defaults().cacheDirUnder(Path.of("/w")))
        .isEqualTo(Path.of("/w/fetch-cache"));
    assertThatThrownBy(() -> new FetcherConfig(null, 1, Duration.ZERO))
        .hasMessageContaining("fetcher timeout must be positive");
  }
}
