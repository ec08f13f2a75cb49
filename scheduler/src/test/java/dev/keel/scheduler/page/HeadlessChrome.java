package dev.keel.scheduler.page;

import dev.keel.scheduler.BuildDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real headless Chromium driven by Selenium through Debian's {@code chromium} and {@code chromium-driver}
 * ({@code .ci/run} installs them; the README says how for a local run). Started with the flags a closed network and a
 * root user need, a fresh profile each time, and a phone-sized window.
 */
public final class HeadlessChrome implements AutoCloseable {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  public final ChromeDriver driver;
  private final Path profile;

  private HeadlessChrome(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  public static HeadlessChrome start() throws IOException {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      throw new IllegalStateException("the page tests need a real browser: install Debian's chromium and chromium-driver"
          + " (apt-get install -y chromium chromium-driver), looked for " + CHROMIUM + " and " + CHROMEDRIVER);
    }
    Path profile = Files.createTempDirectory("keel-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + profile, "--window-size=412,915");
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    return new HeadlessChrome(driver, profile);
  }

  /** Steps a test takes in the browser. */
  public interface Steps {
    void run() throws Exception;
  }

  /**
   * Runs {@code steps}; when one fails, saves what the browser showed then as {@code NAME-failed.png} before passing
   * the failure on, so a red build shows the page as the test saw it.
   */
  public void run(String name, Steps steps) throws Exception {
    try {
      steps.run();
    } catch (Exception | AssertionError failure) {
      try {
        screenshot(name + "-failed");
      } catch (IOException | RuntimeException shot) {
        failure.addSuppressed(shot);
      }
      throw failure;
    }
  }

  /** Saves what the browser shows as a PNG beside the test reports. */
  public Path screenshot(String name) throws IOException {
    Path dir = BuildDirectory.resolve("failsafe-reports", "screenshots");
    Files.createDirectories(dir);
    Path file = dir.resolve(name + ".png");
    Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    return file;
  }

  @Override
  public void close() throws IOException {
    try {
      driver.quit();
    } finally {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
