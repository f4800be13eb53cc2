package io.mezzo.api.v1;

import java.util.Optional;

/**
 * Mesos's rules for the ids clients choose or echo (task, framework, agent, executor ids; {@code
 * common/validation.cpp validateID}): not empty, at most 255 characters, not {@code .} or {@code
 * ..}, no {@code /}, whitespace or control characters. Ids become path components in agent
 * sandboxes, so these rules are also what keeps an id inside its directory. Pure.
 */
public final class IdRules {
  public static final int MAX_LENGTH = 255;

  private IdRules() {}

  /** Why {@code id} is not a valid id, or empty when it is. A null id is "empty". */
  public static Optional<String> problem(String id) {
    if (id == null || id.isEmpty()) {
      return Optional.of("it is empty");
    }
    if (id.length() > MAX_LENGTH) {
      return Optional.of("it is longer than " + MAX_LENGTH + " characters");
    }
    if (id.equals(".") || id.equals("..")) {
      return Optional.of("'.' and '..' are reserved");
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c == '/' || Character.isWhitespace(c) || Character.isISOControl(c)) {
        return Optional.of("it contains '/', whitespace or a control character");
      }
    }
    return Optional.empty();
  }
}
