package io.mezzo.web;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.ElementNotInteractableException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through its chromedriver (ENVIRONMENT.md, "Browser"): one
 * browser with a fresh profile, screenshots under {@code target/ui-screenshots/}.
 *
 * <p>The UI re-renders its views on every poll of the master, so an element found a moment ago may
 * be gone (stale) or not yet drawn. Tests therefore never keep an element to read or click it
 * later: {@link #await}, {@link #awaitText} and {@link #click} find it again on every try, read or
 * click it in the same try, and treat a stale or missing element as "not yet" until {@link #WAIT}
 * is over. That bound is generous because a loaded 2-core CI machine is many times slower than an
 * idle one; a passing condition returns at once, so the bound costs nothing when all is well.
 */
public final class Browser implements AutoCloseable {
  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  public static final Path SCREENSHOTS = Path.of("target", "ui-screenshots");
  public static final Dimension DESKTOP = new Dimension(1280, 900);
  public static final Duration WAIT = Duration.ofSeconds(60);
  private static final Duration POLL = Duration.ofMillis(200);

  private final ChromeDriver driver;
  private final Path profile;

  private Browser(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  /** Why no browser can run here, or null when Chromium and its driver are installed. */
  /**
   * A watcher that keeps a failed test's evidence: a desktop screenshot and the page's HTML, named
   * {@code <prefix><test method>}, of the browser {@code browser} gives (none if it never started).
   */
  public static org.junit.jupiter.api.extension.TestWatcher keepEvidence(
      java.util.function.Supplier<Browser> browser, String prefix) {
    return new org.junit.jupiter.api.extension.TestWatcher() {
      @Override
      public void testFailed(
          org.junit.jupiter.api.extension.ExtensionContext context, Throwable cause) {
        Browser b = browser.get();
        if (b != null) {
          String name = prefix + context.getRequiredTestMethod().getName();
          b.desktop();
          b.screenshot(name);
          b.savePage(name);
        }
      }
    };
  }

  public static String unavailableReason() {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      return "no "
          + CHROMIUM
          + " or "
          + CHROMEDRIVER
          + " on this machine: install Debian's chromium and chromium-driver (.ci/run does)";
    }
    return null;
  }

  public static Browser start() {
    try {
      Path profile = Files.createTempDirectory("mezzo-chromium-");
      ChromeOptions options = new ChromeOptions();
      options.setBinary(CHROMIUM.toFile());
      options.addArguments(
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--no-first-run",
          "--hide-scrollbars",
          "--user-data-dir=" + profile.toAbsolutePath(),
          "--window-size=" + DESKTOP.width + "," + DESKTOP.height);
      ChromeDriverService service =
          new ChromeDriverService.Builder()
              .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
              .usingAnyFreePort()
              .withTimeout(WAIT)
              .build();
      ChromeDriver driver = new ChromeDriver(service, options);
      driver.manage().timeouts().pageLoadTimeout(WAIT);
      driver.manage().timeouts().scriptTimeout(WAIT);
      return new Browser(driver, profile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public ChromeDriver driver() {
    return driver;
  }

  public void open(String url) {
    driver.get(url);
  }

  /**
   * Waits up to {@link #WAIT} for {@code condition} to give a non-null, non-false value, and
   * returns it. A condition that throws {@link StaleElementReferenceException} or {@link
   * NoSuchElementException} (the page re-rendered under it) counts as not yet true and is tried
   * again.
   */
  public <T> T await(String what, Function<WebDriver, T> condition) {
    return await(() -> what, condition);
  }

  private <T> T await(Supplier<String> what, Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, WAIT, POLL)
        .withMessage(what)
        .ignoring(StaleElementReferenceException.class)
        .ignoring(NoSuchElementException.class)
        .until(condition);
  }

  /**
   * The first displayed element matching {@code by}, waiting for one. Use it to wait for an element
   * to be there; to read or click it, use {@link #awaitText} or {@link #click}, which cannot race a
   * re-render.
   */
  public WebElement awaitElement(String what, By by) {
    return await(
        what,
        d -> d.findElements(by).stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
  }

  /**
   * The text of the first displayed element matching {@code by} once it satisfies {@code test},
   * found and read in one try. On timeout the message shows the last text seen, if any.
   */
  public String awaitText(String what, By by, Predicate<String> test) {
    AtomicReference<String> last = new AtomicReference<>();
    return await(
        () -> what + " (" + by + "; last text seen: " + quoted(last.get()) + ")",
        d -> {
          for (WebElement e : d.findElements(by)) {
            if (e.isDisplayed()) {
              String text = e.getText();
              last.set(text);
              return test.test(text) ? text : null;
            }
          }
          return null;
        });
  }

  /**
   * Clicks the first displayed element matching {@code by}, finding it again until a click lands; a
   * click that something drawn over the element caught (a banner sliding in) is tried again.
   */
  public void click(String what, By by) {
    await(
        what,
        d -> {
          WebElement e =
              d.findElements(by).stream().filter(WebElement::isDisplayed).findFirst().orElse(null);
          if (e == null) {
            return false;
          }
          try {
            e.click();
            return true;
          } catch (ElementNotInteractableException notYet) {
            // Also ElementClickInterceptedException, its subclass.
            return false;
          }
        });
  }

  private static String quoted(String text) {
    return text == null ? "none" : "\"" + text + "\"";
  }

  public Object script(String js, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(js, args);
  }

  public Object asyncScript(String js, Object... args) {
    return ((JavascriptExecutor) driver).executeAsyncScript(js, args);
  }

  /** Emulates a phone (390 × 844 CSS pixels, 2× density, touch) until {@link #desktop()}. */
  public void phone() {
    driver.executeCdpCommand(
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", 390, "height", 844, "deviceScaleFactor", 2, "mobile", true));
  }

  public void desktop() {
    driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
  }

  /** A PNG of the whole page (not just the window) at {@code target/ui-screenshots/<name>.png}. */
  @SuppressWarnings("unchecked")
  public Path screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
      Map<String, Object> size = (Map<String, Object>) metrics.get("cssContentSize");
      Map<String, Object> clip =
          Map.of(
              "x",
              0,
              "y",
              0,
              "scale",
              1,
              "width",
              ((Number) size.get("width")).doubleValue(),
              "height",
              ((Number) size.get("height")).doubleValue());
      Map<String, Object> shot =
          driver.executeCdpCommand(
              "Page.captureScreenshot",
              Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
      Path file = SCREENSHOTS.resolve(name + ".png");
      Files.write(file, OutputType.BYTES.convertFromBase64Png((String) shot.get("data")));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The page's HTML next to the screenshots, for a failed test's report. */
  public void savePage(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Files.writeString(SCREENSHOTS.resolve(name + ".html"), driver.getPageSource());
    } catch (IOException | RuntimeException e) {
      // Best effort: the failure itself is what matters.
    }
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // A leftover temp profile is harmless.
      }
    }
  }
}
