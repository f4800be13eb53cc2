package io.mezzo.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tables of docs/mesos-compatibility.md, read so a test can hold them against the code. A table
 * is the run of {@code |} lines under a heading; its first column names one or more things in
 * backticks (call types, or a path and its aliases), its last column is the status: {@code same},
 * {@code same: note}, {@code differs: how} or {@code refused: why}. Anything else is a format error
 * naming the line.
 */
public final class CompatibilityDoc {
  /** The three statuses a row may have. */
  public enum Status {
    SAME,
    DIFFERS,
    REFUSED
  }

  /**
   * One row: the backticked names of its first cell, every cell's text, its status and the text
   * after the status word, and its line number (1-based) for messages.
   */
  public record Row(List<String> names, List<String> cells, Status status, String note, int line) {
    /** The cell of a column, by the header's name for it (case-insensitive). */
    public String cell(List<String> header, String column) {
      for (int i = 0; i < header.size(); i++) {
        if (header.get(i).equalsIgnoreCase(column)) {
          return cells.get(i);
        }
      }
      throw new IllegalArgumentException("no column '" + column + "' in " + header);
    }
  }

  /** A table: its header cells and rows. */
  public record Table(String heading, List<String> header, List<Row> rows) {}

  private static final Pattern TICKED = Pattern.compile("`([^`]+)`");
  private static final Pattern STATUS = Pattern.compile("^(same|differs|refused)(?::\\s*(.*))?$");

  private final Map<String, Table> tables;

  private CompatibilityDoc(Map<String, Table> tables) {
    this.tables = tables;
  }

  public static CompatibilityDoc read(Path file) {
    try {
      return parse(Files.readAllLines(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The table under {@code heading} (the heading's text without its {@code #}s). */
  public Table table(String heading) {
    Table t = tables.get(heading);
    if (t == null) {
      throw new AssertionError(
          "docs/mesos-compatibility.md has no table under '" + heading + "'; it has " + headings());
    }
    return t;
  }

  public List<String> headings() {
    return List.copyOf(tables.keySet());
  }

  static CompatibilityDoc parse(List<String> lines) {
    Map<String, Table> tables = new LinkedHashMap<>();
    String heading = null;
    List<String> header = null;
    List<Row> rows = null;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.startsWith("#")) {
        heading = line.replaceFirst("^#+", "").strip();
        header = null;
        continue;
      }
      if (!line.startsWith("|")) {
        header = null;
        continue;
      }
      List<String> cells = cells(line);
      if (header == null) {
        if (heading == null || tables.containsKey(heading)) {
          throw new IllegalStateException(
              "line " + (i + 1) + ": a table needs a heading of its own above it");
        }
        header = cells;
        rows = new ArrayList<>();
        tables.put(heading, new Table(heading, header, rows));
        continue;
      }
      if (cells.stream().allMatch(c -> c.matches(":?-+:?"))) {
        continue; // the separator row
      }
      if (cells.size() != header.size()) {
        throw new IllegalStateException(
            "line " + (i + 1) + ": " + cells.size() + " cells, the header has " + header.size());
      }
      rows.add(row(cells, i + 1));
    }
    return new CompatibilityDoc(tables);
  }

  private static Row row(List<String> cells, int line) {
    List<String> names = new ArrayList<>();
    Matcher m = TICKED.matcher(cells.get(0));
    while (m.find()) {
      names.add(m.group(1));
    }
    if (names.isEmpty()) {
      throw new IllegalStateException("line " + line + ": the first cell names nothing in `...`");
    }
    String last = cells.get(cells.size() - 1);
    Matcher s = STATUS.matcher(last);
    if (!s.matches()) {
      throw new IllegalStateException(
          "line "
              + line
              + ": the status must be same, differs: how, or refused: why; got '"
              + last
              + "'");
    }
    Status status = Status.valueOf(s.group(1).toUpperCase(Locale.ROOT));
    String note = s.group(2) == null ? "" : s.group(2).strip();
    if (status != Status.SAME && note.isEmpty()) {
      throw new IllegalStateException("line " + line + ": '" + s.group(1) + "' must say how/why");
    }
    return new Row(List.copyOf(names), List.copyOf(cells), status, note, line);
  }

  private static List<String> cells(String line) {
    String inner = line.substring(1, line.endsWith("|") ? line.length() - 1 : line.length());
    List<String> cells = new ArrayList<>();
    for (String c : inner.split("\\|", -1)) {
      cells.add(c.strip());
    }
    return cells;
  }
}
