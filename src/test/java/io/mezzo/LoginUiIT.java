package io.mezzo;

import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.testing.MezzoProcess;
import io.mezzo.testing.V1SchedulerClient;
import io.mezzo.web.Browser;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
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
 * The web UI's own sign-in, in headless Chromium against a master (the packaged jar) with HTTP
 * authentication on for reads and writes: the UI shows its form with the node's 401 reason instead
 * of a blank page or the browser's password prompt, a wrong secret shows the node's reason for
 * refusing it, the right one shows the dashboard (which every poll then reads with the credential,
 * since no read is allowed without one), the credential lives in sessionStorage only, and "Log out"
 * forgets it; an action answered 403 is disabled with the reason; and a principal sees only the
 * frameworks the ACLs let it view.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LoginUiIT {
  private static final HttpClient HTTP = V1SchedulerClient.newHttpClient();
  private static final String OPS =
      "Basic " + Base64.getEncoder().encodeToString("ops:s3cret".getBytes(StandardCharsets.UTF_8));

  /** ops sees everything; viewer sees only frameworks (and their tasks) of user ALICE. */
  private static final String ALICE = "mezzo-ui-alice";

  private static final String ACLS =
      "{" + view("view_frameworks") + "," + view("view_tasks") + "," + view("view_executors") + "}";

  private static String view(String action) {
    return "\""
        + action
        + "\":[{\"principals\":{\"values\":[\"ops\"]},\"users\":{\"type\":\"ANY\"}},"
        + "{\"principals\":{\"values\":[\"viewer\"]},\"users\":{\"values\":[\""
        + ALICE
        + "\"]}},{\"principals\":{\"type\":\"ANY\"},\"users\":{\"type\":\"NONE\"}}]";
  }

  private static Browser browser;
  private static MezzoProcess master;

  @RegisterExtension
  final TestWatcher keepEvidence = Browser.keepEvidence(() -> browser, "login-failed-");

  @BeforeAll
  static void start() throws IOException {
    String missing = Browser.unavailableReason();
    Assumptions.assumeTrue(missing == null, () -> "browser tests skipped: " + missing);
    Path dir = Files.createTempDirectory("mezzo-ui-login-");
    Path credentials = dir.resolve("credentials.json");
    Files.writeString(
        credentials,
        "{\"credentials\":[{\"principal\":\"ops\",\"secret\":\"s3cret\"},"
            + "{\"principal\":\"viewer\",\"secret\":\"v1ewer\"}]}");
    browser = Browser.start();
    master =
        MezzoProcess.start(
            "ui-login",
            "master",
            Map.of(
                "mezzo.security.credentials",
                credentials.toString(),
                "mezzo.security.authenticate-http-readonly",
                "true",
                "mezzo.security.authenticate-http-readwrite",
                "true",
                "mezzo.security.acls",
                ACLS));
  }

  @AfterAll
  static void stop() {
    try {
      if (browser != null) {
        browser.close();
      }
    } finally {
      if (master != null) {
        master.close();
      }
    }
  }

  @Test
  @Order(1)
  void withoutCredentialsTheUiShowsItsFormWithTheNodesReason() {
    browser.open(master.baseUrl() + "/");
    browser.awaitText(
        "the sign-in form with the 401 reason",
        By.id("login-reason"),
        t -> t.contains("no credentials were given"));
    assertThat(browser.driver().findElements(By.cssSelector("#banners .banner.error")))
        .as("a 401 is said by the form, not as an error banner")
        .isEmpty();
    browser.screenshot("login");
  }

  @Test
  @Order(2)
  void aWrongSecretShowsWhyTheNodeRefusedIt() {
    signIn("ops", "not-the-secret");
    browser.awaitText(
        "the node's reason for refusing the secret",
        By.id("login-reason"),
        t -> t.contains("refused the credential") && t.contains("wrong secret for 'ops'"));
    assertThat(browser.driver().findElements(By.id("whoami-principal"))).isEmpty();
  }

  @Test
  @Order(3)
  void aTokenTheNodeCannotVerifyShowsItsReasonToo() {
    browser.click("the bearer token choice", By.id("login-scheme-bearer"));
    WebElement token = browser.awaitElement("the token field", By.id("login-token"));
    token.clear();
    token.sendKeys("not.a.jwt");
    browser.click("sign in", By.id("login-submit"));
    // This node has no token key, so it refuses every Bearer header saying so: proof the header
    // was sent as a bearer token.
    browser.awaitText(
        "the node's reason for refusing the token",
        By.id("login-reason"),
        t -> t.contains("refused the credential") && t.toLowerCase().contains("bearer"));
    browser.click("back to principal and secret", By.id("login-scheme-basic"));
  }

  @Test
  @Order(4)
  void theRightSecretShowsTheDashboardReadWithTheCredential() {
    signIn("ops", "s3cret");
    browser.awaitText(
        "this master as the leader, at port " + master.port(),
        By.id("leader-address"),
        t -> t.endsWith(":" + master.port()));
    browser.awaitText("who is signed in", By.id("whoami-principal"), "ops"::equals);
    assertThat(browser.driver().findElements(By.id("login"))).isEmpty();
    // Every read needs credentials on this node, so each further successful poll was sent with it.
    long polls = polls();
    browser.await("two more polls", d -> polls() >= polls + 2 && noErrorBanner());
    assertThat((String) browser.script("return sessionStorage.getItem('mezzo.ui.credential')"))
        .contains("\"principal\":\"ops\"");
    assertThat(((Number) browser.script("return localStorage.length")).intValue())
        .as("nothing in localStorage")
        .isZero();
    assertThat((String) browser.script("return document.cookie")).as("no cookie").isEmpty();
    browser.screenshot("signed-in");
  }

  /**
   * An action the node refuses is disabled from then on with the node's reason. Whether this
   * principal may destroy apps is another helper's ACL work, so the page's fetch answers the DELETE
   * with a 403 here; the rest (the app, its row, the dialog) is the real node's.
   */
  @Test
  @Order(5)
  void anActionAnsweredForbiddenIsDisabledWithTheReason() throws Exception {
    HttpResponse<String> created =
        HTTP.send(
            HttpRequest.newBuilder(master.baseUrl().resolve("/v2/apps"))
                .header("Authorization", OPS)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"id\":\"/ui-login/web\",\"cmd\":\"sleep 600\",\"cpus\":0.1,"
                            + "\"mem\":16,\"instances\":1}"))
                .timeout(Duration.ofSeconds(20))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).as(created.body()).isIn(200, 201);
    browser.open(master.baseUrl() + "/#/apps");
    By destroy =
        By.cssSelector("tr.app-row[data-app-id='/ui-login/web'] button[data-action='destroy']");
    browser.awaitElement("the app's destroy button", destroy);
    browser.script(
        "const real = window.fetch;"
            + "window.fetch = (url, opts) => (opts && opts.method === 'DELETE')"
            + " ? Promise.resolve(new Response(JSON.stringify({message: \"principal 'ops' may not"
            + " destroy /ui-login/web (test refusal)\"}), {status: 403, headers: {'Content-Type':"
            + " 'application/json'}}))"
            + " : real(url, opts);");
    browser.click("destroy", destroy);
    browser.click("confirm", By.id("confirm-ok"));
    browser.await(
        "the destroy button disabled with the reason",
        d -> {
          var b = d.findElement(destroy);
          return !b.isEnabled() && b.getAttribute("title").contains("test refusal") ? b : null;
        });
    assertThat(
            browser
                .driver()
                .findElement(
                    By.cssSelector(
                        "tr.app-row[data-app-id='/ui-login/web'] button[data-action='scale']"))
                .isEnabled())
        .as("other actions stay")
        .isTrue();
  }

  @Test
  @Order(6)
  void logOutForgetsTheCredentialAndAsksAgain() {
    browser.click("log out", By.id("logout"));
    browser.awaitText(
        "the sign-in form again",
        By.id("login-reason"),
        t -> t.contains("no credentials were given"));
    assertThat(browser.script("return sessionStorage.getItem('mezzo.ui.credential')")).isNull();
    assertThat(browser.driver().findElements(By.id("whoami-principal"))).isEmpty();
  }

  /**
   * What the UI shows is what the node lets the principal view: signed in as viewer, the frameworks
   * page lists alice's framework and not the built-in Marathon and Chronos, which ops sees.
   */
  @Test
  @Order(7)
  void aPrincipalSeesOnlyTheFrameworksItMayView() throws Exception {
    try (V1SchedulerClient alice =
        V1SchedulerClient.subscribe(
            master.baseUrl(),
            "{\"user\":\"" + ALICE + "\",\"name\":\"alice-ui\",\"failover_timeout\":0}")) {
      String aliceRow = "tr.framework-row[data-framework-id='" + alice.frameworkId() + "']";
      signIn("viewer", "v1ewer");
      browser.awaitText("who is signed in", By.id("whoami-principal"), "viewer"::equals);
      browser.open(master.baseUrl() + "/#/frameworks");
      browser.awaitElement("alice's framework on the frameworks view", By.cssSelector(aliceRow));
      long polls = polls();
      browser.await("two more polls", d -> polls() >= polls + 2);
      assertThat(browser.driver().findElements(By.cssSelector("tr.framework-row")))
          .as("the frameworks viewer may see: alice's only, not the built-in ones")
          .hasSize(1);
      browser.screenshot("viewer-frameworks");

      browser.click("log out", By.id("logout"));
      signIn("ops", "s3cret");
      browser.awaitText("who is signed in", By.id("whoami-principal"), "ops"::equals);
      browser.open(master.baseUrl() + "/#/frameworks");
      browser.awaitElement("alice's framework, for ops too", By.cssSelector(aliceRow));
      browser.await(
          "ops sees the built-in frameworks beside alice's",
          d -> d.findElements(By.cssSelector("tr.framework-row")).size() >= 2 ? true : null);
      browser.click("log out", By.id("logout"));
    }
  }

  private static void signIn(String principal, String secret) {
    WebElement p = browser.awaitElement("the principal field", By.id("login-principal"));
    p.clear();
    p.sendKeys(principal);
    WebElement s = browser.driver().findElement(By.id("login-secret"));
    s.clear();
    s.sendKeys(secret);
    browser.click("sign in", By.id("login-submit"));
  }

  private static long polls() {
    Object n = browser.script("return Number(document.body.dataset.polls || 0)");
    return ((Number) n).longValue();
  }

  private static boolean noErrorBanner() {
    return browser.driver().findElements(By.cssSelector("#banners .banner.error")).isEmpty();
  }
}
