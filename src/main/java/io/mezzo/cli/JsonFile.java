package io.mezzo.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads the JSON object a command sends ({@code mezzo app deploy FILE}, {@code mezzo job add
 * FILE}); {@code -} is stdin. Every problem is a usage failure naming the file, and where the JSON
 * breaks, before anything is sent.
 */
final class JsonFile {
  private JsonFile() {}

  /**
   * The file's JSON object.
   *
   * @param expected what the object should be, for the messages ({@code "a Chronos job"})
   */
  static JsonNode readObject(String file, String expected) {
    JsonNode node = read(file, expected);
    if (!node.isObject()) {
      throw CliFailure.usage(
          file + ": expected a JSON object (" + expected + "), got " + kind(node));
    }
    return node;
  }

  private static JsonNode read(String file, String expected) {
    try {
      byte[] bytes =
          file.equals("-") ? System.in.readAllBytes() : Files.readAllBytes(Path.of(file));
      String text = new String(bytes, StandardCharsets.UTF_8);
      if (text.isBlank()) {
        throw CliFailure.usage(file + ": is empty; expected " + expected + " as JSON");
      }
      return MasterHttp.JSON.readTree(text);
    } catch (NoSuchFileException e) {
      throw CliFailure.usage(file + ": no such file");
    } catch (JsonProcessingException e) {
      throw CliFailure.usage(
          file
              + ": not valid JSON at line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + ": "
              + e.getOriginalMessage());
    } catch (IOException e) {
      throw CliFailure.usage(file + ": cannot be read: " + e.getMessage());
    }
  }

  private static String kind(JsonNode n) {
    return n.isArray()
        ? "an array"
        : n.isTextual() ? "a string" : n.getNodeType().name().toLowerCase();
  }
}
