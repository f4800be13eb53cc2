package io.mezzo.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The strict schema oracle of MESOS-API.md §9: a JSON body is valid Mesos v1 JSON if
 * protobuf-java-util's {@code JsonFormat.parser()} (without {@code ignoringUnknownFields()}) parses
 * it into the official message class of {@code org.apache.mesos:mesos:1.11.0} and the result has
 * every {@code required} field. A wrong field name, a wrong JSON type, an enum name unknown to the
 * 1.11.0 protos or a missing required field fails, which is exactly what a strict third-party
 * client (the protobuf-java based ones) would do with our output.
 *
 * <p>The official classes were generated for protobuf-java 3.5, and the Quarkus BOM manages
 * protobuf-java to 4.x. So the oracle does not use the test classpath at all: the build copies the
 * 3.5-era jars (mesos, protobuf-java, protobuf-java-util, gson, guava) to {@code
 * target/proto-oracle} and they are loaded here in a class loader whose parent is the platform
 * loader, so nothing of the application's classpath can leak in or be replaced. Everything is
 * reached by reflection.
 *
 * <p>Beyond the parser, keys must be the proto field names (the parser also takes lowerCamel
 * aliases, which Mesos would ignore). Known blind spot: the one {@code google.protobuf.Duration}
 * field (operator {@code DRAIN_AGENT.max_grace_period}) is written by Mesos as {@code {"seconds":
 * N}}, which this proto3-style parser rejects; do not check DRAIN_AGENT bodies with it.
 *
 * <p>Thread-safe (the parser and the class loader are immutable once built).
 */
public final class ProtoOracle {
  /** System property with the directory of the oracle's jars; set by surefire and failsafe. */
  public static final String DIR_PROPERTY = "mezzo.proto-oracle.dir";

  /** The official message types our JSON is checked against. */
  public enum Schema {
    SCHEDULER_CALL("org.apache.mesos.v1.scheduler.Protos$Call"),
    SCHEDULER_EVENT("org.apache.mesos.v1.scheduler.Protos$Event"),
    MASTER_CALL("org.apache.mesos.v1.master.Protos$Call"),
    MASTER_RESPONSE("org.apache.mesos.v1.master.Protos$Response"),
    MASTER_EVENT("org.apache.mesos.v1.master.Protos$Event"),
    AGENT_CALL("org.apache.mesos.v1.agent.Protos$Call"),
    AGENT_RESPONSE("org.apache.mesos.v1.agent.Protos$Response"),
    EXECUTOR_CALL("org.apache.mesos.v1.executor.Protos$Call"),
    EXECUTOR_EVENT("org.apache.mesos.v1.executor.Protos$Event"),
    FRAMEWORK_INFO("org.apache.mesos.v1.Protos$FrameworkInfo"),
    TASK_INFO("org.apache.mesos.v1.Protos$TaskInfo"),
    TASK_STATUS("org.apache.mesos.v1.Protos$TaskStatus"),
    OFFER("org.apache.mesos.v1.Protos$Offer"),
    MASTER_INFO("org.apache.mesos.v1.Protos$MasterInfo");

    private final String className;

    Schema(String className) {
      this.className = className;
    }

    /** The protobuf message name, e.g. {@code mesos.v1.scheduler.Call}, for messages. */
    public String protoName() {
      int protos = className.indexOf(".Protos$");
      String pkg = className.substring("org.apache.".length(), protos);
      return pkg + "." + className.substring(protos + ".Protos$".length()).replace('$', '.');
    }
  }

  private static final List<String> PROTO_PACKAGES =
      List.of(
          "org.apache.mesos.v1",
          "org.apache.mesos.v1.scheduler",
          "org.apache.mesos.v1.executor",
          "org.apache.mesos.v1.master",
          "org.apache.mesos.v1.agent",
          "org.apache.mesos.v1.quota",
          "org.apache.mesos.v1.maintenance",
          "org.apache.mesos.v1.allocator");

  private static final ObjectMapper JSON = new ObjectMapper();

  private static volatile ProtoOracle instance;

  private volatile Map<String, Object> messages;

  private final ClassLoader loader;
  private final Object parser;
  private final Method merge;
  private final Object printer;
  private final Method print;

