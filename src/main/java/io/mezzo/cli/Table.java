package io.mezzo.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table with aligned columns, as {@code kubectl get} prints: a header row in capitals,
 * columns separated by at least two spaces, no borders, so {@code awk '{print $1}'} and {@code tail
 * -n +2} work on it. The header is printed even when there are no rows, so scripts see the columns.
 */
final class Table {
  private static final int GAP = 2;

  private final List<String> headers;
  private final List<List<String>> rows = new ArrayList<>();

  Table(String... headers) {
    this.headers = List.of(headers);
  }

  /** Adds a row; null cells print as "-" and missing trailing cells as empty. */
  Table row(Object... cells) {
    if (cells.length > headers.size()) {
      throw new IllegalArgumentException(
          "row has " + cells.length + " cells for " + headers.size() + " columns");
    }
    List<String> row = new ArrayList<>();
    for (int i = 0; i < headers.size(); i++) {
      Object c = i < cells.length ? cells[i] : "";
      row.add(c == null ? "-" : oneLine(String.valueOf(c)));
    }
    rows.add(row);
    return this;
  }

  int size() {
    return rows.size();
  }

  void print(PrintWriter out) {
    int[] widths = new int[headers.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = headers.get(i).length();
      for (List<String> r : rows) {
        widths[i] = Math.max(widths[i], r.get(i).length());
      }
    }
    line(out, headers, widths);
    for (List<String> r : rows) {
      line(out, r, widths);
    }
    out.flush();
  }

  private static void line(PrintWriter out, List<String> cells, int[] widths) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      String c = cells.get(i);
      b.append(c);
      if (i < cells.size() - 1) {
        b.append(" ".repeat(widths[i] - c.length() + GAP));
      }
    }
    out.println(b.toString().stripTrailing());
  }

  /** A cell never breaks the row: newlines and tabs (a multi-line cmd) become spaces. */
  private static String oneLine(String s) {
    return s.replaceAll("[\\r\\n\\t]+", " ");
  }
}
