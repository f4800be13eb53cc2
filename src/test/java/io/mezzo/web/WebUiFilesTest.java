package io.mezzo.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The UI's files as shipped: self-contained, and only the UI's own paths hidden on agents. */
class WebUiFilesTest {
  static final Path ROOT = Path.of("src/main/resources/META-INF/resources");

  /** Absolute URLs a browser would fetch; the SVG namespace is a name, not a download. */
  static final Pattern URL =
      Pattern.compile(
          "(?:https?:)?//[a-z0-9.-]+\\.[a-z]{2,}[^\\s'\"`)]*", Pattern.CASE_INSENSITIVE);

  @Test
  void theUiLoadsNothingFromOtherHosts() throws IOException {
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(ROOT)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String text = Files.readString(f, StandardCharsets.UTF_8);
        Matcher m = URL.matcher(text);
        while (m.find()) {
          if (!m.group().equals("http://www.w3.org/2000/svg")) {
            found.add(ROOT.relativize(f) + ": " + m.group());
          }
        }
      }
    }
    assertThat(found).as("URLs of other hosts in the UI").isEmpty();
  }

  @Test
  void everyModuleTheIndexLoadsIsShipped() throws IOException {
    String index = Files.readString(ROOT.resolve("index.html"));
    Matcher m = Pattern.compile("(?:src|href)=\"(ui/[^\"]+)\"").matcher(index);
    int n = 0;
    while (m.find()) {
      assertThat(ROOT.resolve(m.group(1))).as("referenced by index.html").isRegularFile();
      n++;
    }
    assertThat(n).isGreaterThanOrEqualTo(3);
    try (Stream<Path> js = Files.walk(ROOT.resolve("ui/js"))) {
      for (Path f : js.filter(p -> p.toString().endsWith(".js")).toList()) {
        Matcher imp = Pattern.compile("from '(\\.{1,2}/[^']+)'").matcher(Files.readString(f));
        while (imp.find()) {
          assertThat(f.getParent().resolve(imp.group(1)).normalize())
              .as("imported by %s", f)
              .isRegularFile();
        }
      }
    }
  }

  @Test
  void theAppsViewHasANavEntryAndRoutesForTheListAndOneApp() throws IOException {
    assertThat(Files.readString(ROOT.resolve("index.html"))).contains("href=\"#/apps\"");
    String main = Files.readString(ROOT.resolve("ui/js/main.js"));
    assertThat(main)
        .contains("from './views/apps.js'")
        .contains("from './views/app.js'")
        .contains("[/^\\/apps$/")
        .contains("[/^\\/apps\\/(.+)$/");
  }

  @Test
  void theMaintenanceViewHasANavEntryAndARoute() throws IOException {
    assertThat(Files.readString(ROOT.resolve("index.html"))).contains("href=\"#/maintenance\"");
    assertThat(Files.readString(ROOT.resolve("ui/js/main.js")))
        .contains("from './views/maintenance.js'")
        .contains("[/^\\/maintenance$/");
  }

  @Test
  void theJobsViewHasANavEntryAndRoutesForTheListAndOneJob() throws IOException {
    assertThat(Files.readString(ROOT.resolve("index.html"))).contains("href=\"#/jobs\"");
    String main = Files.readString(ROOT.resolve("ui/js/main.js"));
    assertThat(main)
        .contains("from './views/jobs.js'")
        .contains("from './views/job.js'")
        .contains("[/^\\/jobs$/")
        .contains("[/^\\/jobs\\/(.+)$/");
  }

  /** Cluster text (app ids, commands, error messages) must go in as text nodes, never as HTML. */
  @Test
  void noModuleWritesHtmlFromStrings() throws IOException {
    try (Stream<Path> js = Files.walk(ROOT.resolve("ui/js"))) {
      for (Path f : js.filter(p -> p.toString().endsWith(".js")).toList()) {
        assertThat(Files.readString(f))
            .as("%s builds DOM with h(), not HTML strings", ROOT.relativize(f))
            .doesNotContain("innerHTML")
            .doesNotContain("outerHTML")
            .doesNotContain("insertAdjacentHTML");
      }
    }
  }

  @Test
  void onlyTheUisPathsAreHiddenOnNodesWithoutAMaster() {
    assertThat(List.of("/", "/index.html", "/ui", "/ui/js/main.js", "/ui/mezzo.css"))
        .allMatch(WebUi::isUiPath);
    assertThat(
            List.of(
                "/api/v1/scheduler",
                "/files/read",
                "/q/health/ready",
                "/metrics/snapshot",
                "/uix",
                "/state"))
        .noneMatch(WebUi::isUiPath);
  }
}
