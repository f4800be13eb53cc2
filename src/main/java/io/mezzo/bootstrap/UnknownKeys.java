package io.mezzo.bootstrap;

import io.mezzo.config.AgentSettings;
import io.mezzo.config.AllocatorSettings;
import io.mezzo.config.HttpLimitSettings;
import io.mezzo.config.JobsSettings;
import io.mezzo.config.MasterSettings;
import io.mezzo.config.MezzoConfig;
import io.mezzo.config.SecuritySettings;
import io.mezzo.config.ServicesSettings;
import io.mezzo.config.TlsSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code mezzo.*} keys there are, for restating an unknown one. Quarkus already refuses a
 * {@code mezzo.*} key no mapping knows when it comes from a system property or a properties file
 * ("does not map to any root"), as Mesos refuses an unknown flag; this adds the key it most likely
 * meant. Environment variables are not checked, by Quarkus or here: Kubernetes service links put
 * {@code MEZZO_MASTER_PORT} and the like into every pod of a namespace with a {@code mezzo-master}
 * service, and those must not stop a node.
 */
final class UnknownKeys {
  /** Every {@code @ConfigMapping} of {@code io.mezzo.config}; a unit test keeps this complete. */
  static final List<Class<?>> MAPPINGS =
      List.of(
          MezzoConfig.class,
          MasterSettings.class,
          AllocatorSettings.class,
          AgentSettings.class,
          ServicesSettings.class,
          JobsSettings.class,
          SecuritySettings.class,
          TlsSettings.class,
          HttpLimitSettings.class);

  private UnknownKeys() {}

  /** The keys of {@link #MAPPINGS}, as SmallRye names them (kebab-case under the prefix). */
  static Set<String> known() {
    Set<String> keys = new TreeSet<>();
    for (Class<?> mapping : MAPPINGS) {
      collect(mapping.getAnnotation(ConfigMapping.class).prefix(), mapping, keys);
    }
    return keys;
  }

  /**
   * Restates an unknown key: {@code key=value: unknown key…; did you mean …?}.
   *
   * @param value its value, or null if not known
   */
  static String describe(String key, String value) {
    String closest = closest(key, known());
    return (value == null ? key : key + "=" + value)
        + ": unknown key, its value would be ignored; "
        + (closest != null
            ? "did you mean " + closest + "?"
            : "expected one of the keys in README's Configuration table");
  }

  private static void collect(String prefix, Class<?> type, Set<String> out) {
    for (Method m : type.getMethods()) {
      if (m.getParameterCount() != 0 || m.isDefault() || Modifier.isStatic(m.getModifiers())) {
        continue;
      }
      WithName named = m.getAnnotation(WithName.class);
      String key = prefix + "." + (named != null ? named.value() : kebab(m.getName()));
      Class<?> result = m.getReturnType();
      if (result.isInterface() && result.getPackageName().startsWith("io.mezzo")) {
        collect(key, result, out);
      } else {
        out.add(key);
      }
    }
  }

  static String kebab(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
  }

  /** The known key within a few edits of {@code key}, or null if none is that close. */
  static String closest(String key, Set<String> known) {
    String best = null;
    int bestDistance = Math.max(3, key.length() / 5) + 1;
    for (String k : known) {
      int d = distance(key, k);
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    return best;
  }

  /** Levenshtein distance. */
  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int swap = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + swap);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