  private ProtoOracle(ClassLoader loader) throws ReflectiveOperationException {
    this.loader = loader;
    Class<?> jsonFormat = loader.loadClass("com.google.protobuf.util.JsonFormat");
    Class<?> messageBuilder = loader.loadClass("com.google.protobuf.Message$Builder");
    Class<?> messageOrBuilder = loader.loadClass("com.google.protobuf.MessageOrBuilder");
    this.parser = jsonFormat.getMethod("parser").invoke(null);
    this.merge = parser.getClass().getMethod("merge", String.class, messageBuilder);
    Object p = jsonFormat.getMethod("printer").invoke(null);
    this.printer = p.getClass().getMethod("preservingProtoFieldNames").invoke(p);
    this.print = printer.getClass().getMethod("print", messageOrBuilder);
  }

  /** The shared oracle; its jars are loaded once per JVM. */
  public static ProtoOracle get() {
    ProtoOracle o = instance;
    if (o == null) {
      synchronized (ProtoOracle.class) {
        o = instance;
        if (o == null) {
          o = load(jarDirectory());
          instance = o;
        }
      }
    }
    return o;
  }

  /** Shorthand for {@code get().parse(schema, json)}. */
  public static String check(Schema schema, String json) {
    return get().parse(schema, json);
  }

