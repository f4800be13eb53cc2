package io.mezzo.testing;

import io.mezzo.bootstrap.MezzoNode;
import io.mezzo.bootstrap.Role;
import io.mezzo.bootstrap.TestNodes;
import io.mezzo.config.MezzoConfig;
import io.mezzo.config.SecuritySettings;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The HTTP paths a node of a given role registers, found the way Quarkus would find them, without
 * Quarkus: every class of the scanned packages with an {@code @Observes Router} method is built
 * (its constructor's dependencies made the same way, or null where they cannot be) and asked to
 * register on a fresh router; every JAX-RS resource contributes its {@code @Path}s. So a route
 * another class adds is seen without anyone listing it here.
 */
public final class RegisteredPaths {
  private final List<String> packages;

  /**
   * @param packages e.g. {@code io.mezzo.http.master}
   */
  public RegisteredPaths(List<String> packages) {
    this.packages = List.copyOf(packages);
  }

  /** The paths (no query, no method) a node of {@code role} serves. */
  public Set<String> of(Role role) {
    Vertx vertx = Vertx.vertx();
    try {
      MezzoConfig config = TestNodes.config(role.name().toLowerCase(), 1 << 20);
      Map<Class<?>, Object> known =
          Map.of(
              MezzoNode.class,
              new MezzoNode(config),
              Vertx.class,
              vertx,
              MezzoConfig.class,
              config,
              SecuritySettings.class,
              defaults(SecuritySettings.class));
      Router router = Router.router(vertx);
      Set<String> paths = new TreeSet<>();
      for (Class<?> type : classes()) {
        paths.addAll(jaxRsPaths(type));
        for (Method m : type.getDeclaredMethods()) {
          if (observesRouter(m)) {
            Object route = build(type, known, 0);
            if (route == null) {
              throw new IllegalStateException(
                  "cannot build " + type.getName() + " in-process to see what it registers");
            }
            m.setAccessible(true);
            try {
              m.invoke(route, router);
            } catch (ReflectiveOperationException e) {
              throw new IllegalStateException(type.getName() + ".register failed", e);
            }
          }
        }
      }
      for (Route r : router.getRoutes()) {
        if (r.getPath() != null) {
          paths.add(r.getPath());
        }
      }
      return paths;
    } finally {
      vertx.close();
    }
  }

  private static boolean observesRouter(Method m) {
    Parameter[] ps = m.getParameters();
    return ps.length == 1
        && ps[0].getType() == Router.class
        && ps[0].isAnnotationPresent(Observes.class);
  }

  private static Set<String> jaxRsPaths(Class<?> type) {
    jakarta.ws.rs.Path base = type.getAnnotation(jakarta.ws.rs.Path.class);
    Set<String> out = new TreeSet<>();
    if (base == null) {
      return out;
    }
    for (Method m : type.getDeclaredMethods()) {
      jakarta.ws.rs.Path p = m.getAnnotation(jakarta.ws.rs.Path.class);
      if (p != null && Modifier.isPublic(m.getModifiers())) {
        out.add(("/" + base.value() + "/" + p.value()).replaceAll("/+", "/"));
      }
    }
    return out;
  }

  /** A settings mapping whose every key is unset or off, as a node without those keys has it. */
  private static <T> T defaults(Class<T> mapping) {
    return mapping.cast(
        java.lang.reflect.Proxy.newProxyInstance(
            mapping.getClassLoader(),
            new Class<?>[] {mapping},
            (proxy, method, args) -> {
              Class<?> r = method.getReturnType();
              if (r == boolean.class) {
                return false;
              }
              if (r == java.util.Optional.class) {
                return java.util.Optional.empty();
              }
              if (r == java.util.OptionalInt.class) {
                return java.util.OptionalInt.empty();
              }
              throw new UnsupportedOperationException(method.getName());
            }));
  }

  /** An instance of {@code type}: a known one, else built from its widest public constructor. */
  private static Object build(Class<?> type, Map<Class<?>, Object> known, int depth) {
    for (Map.Entry<Class<?>, Object> k : known.entrySet()) {
      if (type.isAssignableFrom(k.getKey())) {
        return k.getValue();
      }
    }
    if (depth > 3
        || type.isInterface()
        || type.isPrimitive()
        || Modifier.isAbstract(type.getModifiers())) {
      return null;
    }
    Constructor<?> widest = null;
    for (Constructor<?> c : type.getConstructors()) {
      if (widest == null || c.getParameterCount() > widest.getParameterCount()) {
        widest = c;
      }
    }
    if (widest == null) {
      return null;
    }
    Object[] args = new Object[widest.getParameterCount()];
    Class<?>[] types = widest.getParameterTypes();
    for (int i = 0; i < args.length; i++) {
      args[i] = build(types[i], known, depth + 1);
      if (args[i] == null && types[i].isPrimitive()) {
        return null;
      }
    }
    try {
      return widest.newInstance(args);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  private List<Class<?>> classes() {
    Path root;
    try {
      root = Path.of(MezzoNode.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    if (Files.isRegularFile(root)) {
      // Under failsafe the classes come from the packaged jar rather than target/classes.
      try (FileSystem jar = FileSystems.newFileSystem(root)) {
        return classes(jar.getPath("/"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return classes(root);
  }

  private List<Class<?>> classes(Path root) {
    List<Class<?>> out = new ArrayList<>();
    for (String pkg : packages) {
      Path dir = root.resolve(pkg.replace('.', '/'));
      if (!Files.isDirectory(dir)) {
        throw new IllegalStateException("no compiled classes in " + dir);
      }
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.sorted().toList()) {
          String name = f.getFileName().toString();
          if (name.endsWith(".class") && !name.contains("$")) {
            out.add(
                Class.forName(
                    pkg + "." + name.substring(0, name.length() - ".class".length()),
                    false,
                    RegisteredPaths.class.getClassLoader()));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
    }
    return out;
  }
}
