package io.mezzo.api.v1;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What to run ({@code mesos.v1.CommandInfo}). With {@code shell} (the default) {@code value} runs
 * under {@code /bin/sh -c}; without it {@code value} is the executable and {@code arguments} the
 * whole argv, argv[0] included.
 */
public record CommandInfo(
    List<Uri> uris,
    Environment environment,
    Boolean shell,
    String value,
    List<String> arguments,
    String user) {

  public CommandInfo {
    shell = shell == null ? Boolean.TRUE : shell;
    uris = uris == null ? List.of() : uris;
    arguments = arguments == null ? List.of() : arguments;
  }

  public static CommandInfo shell(String command) {
    return new CommandInfo(null, null, true, command, null, null);
  }

  /** An artifact to fetch into the sandbox; {@code extract} defaults to true as in Mesos. */
  public record Uri(
      String value, Boolean executable, Boolean extract, Boolean cache, String outputFile) {
    public Uri {
      extract = extract == null ? Boolean.TRUE : extract;
    }
  }

  /** Environment variables for the command. */
  public record Environment(List<Variable> variables) {
    public Environment {
      variables = variables == null ? List.of() : variables;
    }

    /**
     * One variable; only VALUE variables are supported (SECRET needs a secret resolver). {@code
     * secret} stays raw JSON so that its presence can be refused.
     */
    public record Variable(String name, Type type, String value, JsonNode secret) {
      public Variable {
        type = type == null ? Type.VALUE : type;
      }

      public Variable(String name, Type type, String value) {
        this(name, type, value, null);
      }

      public enum Type {
        UNKNOWN,
        VALUE,
        SECRET
      }
    }
  }
}
