package io.mezzo.testing;

import io.mezzo.config.MezzoConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.WithName;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Mezzo's configuration keys as the application defines them, for tests of deployment files: the
 * keys of every {@code @ConfigMapping} in {@code io.mezzo.config} (found by reflection, kebab-case
 * method names under the mapping's prefix, as SmallRye Config names them), their environment
 * variable names, and a node's effective configuration built the way Quarkus builds it from the
 * built-in {@code application.properties}, a mounted {@code config/application.properties} and the
 * process environment, with the role's profile.
 */
public final class MezzoConfigKeys {
  /** The Quarkus keys deployment files may set (a profile, where to listen). */
  public static final Set<String> QUARKUS_KEYS =
      Set.of("quarkus.profile", "quarkus.http.host", "quarkus.http.port");

  /** Variables of the image's entrypoint that are not config keys. */
  public static final Set<String> IMAGE_VARIABLES = Set.of("JAVA_OPTS", "JAVA_OPTS_APPEND");

  private static final String CONFIG_PACKAGE = MezzoConfig.class.getPackageName();

  private MezzoConfigKeys() {}

  /** A node's configuration under one set of inputs. */
  public record Effective(SmallRyeConfig config) {
    public MezzoConfig mezzo() {
      return config.getConfigMapping(MezzoConfig.class);
    }

    public String role() {
      return mezzo().role();
    }

    public int httpPort() {
      return config.getValue("quarkus.http.port", Integer.class);
    }

    public String value(String key) {
      return config.getValue(key, String.class);
    }
  }

  /** Every key of every {@code @ConfigMapping} interface in {@code io.mezzo.config}. */
  public static Set<String> mappedKeys() {
    Set<String> keys = new TreeSet<>();
    for (Class<?> mapping : mappings()) {
      collect(mapping.getAnnotation(ConfigMapping.class).prefix(), mapping, keys);
    }
    return keys;
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
        collect(key, result, out); // A nested group.
      } else {
        out.add(key);
      }
    }
  }

  /** {@code registrationBackoffFactor} → {@code registration-backoff-factor}. */
  static String kebab(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
  }

  /**
   * The environment variable Quarkus maps to a key: {@code mezzo.work-dir} → {@code
   * MEZZO_WORK_DIR}.
   */
  public static String envName(String key) {
    return key.toUpperCase().replaceAll("[^A-Z0-9]", "_");
  }

  /** {@code %master.mezzo.x} → {@code mezzo.x}; profile-less keys unchanged. */
  public static String withoutProfile(String key) {
    return key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key;
  }

  /** Parses {@code .properties} text. */
  public static Map<String, String> properties(String text) {
    Properties p = new Properties();
    try {
      p.load(new StringReader(text == null ? "" : text));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> out = new LinkedHashMap<>();
    p.stringPropertyNames().stream().sorted().forEach(k -> out.put(k, p.getProperty(k)));
    return out;
  }

  /**
   * The health endpoints the built application serves, by kind ({@code live}, {@code ready}, {@code
   * started}), from its {@code application.properties} with Quarkus's defaults ({@code
   * /q/health/…}).
   */
  public static Map<String, String> healthPaths() {
    SmallRyeConfig c = builder("prod", Map.of(), "").build();
    String root =
        "/"
            + c.getOptionalValue("quarkus.http.non-application-root-path", String.class)
                .orElse("q")
                .replaceAll("^/|/$", "");
    String health =
        root
            + "/"
            + c.getOptionalValue("quarkus.smallrye-health.root-path", String.class)
                .orElse("health")
                .replaceAll("^/|/$", "");
    Map<String, String> paths = new LinkedHashMap<>();
    paths.put(
        "live",
        health
            + "/"
            + c.getOptionalValue("quarkus.smallrye-health.liveness-path", String.class)
                .orElse("live"));
    paths.put(
        "ready",
        health
            + "/"
            + c.getOptionalValue("quarkus.smallrye-health.readiness-path", String.class)
                .orElse("ready"));
    paths.put(
        "started",
        health
            + "/"
            + c.getOptionalValue("quarkus.smallrye-health.startup-path", String.class)
                .orElse("started"));
    return paths;
  }

  /**
   * The configuration of a node started with this environment and this mounted {@code
   * config/application.properties}: every mapping is built, so a value that does not convert or a
   * {@code mezzo.*} key no mapping knows fails here as it would fail the node's start.
   *
   * @throws RuntimeException from SmallRye Config, naming the bad key
   */
  public static Effective effective(Map<String, String> env, String mountedProperties) {
    String profile = env.getOrDefault("QUARKUS_PROFILE", "prod");
    SmallRyeConfigBuilder b = builder(profile, env, mountedProperties).withValidateUnknown(true);
    for (Class<?> mapping : mappings()) {
      b.withMapping(mapping);
    }
    return new Effective(b.build());
  }

  private static SmallRyeConfigBuilder builder(
      String profile, Map<String, String> env, String mountedProperties) {
    URL builtIn = MezzoConfig.class.getClassLoader().getResource("application.properties");
    if (builtIn == null) {
      throw new IllegalStateException("no application.properties on the class path");
    }
    try {
      // Ordinals as Quarkus has them: built-in 250, working directory's config/ 260, environment
      // 300.
      return new SmallRyeConfigBuilder()
          .addDefaultInterceptors()
          .withProfile(profile)
          .withConverter(Duration.class, 200, new DurationConverter())
          .withSources(new PropertiesConfigSource(builtIn, 250))
          .withSources(
              new PropertiesConfigSource(
                  properties(mountedProperties), "config/application.properties", 260))
          .withSources(new EnvConfigSource(env, 300));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The {@code @ConfigMapping} interfaces of {@code io.mezzo.config}, from the classes directory.
   */
  static List<Class<?>> mappings() {
    URL dir = MezzoConfig.class.getClassLoader().getResource(CONFIG_PACKAGE.replace('.', '/'));
    List<Class<?>> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
      for (Path f : files.sorted().toList()) {
        String name = f.getFileName().toString();
        if (name.endsWith(".class") && !name.contains("$")) {
          Class<?> c =
              Class.forName(
                  CONFIG_PACKAGE + "." + name.substring(0, name.length() - ".class".length()));
          if (c.isAnnotationPresent(ConfigMapping.class)) {
            out.add(c);
          }
        }
      }
    } catch (IOException | URISyntaxException | ClassNotFoundException e) {
      throw new IllegalStateException("cannot list the config mappings in " + dir, e);
    }
    if (out.isEmpty()) {
      throw new IllegalStateException("no @ConfigMapping in " + dir);
    }
    return out;
  }
}
