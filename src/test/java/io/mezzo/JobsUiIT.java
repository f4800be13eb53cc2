package io.mezzo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mezzo.testing.MezzoProcess;
import io.mezzo.testing.V1SchedulerClient;
import io.mezzo.web.Browser;
import io.mezzo.web.FixtureMaster;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The web UI's Jobs view in headless Chromium against a standalone Mezzo (the packaged jar), whose
 * built-in jobs framework serves Chronos's API at {@code /scheduler}: a job created from the form
 * runs every 2 s and its success count rises in the list until it is disabled, and again once
 * enabled; a bad schedule is refused with the server's 400 message next to the form; a job pasted
 * in the JSON tab, run with "Run now", shows its run in the history with its exit status and a
 * sandbox link that opens its stdout, and triggers the dependent job drawn under it in the graph; a
 * failing run counts as an error with its exit status; jobs are deleted through their confirmation
 * (a parent while it has a child is refused). Then, against a {@link FixtureMaster} without {@code
 * /scheduler}, the view says the framework is not running, and the page's own rules are checked in
 * its modules.
 *
 * <p>Waits are bounded ({@link Browser#WAIT}) and look for the state they need, not for the steps
 * on the way (a run's queued/running phases come and go between two polls). Skipped, saying why,
 * without {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JobsUiIT {
  static final HttpClient HTTP = V1SchedulerClient.newHttpClient();
  static final String EVERY_2S = "ui-every-2s";
  static final String MANUAL = "ui-manual";
  static final String CHILD = "ui-child";
  static final String FAILING = "ui-failing";

  private static Browser browser;
  private static MezzoProcess mezzo;

  @RegisterExtension
  final TestWatcher keepEvidence = Browser.keepEvidence(() -> browser, "failed-jobs-");

  @BeforeAll
  static void start() {
    String missing = Browser.unavailableReason();
    Assumptions.assumeTrue(missing == null, () -> "browser tests skipped: " + missing);
    browser = Browser.start();
  }

  @AfterAll
  static void stop() {
    try {
      if (browser != null) {
        browser.close();
      }
    } finally {
      if (mezzo != null) {
        mezzo.close();
      }
    }
  }

  // ---- a real standalone Mezzo with its jobs framework ----

  @Test
  @Order(1)
  void aJobFromTheFormRunsEveryTwoSecondsStopsOnceDisabledAndRunsAgainOnceEnabled()
      throws Exception {
    requireJobs();
    openJobs();
    browser.click("the create button", By.id("job-create-toggle"));
    type("job-name", EVERY_2S);
    type("job-command", "true");
    type("job-schedule", "R/" + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "/PT2S");
    type("job-cpus", "0.1");
    type("job-mem", "32");
    type("job-retries", "0");
    browser.click("Create job on the form", By.id("job-form-submit"));
    browser.awaitText(
        "the form's job accepted",
        By.cssSelector("#job-form-result .outcome.ok"),
        t -> t.contains(EVERY_2S));
    browser.await("its success count rising to 2", d -> successCount(EVERY_2S) >= 2);
    browser.screenshot("jobs");

    browser.click("Disable on its row", rowButton(EVERY_2S, "disable"));
    confirm();
    browser.awaitElement(
        "the row disabled and idle (a run going when it was disabled may finish first)",
        By.cssSelector(row(EVERY_2S) + "[data-disabled='true'][data-state='idle']"));
    long stopped = successCount(EVERY_2S);
    // Three slots of 2 s pass: a disabled job must claim none of them.
    await("no run of the disabled job")
        .during(Duration.ofSeconds(6))
        .atMost(Duration.ofSeconds(12))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> successCount(EVERY_2S) == stopped);
    browser.awaitText(
        "the list saying it will not run",
        By.cssSelector(row(EVERY_2S) + " td[data-label='Next run']"),
        "disabled"::equals);

    browser.click("Enable on its row", rowButton(EVERY_2S, "enable"));
    confirm();
    browser.await(
        "its success count rising again once enabled, its counters kept",
        d -> successCount(EVERY_2S) > stopped);
  }

  @Test
  @Order(2)
  void aBadScheduleIsRefusedWithTheServersMessageNextToTheForm() throws Exception {
    requireJobs();
    openJobs();
    browser.click("the create button", By.id("job-create-toggle"));
    type("job-name", "ui-bad-schedule");
    type("job-command", "true");
    type("job-schedule", "every two seconds");
    browser.click("Create job on the form", By.id("job-form-submit"));
    String refusal =
        browser.awaitText(
            "a 400 next to the form",
            By.cssSelector("#job-form-result .outcome.error[data-status='400']"),
            t -> !t.isBlank());
    browser.screenshot("jobs-400");
    assertThat(refusal.toLowerCase(Locale.ROOT))
        .as("the server's message, shown as it came, names the schedule")
        .contains("schedule");
    assertThat(jobsJson()).doesNotContain("ui-bad-schedule");
  }

  @Test
  @Order(3)
  void runNowShowsTheRunInTheHistoryWithASandboxAndTriggersTheChildInTheGraph() throws Exception {
    requireJobs();
    openJobs();
    browser.click("the create button", By.id("job-create-toggle"));
    browser.click("the JSON tab", By.id("job-tab-json"));
    editJson(
        "{\"name\": \""
            + MANUAL
            + "\", \"command\": \"echo jobs-ui-hello\", \"schedule\":"
            + " \"R/2099-01-01T00:00:00Z/P1D\", \"cpus\": 0.1, \"mem\": 32, \"retries\": 0}");
    browser.click("Create from JSON", By.id("job-json-submit"));
    browser.awaitElement("the JSON job accepted", By.cssSelector("#job-json-result .outcome.ok"));

    browser.click("the form tab", By.id("job-tab-form"));
    browser.script(
        "const k = document.getElementById('job-kind'); k.value = 'dependent';"
            + " k.dispatchEvent(new Event('change'));");
    type("job-name", CHILD);
    type("job-command", "true");
    type("job-parents", MANUAL);
    type("job-cpus", "0.1");
    type("job-mem", "32");
    browser.click("Create job on the form", By.id("job-form-submit"));
    browser.awaitText(
        "the dependent job accepted",
        By.cssSelector("#job-form-result .outcome.ok"),
        t -> t.contains(CHILD));
    browser.awaitElement(
        "the graph's link from the parent to the child",
        By.cssSelector(
            "#job-graph path.graph-link[data-parent='"
                + MANUAL
                + "'][data-child='"
                + CHILD
                + "']"));
    browser.awaitText(
        "the child's schedule column naming its parent",
        By.cssSelector(row(CHILD) + " td[data-label='Schedule']"),
        ("after " + MANUAL)::equals);

    browser.click("the job's link", By.cssSelector(row(MANUAL) + " a[href^='#/jobs/']"));
    browser.click("Run now", By.cssSelector("#main .page-header button[data-action='run']"));
    confirm();
    browser.awaitElement("the run accepted", By.cssSelector("#job-outcome .outcome.ok"));
    browser.await(
        "a successful run in the history with a sandbox link",
        d ->
            d.findElements(By.cssSelector("tr.run-row")).stream()
                .anyMatch(
                    r ->
                        "success".equalsIgnoreCase(r.getAttribute("data-status"))
                            && !r.findElements(By.cssSelector("a[href^='#/sandbox/']")).isEmpty()));
    browser.awaitText(
        "the successful run's exit status",
        By.cssSelector("tr.run-row[data-status='Success'] td[data-label='Exit']"),
        "0"::equals);
    browser.screenshot("job-detail");
    String taskId =
        (String)
            browser.script(
                "return [...document.querySelectorAll('tr.run-row')]"
                    + ".find((r) => r.dataset.status.toLowerCase() === 'success').dataset.taskId");
    browser.click(
        "the run's sandbox link",
        By.cssSelector("tr.run-row[data-task-id='" + taskId + "'] a[href^='#/sandbox/']"));
    browser.awaitText(
        "the run's stdout in its sandbox",
        By.id("pailer-output"),
        t -> t.contains("jobs-ui-hello"));

    openJobs();
    browser.await("the child run once after its parent succeeded", d -> successCount(CHILD) >= 1);
    browser.awaitElement(
        "the child drawn as a success in the graph",
        By.cssSelector(
            "#job-graph g.graph-node[data-job='" + CHILD + "'][data-last-state='success']"));
    browser.screenshot("jobs-graph");
  }

  @Test
  @Order(4)
  void aFailingRunCountsAsAnErrorWithItsExitStatusInTheHistory() throws Exception {
    requireJobs();
    openJobs();
    browser.click("the create button", By.id("job-create-toggle"));
    browser.click("the JSON tab", By.id("job-tab-json"));
    editJson(
        "{\"name\": \""
            + FAILING
            + "\", \"command\": \"exit 3\", \"schedule\": \"R/2099-01-01T00:00:00Z/P1D\","
            + " \"cpus\": 0.1, \"mem\": 32, \"retries\": 0}");
    browser.click("Create from JSON", By.id("job-json-submit"));
    browser.awaitElement("the JSON job accepted", By.cssSelector("#job-json-result .outcome.ok"));
    browser.click("Run now on its row", rowButton(FAILING, "run"));
    confirm();
    browser.awaitElement(
        "the row counting the error, its last outcome a failure",
        By.cssSelector(row(FAILING) + "[data-error-count='1'][data-outcome='failure']"));

    browser.click("the job's link", By.cssSelector(row(FAILING) + " a[href^='#/jobs/']"));
    browser.awaitText(
        "the failed run's exit status",
        By.cssSelector("tr.run-row[data-status='Fail'] td[data-label='Exit']"),
        "3"::equals);
    browser.screenshot("job-failed");
  }

  @Test
  @Order(5)
  void jobsAreDeletedThroughTheirConfirmationAndAParentWithAChildIsRefused() throws Exception {
    requireJobs();
    openJobs();
    browser.awaitElement("the parent's row", By.cssSelector(row(MANUAL)));
    browser.click("Delete the parent", rowButton(MANUAL, "delete"));
    confirm();
    browser.awaitText(
        "the server refusing to delete a job another depends on",
        By.cssSelector("#job-outcome .outcome.error[data-status='400']"),
        t -> !t.isBlank());
    assertThat(jobsJson()).contains(MANUAL);

    for (String name : List.of(CHILD, MANUAL, EVERY_2S, FAILING)) {
      browser.click("Delete " + name, rowButton(name, "delete"));
      confirm();
      browser.await(name + "'s row gone", d -> d.findElements(By.cssSelector(row(name))).isEmpty());
    }
    assertThat(jobsJson()).doesNotContain(CHILD, MANUAL, EVERY_2S, FAILING);
  }

  // ---- without the jobs framework, and the page's own rules ----

  @Test
  @Order(10)
  void withoutTheJobsApiTheJobsViewSaysTheFrameworkIsNotRunning() {
    try (FixtureMaster master = FixtureMaster.start()) {
      browser.open(master.url() + "/#/jobs");
      browser.awaitText(
          "the view saying the jobs framework is not running",
          By.id("jobs-unavailable"),
          t -> t.contains("not running"));
      assertThat(browser.driver().findElement(By.id("job-create-toggle")).isEnabled()).isFalse();
      browser.click("the Agents link", By.linkText("Agents"));
      browser.awaitElement("the rest of the UI still works", By.cssSelector("tr.agent-row"));
    }
  }

  @Test
  @Order(11)
  @SuppressWarnings("unchecked")
  void theFormTheHistoryAndTheGraphFollowChronos() {
    try (FixtureMaster master = FixtureMaster.start()) {
      browser.open(master.url() + "/#/");
      Map<String, Object> r =
          (Map<String, Object>)
              browser.asyncScript(
                  """
          const done = arguments[arguments.length - 1];
          import('/ui/js/chronos.js').then((c) => {
            const graph = c.parseGraphCsv('node,a,success,idle\\nnode,b,fresh,idle\\nnode,c,failure,running\\n'
              + 'link,a,b\\nlink,b,c\\nlink,a,c\\n');
            const rows = c.historyRows({ taskStatHistory: [
              { taskId: 'ct:1:0:a:', startTime: '12/02/26 10:00:00', endTime: 'N/A', status: 'Fail' },
              { taskId: 'ct:2:0:a:', startTime: '2026-12-02T11:00:00Z', status: 'Success', frameworkId: 'F', executorId: 'E' },
            ] }, { frameworkId: 'FW' });
            done({
              layers: c.layoutGraph(graph).layers,
              form: c.formToJob({ kind: 'scheduled', name: 'n', command: 'true', schedule: 'R/2026-12-02T10:00:00Z/PT2S',
                scheduleTimeZone: 'Europe/Berlin', cpus: '0.5', mem: '64', retries: '1' }).job,
              bad: c.formToJob({ kind: 'dependent', name: 'has space', command: '', parents: ' ', mem: 'lots' }).errors.map((e) => e.field),
              posted: c.definitionOf({ name: 'n', schedule: 'R/x/PT1S', parents: [], successCount: 3, errorCount: 1,
                lastSuccess: '2026-12-02T10:00:00Z', lastError: '', nextRun: null, state: 'idle', skippedCount: 0 }, true),
              sandboxes: rows.map((x) => x.sandbox),
              dependentUrl: c.postUrl({ parents: ['a'] }),
              scheduledUrl: c.postUrl({ schedule: 'R/x/PT1S', parents: [] }),
              after: c.scheduleText({ parents: ['a', 'b'] }),
              outcomes: [c.lastOutcome({ lastSuccess: '', lastError: '' }),
                c.lastOutcome({ lastSuccess: '2026-12-02T10:00:00Z', lastError: '2026-12-02T09:00:00Z' }),
                c.lastOutcome({ lastSuccess: '2026-12-02T10:00:00Z', lastError: '2026-12-02T11:00:00Z' })],
            });
          }, (e) => done({ error: String(e) }));
          """);
      assertThat(r).doesNotContainKey("error");
      assertThat((List<List<String>>) r.get("layers"))
          .as("each job one layer below its deepest parent")
          .containsExactly(List.of("a"), List.of("b"), List.of("c"));
      Map<String, Object> form = (Map<String, Object>) r.get("form");
      assertThat(form)
          .containsEntry("name", "n")
          .containsEntry("schedule", "R/2026-12-02T10:00:00Z/PT2S")
          .containsEntry("scheduleTimeZone", "Europe/Berlin")
          .doesNotContainKey("parents");
      assertThat(((Number) form.get("mem")).intValue()).isEqualTo(64);
      assertThat((List<String>) r.get("bad")).containsExactly("name", "command", "parents", "mem");
      assertThat((Map<String, Object>) r.get("posted"))
          .as("the counters and state are not posted back")
          .containsOnlyKeys("name", "schedule", "disabled")
          .containsEntry("disabled", true);
      assertThat((List<Map<String, Object>>) r.get("sandboxes"))
          .as("newest first; a command task's own id is its executor")
          .containsExactly(
              Map.of("frameworkId", "F", "executorId", "E"),
              Map.of("frameworkId", "FW", "executorId", "ct:1:0:a:"));
      assertThat(r)
          .containsEntry("dependentUrl", "/scheduler/dependency")
          .containsEntry("scheduledUrl", "/scheduler/iso8601")
          .containsEntry("after", "after a, b");
      assertThat((List<String>) r.get("outcomes")).containsExactly("fresh", "success", "failure");
    }
  }

  // ---- helpers ----

  /** Through another view first: opening the same URL would not mount the view afresh. */
  private static void openJobs() {
    browser.open(mezzo.baseUrl() + "/#/");
    browser.open(mezzo.baseUrl() + "/#/jobs");
    browser.awaitText("the Jobs tab, active", By.cssSelector("nav.tabs a.active"), "Jobs"::equals);
  }

  private static String row(String name) {
    return "tr.job-row[data-job-name='" + name + "']";
  }

  private static By rowButton(String name, String action) {
    return By.cssSelector(row(name) + " button[data-action='" + action + "']");
  }

  /** The success count the list shows for a job, -1 while it is not listed. */
  private static long successCount(String name) {
    Object v =
        browser.script(
            "const r = document.querySelector(arguments[0]);"
                + " return r ? Number(r.dataset.successCount) : -1;",
            row(name));
    return ((Number) v).longValue();
  }

  private static void type(String id, String text) {
    WebElement e = browser.awaitElement("the field " + id, By.id(id));
    e.clear();
    e.sendKeys(text);
  }

  private static void editJson(String json) {
    browser.awaitElement("the JSON editor", By.id("job-json"));
    browser.script("document.getElementById('job-json').value = arguments[0]", json);
  }

  private static void confirm() {
    browser.awaitElement("the confirmation dialog", By.cssSelector("dialog#confirm-dialog[open]"));
    browser.click("the dialog's confirm button", By.id("confirm-ok"));
    browser.await(
        "the dialog closed",
        d -> d.findElements(By.cssSelector("dialog#confirm-dialog[open]")).isEmpty());
  }

  /** The names GET /scheduler/jobs lists, read from its JSON without a browser. */
  private static String jobsJson() throws IOException, InterruptedException {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(mezzo.baseUrl().resolve("/scheduler/jobs"))
                .timeout(Browser.WAIT)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("GET /scheduler/jobs").isEqualTo(200);
    return r.body();
  }

  /**
   * Starts the standalone Mezzo on first use (the fixture tests need none), and checks it serves
   * the jobs framework's Chronos API (issue 11), saying so when it does not.
   */
  private static synchronized void requireJobs() throws IOException, InterruptedException {
    if (mezzo == null) {
      mezzo = MezzoProcess.standalone("jobs-ui");
    }
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(mezzo.baseUrl().resolve("/scheduler/jobs"))
                .timeout(Browser.WAIT)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode())
        .as(
            "GET /scheduler/jobs must answer 200 for the Jobs view (it answered %d: %s); it comes"
                + " with the built-in jobs framework of issue 11",
            r.statusCode(), r.body())
        .isEqualTo(200);
  }
}