  /**
   * Parses {@code json} strictly as {@code schema} and builds the message (so missing required
   * fields fail too).
   *
   * @return the parsed message printed back by protobuf-java-util (proto field names), handy in
   *     assertion messages
   * @throws AssertionError naming the schema, quoting the parser's message and the JSON
   */
  public String parse(Schema schema, String json) {
    try {
      Class<?> type = loader.loadClass(schema.className);
      Object builder = type.getMethod("newBuilder").invoke(null);
      merge.invoke(parser, json, builder);
      Object message = builder.getClass().getMethod("build").invoke(builder);
      List<String> aliases = new ArrayList<>();
      checkKeys(schema.protoName(), JSON.readTree(json), "", aliases);
      if (!aliases.isEmpty()) {
        throw new AssertionError(
            "not valid "
                + schema.protoName()
                + " JSON: keys that are not proto field names (the"
                + " parser took them as lowerCamel json_name aliases, Mesos ignores them): "
                + aliases
                + "\n  in: "
                + json);
      }
      return (String) print.invoke(printer, message);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      throw new AssertionError(
          "not valid "
              + schema.protoName()
              + " JSON (protobuf-java-util 3.5 strict parser): "
              + cause.getClass().getSimpleName()
              + ": "
              + cause.getMessage()
              + "\n  in: "
              + json,
          cause);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("proto oracle is broken: " + e, e);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + e.getMessage() + "\n  in: " + json, e);
    }
  }

  /**
   * protobuf-java-util accepts a field's lowerCamel {@code json_name} as well as its proto name;
   * Mesos knows only the proto name and would silently ignore {@code frameworkId}. So every key of
   * a message object must be the proto name itself (map keys are data and are not checked).
   */
  private void checkKeys(String message, JsonNode node, String path, List<String> aliases) {
    if (!node.isObject()) {
      return;
    }
    Map<String, Field> fields = fields(message);
    node.fieldNames()
        .forEachRemaining(
            key -> {
              Field f = fields.get(key);
              if (f == null) {
                aliases.add(path + "/" + key);
                return;
              }
              if (!f.javaType().equals("MESSAGE")) {
                return;
              }
              JsonNode value = node.get(key);
              String at = path + "/" + key;
              if (f.map()) {
                value
                    .fields()
                    .forEachRemaining(e -> checkKeys(f.messageType(), e.getValue(), at, aliases));
              } else if (f.repeated()) {
                for (int i = 0; i < value.size(); i++) {
                  checkKeys(f.messageType(), value.get(i), at + "/" + i, aliases);
                }
              } else {
                checkKeys(f.messageType(), value, at, aliases);
              }
            });
  }

  /** Where the oracle's protobuf runtime was loaded from (a jar path). */
  public String protobufRuntime() {
    try {
      return Path.of(
              loader
                  .loadClass("com.google.protobuf.Message")
                  .getProtectionDomain()
                  .getCodeSource()
                  .getLocation()
                  .toURI())
          .toString();
    } catch (ReflectiveOperationException | java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One field of an official message, as far as the JSON mapping cares. */
  public record Field(
      String name,
      boolean required,
      boolean repeated,
      boolean map,
      String javaType,
      String messageType,
      List<String> enumValues) {}

  /**
   * The fields of an official message by their proto names, e.g. {@code
   * fields("mesos.v1.TaskInfo")}. {@code javaType} is protobuf's {@code FieldDescriptor.JavaType}
   * name (INT, LONG, DOUBLE, BOOLEAN, STRING, BYTE_STRING, ENUM, MESSAGE); for a map field it
   * describes the map's value.
   *
   * @throws IllegalArgumentException for a message name unknown to the 1.11.0 protos
   */
  public Map<String, Field> fields(String protoFullName) {
    Object descriptor = messageIndex().get(protoFullName);
    if (descriptor == null) {
      throw new IllegalArgumentException(
          "no message " + protoFullName + " in the Mesos 1.11.0 protos");
    }
    try {
      Map<String, Field> out = new LinkedHashMap<>();
      for (Object fd : (List<?>) call(descriptor, "getFields")) {
        boolean map = (Boolean) call(fd, "isMapField");
        Object valueFd = fd;
        if (map) {
          Object entry = call(fd, "getMessageType");
          valueFd = call(entry, "findFieldByName", "value");
        }
        String javaType = call(valueFd, "getJavaType").toString();
        String messageType =
            javaType.equals("MESSAGE")
                ? (String) call(call(valueFd, "getMessageType"), "getFullName")
                : null;
        List<String> enumValues = List.of();
        if (javaType.equals("ENUM")) {
          List<String> names = new ArrayList<>();
          for (Object v : (List<?>) call(call(valueFd, "getEnumType"), "getValues")) {
            names.add((String) call(v, "getName"));
          }
          enumValues = List.copyOf(names);
        }
        String name = (String) call(fd, "getName");
        out.put(
            name,
            new Field(
                name,
                (Boolean) call(fd, "isRequired"),
                (Boolean) call(fd, "isRepeated") && !map,
                map,
                javaType,
                messageType,
                enumValues));
      }
      return out;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("proto oracle is broken: " + e, e);
    }
  }

  private Map<String, Object> messageIndex() {
    Map<String, Object> index = messages;
    if (index == null) {
      synchronized (this) {
        if (messages == null) {
          Map<String, Object> built = new HashMap<>();
          try {
            for (String pkg : PROTO_PACKAGES) {
              Object file =
                  loader.loadClass(pkg + ".Protos").getMethod("getDescriptor").invoke(null);
              for (Object d : (List<?>) call(file, "getMessageTypes")) {
                indexMessage(d, built);
              }
            }
          } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("proto oracle is broken: " + e, e);
          }
          messages = Map.copyOf(built);
        }
        index = messages;
      }
    }
    return index;
  }

  private static void indexMessage(Object descriptor, Map<String, Object> into)
      throws ReflectiveOperationException {
    into.put((String) call(descriptor, "getFullName"), descriptor);
    for (Object nested : (List<?>) call(descriptor, "getNestedTypes")) {
      indexMessage(nested, into);
    }
  }

  private static Object call(Object target, String method, Object... args)
      throws ReflectiveOperationException {
    for (Method m : target.getClass().getMethods()) {
      if (m.getName().equals(method) && m.getParameterCount() == args.length) {
        return m.invoke(target, args);
      }
    }
    throw new NoSuchMethodException(target.getClass().getName() + "." + method);
  }

  private static Path jarDirectory() {
    String configured = System.getProperty(DIR_PROPERTY);
    Path dir = configured != null ? Path.of(configured) : Path.of("target", "proto-oracle");
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException(
          "proto oracle jars not found in "
              + dir.toAbsolutePath()
              + " (set -D"
              + DIR_PROPERTY
              + ", or run the Maven phase generate-test-resources, which copies them)");
    }
    return dir;
  }

  private static ProtoOracle load(Path dir) {
    List<URL> urls;
    try (Stream<Path> files = Files.list(dir)) {
      urls =
          files
              .filter(p -> p.getFileName().toString().endsWith(".jar"))
              .sorted()
              .map(ProtoOracle::toUrl)
              .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // Parent = platform loader: only the JDK is shared, so protobuf, guava and gson always come
    // from
    // these jars, whatever versions the application's classpath has.
    ClassLoader loader =
        new URLClassLoader(
            "proto-oracle", urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    try {
      return new ProtoOracle(loader);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot load the proto oracle from " + urls, e);
    }
  }

  private static URL toUrl(Path p) {
    try {
      return p.toUri().toURL();
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    }
  }
}
