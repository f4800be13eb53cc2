package io.mezzo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mezzo.testing.MezzoProcess;
import io.mezzo.testing.V1SchedulerClient;
import io.mezzo.web.Browser;
import io.mezzo.web.FixtureMaster;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
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

/**
 * The web UI in a real browser (headless Debian Chromium through Selenium), in one browser:
 *
 * <ol>
 *   <li>against a standalone Mezzo (the packaged jar) running a task a v1 framework launched
 *       ({@code echo ui-hello && sleep 120}): the overview shows the agent and the running task,
 *       the sandbox view shows the task's stdout, agents and frameworks list them, the maintenance
 *       view shows a window scheduled for the agent's machine; screenshots at desktop and phone
 *       size go to {@code target/ui-screenshots/};
 *   <li>against {@link FixtureMaster}s for what one real node cannot show: a standby master sending
 *       the browser to the leader, an unreachable agent, a failing state endpoint — each must give
 *       a banner, never a broken page.
 * </ol>
 *
 * Skipped, saying why, on a machine without {@code /usr/bin/chromium} and {@code
 * /usr/bin/chromedriver}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebUiIT {
  // Seconds on an idle machine; generous because CI machines are loaded (every wait is bounded and
  // returns as soon as its condition holds).
  static final Duration OFFER_TIMEOUT = Duration.ofSeconds(60);
  static final Duration TASK_TIMEOUT = Duration.ofSeconds(60);
  static final HttpClient HTTP = V1SchedulerClient.newHttpClient();

  private static Browser browser;
  private static MezzoProcess mezzo;
  private static V1SchedulerClient framework;
  private static String taskId;
  private static JsonNode offer;

  @RegisterExtension
  final TestWatcher keepEvidence = Browser.keepEvidence(() -> browser, "failed-");

  @BeforeAll
  static void start() {
    String missing = Browser.unavailableReason();
    Assumptions.assumeTrue(missing == null, () -> "browser tests skipped: " + missing);
    browser = Browser.start();
    mezzo = MezzoProcess.standalone("web-ui");
  }

  @AfterAll
  static void stop() {
    try {
      if (framework != null) {
        framework.teardown();
        framework.close();
      }
    } finally {
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
  }

  // ---- a real standalone Mezzo ----

  @Test
  @Order(1)
  void overviewShowsTheAgentAndTheRunningTask() throws Exception {
    requireEndpoint("/master/state");
    launchTask();
    browser.open(mezzo.baseUrl() + "/");

    String agentId = offer.at("/agent_id/value").asText();
    String host = offer.path("hostname").asText();
    browser.awaitText(
        "the agent's row on the overview, with its host " + host + " and ACTIVE",
        By.cssSelector("tr.agent-row[data-agent-id='" + agentId + "']"),
        t -> t.contains(host) && t.contains("ACTIVE"));
    browser.awaitText(
        "the task's row, running",
        By.cssSelector("tr.task-row[data-task-id='" + taskId + "'][data-state='TASK_RUNNING']"),
        t -> t.contains("RUNNING"));
    browser.awaitText(
        "this standalone master as the leader, at port " + mezzo.port(),
        By.id("leader-address"),
        t -> t.endsWith(":" + mezzo.port()));
    assertThat(browser.driver().findElements(By.cssSelector("#banners .banner.error"))).isEmpty();

    // A few polls so the charts have a history to draw, then the pictures.
    browser.await("three polls", d -> pollsSoFar() >= 3);
    browser.screenshot("overview");
    browser.phone();
    try {
      browser.await(
          "the phone layout", d -> (Boolean) browser.script("return window.innerWidth <= 400"));
      assertThat(
              ((Number) browser.script("return document.documentElement.scrollWidth")).intValue())
          .as("nothing wider than a phone screen")
          .isLessThanOrEqualTo(390);
      browser.screenshot("overview-phone");
    } finally {
      browser.desktop();
    }
  }

  @Test
  @Order(2)
  void sandboxViewShowsTheTasksStdout() throws Exception {
    requireEndpoint("/master/state");
    launchTask();
    String sandbox =
        "/frameworks/" + framework.frameworkId() + "/executors/" + taskId + "/runs/latest";
    requireEndpoint(
        "/files/read?offset=-1&path="
            + URLEncoder.encode(sandbox + "/stdout", StandardCharsets.UTF_8));

    browser.open(mezzo.baseUrl() + "/#/tasks");
    browser.click(
        "the Sandbox link of the task on the tasks view",
        By.cssSelector("tr.task-row[data-task-id='" + taskId + "'] a[href^='#/sandbox/']"));
    browser.awaitText(
        "ui-hello in the sandbox's stdout", By.id("pailer-output"), t -> t.contains("ui-hello"));
    browser.awaitElement("stdout listed", By.linkText("stdout"));
    assertThat(browser.driver().findElements(By.cssSelector("#banners .banner.error"))).isEmpty();
    browser.screenshot("sandbox");
  }

  @Test
  @Order(3)
  void agentsAndFrameworksViewsListTheClusterAndTheDominantShare() throws Exception {
    requireEndpoint("/master/state");
    launchTask();
    browser.open(mezzo.baseUrl() + "/#/agents");
    String host = offer.path("hostname").asText();
    browser.awaitText(
        "the agent on the agents view, with its host " + host,
        By.cssSelector(
            "tr.agent-row[data-agent-id='" + offer.at("/agent_id/value").asText() + "']"),
        t -> t.contains(host));

    browser.open(mezzo.baseUrl() + "/#/frameworks");
    // 0.1 of 2 cpus and 32 of 1024 MB: cpus dominate at 5%.
    browser.awaitText(
        "the framework on the frameworks view, named web-ui-it, with a dominant share of 5% cpus",
        By.cssSelector("tr.framework-row[data-framework-id='" + framework.frameworkId() + "']"),
        t -> t.contains("web-ui-it") && t.contains("5% cpus"));
    browser.screenshot("frameworks");

    // A role with a quota shows it on the roles card: guarantee, limit and what it consumes.
    java.net.http.HttpResponse<String> quota =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(mezzo.baseUrl().resolve("/quota"))
                    .timeout(java.time.Duration.ofSeconds(30))
                    .POST(
                        java.net.http.HttpRequest.BodyPublishers.ofString(
                            "{\"role\":\"ui-team\",\"force\":true,\"guarantee\":[{\"name\":\"cpus\","
                                + "\"type\":\"SCALAR\",\"scalar\":{\"value\":0.5}}]}"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(quota.statusCode()).as(quota.body()).isEqualTo(200);
    browser.open(mezzo.baseUrl() + "/#/frameworks");
    browser.awaitText(
        "the role ui-team on the roles card with its quota guarantee of 0.5 cpus",
        By.cssSelector("tr.role-row[data-role='ui-team'] td.quota-guarantee"),
        t -> t.contains("0.5 cpus"));
  }

  @Test
  @Order(4)
  void anUnknownSandboxShowsABannerAndTheRestKeepsWorking() throws Exception {
    requireEndpoint("/master/state");
    launchTask();
    browser.open(mezzo.baseUrl() + "/#/sandbox/" + framework.frameworkId() + "/no-such-executor");
    browser.awaitText(
        "a banner for the missing sandbox, saying so",
        By.cssSelector("#banners .banner[data-key='sandbox']"),
        t -> t.toLowerCase(Locale.ROOT).contains("sandbox"));
    browser.click("the Tasks link", By.linkText("Tasks"));
    browser.awaitElement(
        "the tasks view after the error",
        By.cssSelector("tr.task-row[data-task-id='" + taskId + "']"));
    browser.await(
        "the sandbox banner gone with the sandbox view",
        d -> d.findElements(By.cssSelector("#banners .banner[data-key='sandbox']")).isEmpty());
  }

  @Test
  @Order(5)
  void maintenancePageShowsAScheduledWindowAndItsMode() throws Exception {
    requireEndpoint("/master/maintenance/schedule");
    launchTask();
    String host = offer.path("hostname").asText();
    String window =
        "{\"windows\":[{\"machine_ids\":[{\"hostname\":\""
            + host
            + "\"}],\"unavailability\":{\"start\":{\"nanoseconds\":2000000000000000000},"
            + "\"duration\":{\"nanoseconds\":7200000000000}}}]}";
    HttpResponse<String> set = postJson("/master/maintenance/schedule", window);
    assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
    try {
      browser.open(mezzo.baseUrl() + "/#/maintenance");
      browser.awaitText(
          "the agent's machine " + host + " on the maintenance view, DRAINING for 2h",
          By.cssSelector("tr.maintenance-row[data-mode='DRAINING']"),
          t -> t.contains(host) && t.contains("DRAINING") && t.contains("2h"));
      browser.awaitText(
          "the framework's not yet answered inverse offer",
          By.cssSelector("tr.maintenance-row"),
          t -> t.contains("UNKNOWN") && t.contains(framework.frameworkId()));
      assertThat(browser.driver().findElements(By.cssSelector("#banners .banner.error"))).isEmpty();
      browser.screenshot("maintenance");
    } finally {
      assertThat(postJson("/master/maintenance/schedule", "{}").statusCode()).isEqualTo(200);
    }
  }

  private static HttpResponse<String> postJson(String path, String body)
      throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(mezzo.baseUrl().resolve(path))
            .timeout(Browser.WAIT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  // ---- fixture masters: what a single real node cannot show ----

  @Test
  @Order(10)
  void aStandbyMasterSendsTheBrowserToTheLeadingMaster() {
    try (FixtureMaster leader = FixtureMaster.start();
        FixtureMaster standby = FixtureMaster.start()) {
      standby.leader(leader.url().getAuthority());
      browser.open(standby.url() + "/#/agents");
      browser.await(
          "the browser at the leader", d -> d.getCurrentUrl().startsWith(leader.url().toString()));
      assertThat(browser.driver().getCurrentUrl())
          .as("the view survives the redirect")
          .endsWith("#/agents");
      browser.awaitElement("the leader's agents", By.cssSelector("tr.agent-row"));
      String authority = leader.url().getAuthority();
      browser.awaitText(
          "the leader's address, " + authority, By.id("leader-address"), authority::equals);
    }
  }

  @Test
  @Order(11)
  void aStandbyThatRedirectsItsApiAlsoSendsTheBrowserToTheLeadingMaster() {
    try (FixtureMaster leader = FixtureMaster.start();
        FixtureMaster standby = FixtureMaster.start()) {
      standby.leader(leader.url().getAuthority()).redirectApi(true);
      browser.open(standby.url() + "/#/frameworks");
      browser.await(
          "the browser at the leader", d -> d.getCurrentUrl().startsWith(leader.url().toString()));
      assertThat(browser.driver().getCurrentUrl()).endsWith("#/frameworks");
      browser.awaitElement("the leader's frameworks", By.cssSelector("tr.framework-row"));
    }
  }

  @Test
  @Order(12)
  void anUnreachableAgentGivesABannerInsteadOfABrokenPage() {
    try (FixtureMaster master = FixtureMaster.start()) {
      master.unreachableAgent("5a1b-fixture-S1");
      browser.open(master.url() + "/#/sandbox/5a1b-fixture-0001/web.instance-2");
      // The banner names the agent once the state has said which one holds the sandbox.
      browser.await(
          "a banner naming the unreachable agent",
          d ->
              d.findElements(By.cssSelector("#banners .banner[data-key='sandbox']")).stream()
                  .anyMatch(
                      b ->
                          b.getText().contains("agent-b.fixture")
                              && b.getText().contains("cannot be reached")));
      browser.awaitText(
          "the heading naming the task once the state is in",
          By.tagName("h1"),
          "Sandbox of web"::equals);

      browser.open(master.url() + "/#/sandbox/5a1b-fixture-0001/web.instance-1");
      browser.awaitText(
          "another agent's sandbox still tails",
          By.id("pailer-output"),
          t -> t.contains("[web.instance-1] tick"));
    }
  }

  @Test
  @Order(13)
  void aFailingStateEndpointGivesABannerAndKeepsTheLastData() {
    try (FixtureMaster master = FixtureMaster.start()) {
      browser.open(master.url() + "/#/");
      browser.awaitElement("the fixture's agents", By.cssSelector("tr.agent-row"));
      int before = pollsSoFar();
      browser.screenshot("fixture-overview");
      master.failState(true);
      browser.awaitText(
          "a banner for the failing state, naming the endpoint and its status",
          By.cssSelector("#banners .banner[data-key='state']"),
          t -> t.contains("/master/state answered 500"));
      assertThat(pollsSoFar()).isGreaterThan(before);
      assertThat(browser.driver().findElements(By.cssSelector("tr.agent-row"))).hasSize(3);
      master.failState(false);
      browser.await(
          "the banner gone once the state is back",
          d -> d.findElements(By.cssSelector("#banners .banner[data-key='state']")).isEmpty());
    }
  }

  @Test
  @Order(14)
  void theShareAndOffsetArithmeticFollowMesos() {
    try (FixtureMaster master = FixtureMaster.start()) {
      browser.open(master.url() + "/#/");
      @SuppressWarnings("unchecked")
      Map<String, Object> r =
          (Map<String, Object>)
              browser.asyncScript(
                  """
          const done = arguments[arguments.length - 1];
          Promise.all([import('/ui/js/model.js'), import('/ui/js/pailer.js')]).then(([m, p]) => done({
            mem: m.dominantShare({cpus: 1, mem: 512, disk: 0}, {cpus: 4, mem: 1024, disk: 100}),
            none: m.dominantShare({}, {cpus: 4, mem: 1024, disk: 100}),
            emptyCluster: m.dominantShare({cpus: 1}, {}),
            commandExecutor: m.executorIdOf({id: 't1', executor_id: ''}),
            bytes: p.utf8Length('héllo ✓'),
            standby: m.leadership({pid: 'master@a:1', leader: 'master@b:2', leader_info: {hostname: 'b', port: 2}}),
          }), (e) => done({error: String(e)}));
          """);
      assertThat(r).doesNotContainKey("error");
      assertThat((Map<String, Object>) r.get("mem"))
          .containsEntry("share", 0.5)
          .containsEntry("resource", "mem");
      assertThat((Map<String, Object>) r.get("none")).containsEntry("resource", null);
      assertThat((Map<String, Object>) r.get("emptyCluster")).containsEntry("resource", null);
      assertThat(r.get("commandExecutor")).isEqualTo("t1");
      assertThat(((Number) r.get("bytes")).intValue()).isEqualTo(10);
      assertThat((Map<String, Object>) r.get("standby"))
          .containsEntry("leading", false)
          .containsEntry("leader", "b:2");
    }
  }

  // ---- helpers ----

  private static int pollsSoFar() {
    Object polls = browser.script("return Number(document.body.dataset.polls || 0)");
    return ((Number) polls).intValue();
  }

  /**
   * The UI reads Mesos's legacy endpoints, which the master serves from the operator work (issue 4,
   * branch {@code operator}); without them these tests cannot pass, and say exactly that.
   */
  private static void requireEndpoint(String pathAndQuery)
      throws IOException, InterruptedException {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(mezzo.baseUrl().resolve(pathAndQuery))
                .timeout(Browser.WAIT)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode())
        .as(
            "GET %s must answer 200 for the web UI to show anything (it answered %d: %s); these endpoints "
                + "come with the operator API of issue 4",
            pathAndQuery, r.statusCode(), r.body())
        .isEqualTo(200);
  }

  /** Once per class: a framework with one long-enough command task, RUNNING. */
  private static synchronized void launchTask() {
    if (taskId != null) {
      return;
    }
    framework =
        V1SchedulerClient.subscribe(mezzo.baseUrl(), StandaloneIT.frameworkInfo("web-ui-it"));
    offer =
        framework.awaitOffer(
            o ->
                V1SchedulerClient.scalar(o, "cpus") >= 0.1
                    && V1SchedulerClient.scalar(o, "mem") >= 32,
            OFFER_TIMEOUT);
    String id = "ui-" + UUID.randomUUID();
    V1SchedulerClient.Response accepted =
        framework.accept(
            offer, V1SchedulerClient.commandTask(id, 0.1, 32, "echo ui-hello && sleep 120"));
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    framework.awaitUpdate(id, "TASK_RUNNING", TASK_TIMEOUT);
    taskId = id;
  }
}
