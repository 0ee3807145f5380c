package io.github.dbsnap.http;

import io.github.dbsnap.SnapshotInfo;
import io.github.dbsnap.schedule.CronSchedule;
import io.github.dbsnap.status.StatusTracker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Snapshots page in Debian's headless Chromium, driven through its chromedriver, against a real
 * service (local provider, SQLite). Selenium Manager is never asked for anything: the driver and the
 * browser are given by path.
 */
class SnapshotsPageBrowserTest {
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final Path ARTIFACTS = Path.of("target");

    @TempDir
    static Path browserDir;
    static ChromeDriverService driverService;
    static WebDriver browser;
    @TempDir
    Path dir;
    AdminServer server;

    @BeforeAll
    static void startBrowser() throws Exception {
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
        driverService = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1280,1000", "--user-data-dir=" + Files.createDirectories(browserDir.resolve("profile")));
        // the browser's console, to see that the page runs without a single CSP violation or script error
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        browser = new ChromeDriver(driverService, options);
    }

    @AfterAll
    static void stopBrowser() {
        try {
            if (browser != null) {
                browser.quit();
            }
        } finally {
            if (driverService != null) {
                driverService.stop();
            }
        }
    }

    /** A host of its own for each test (a new port, so a new origin with empty sessionStorage too). */
    @BeforeEach
    void startHost() throws Exception {
        server = new AdminServer(dir);
        browser.manage().window().setSize(new Dimension(1280, 1000));
    }

    @AfterEach
    void stopHost() {
        server.close();
    }

    private void open() {
        browser.get(server.base + AdminApi.UI_PATH);
    }

    private static WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    private static WebElement visible(String id) {
        return waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
    }

    private static void signIn(String token) {
        WebElement input = visible("token");
        input.clear();
        input.sendKeys(token, Keys.ENTER);
    }

    private static void signedIn() {
        signIn(AdminServer.TOKEN);
        visible("app");
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#databases [data-database='main']")));
    }

    private static List<WebElement> rows() {
        return browser.findElements(By.cssSelector("#snapshots tr[data-key]"));
    }

    private static void confirmRestore() {
        WebElement dialog = visible("confirm");
        assertThat(dialog.getText()).contains("main").contains("will be replaced");
        browser.findElement(By.id("confirm-restore")).click();
    }

    /** Saves the whole page (the window grown to the page's height) under target/. */
    private static void screenshot(String name) throws IOException {
        Dimension window = browser.manage().window().getSize();
        Number height = (Number) ((JavascriptExecutor) browser).executeScript("return document.documentElement.scrollHeight");
        browser.manage().window().setSize(new Dimension(window.getWidth(), height.intValue() + 120));
        File shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
        Files.createDirectories(ARTIFACTS);
        Files.copy(shot.toPath(), ARTIFACTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        browser.manage().window().setSize(window);
    }

    @Test
    @SuppressWarnings("unchecked")
    @DisplayName("without a token the page asks for one; a wrong token is rejected with a clear prompt; the right one shows the databases")
    void tokenPrompt() {
        open();
        WebElement message = visible("auth-message");
        assertThat(message.getText()).contains("SNAPSHOTS_ADMIN_TOKEN");
        assertThat(browser.findElement(By.id("app")).isDisplayed()).isFalse();

        signIn("not-the-token");
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("auth-message"), "not accepted"));
        assertThat(browser.findElement(By.id("token")).getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.findElement(By.id("app")).isDisplayed()).isFalse();

        signedIn();
        Object stored = ((JavascriptExecutor) browser).executeScript(
                "return [sessionStorage.getItem('dbsnap.adminToken'), localStorage.length, document.cookie]");
        assertThat((List<Object>) stored).containsExactly(AdminServer.TOKEN, 0L, "");
        assertThat(browser.manage().getCookies()).isEmpty();
    }

    @Test
    @DisplayName("Create snapshot through the page shows progress until done and puts the new snapshot in the list")
    void createThroughThePage() throws Exception {
        server.service.create("main");
        server.sql("INSERT INTO audit (user_id, action) SELECT user_id, action FROM audit");
        server.service.create("main");
        // a schedule, so that the page shows the next run as a host's scheduler would
        StatusTracker tracker = StatusTracker.builder(server.service).schedule("main", CronSchedule.parse("0 3 * * *")).build();
        server.api.statusTracker(tracker);
        open();
        signedIn();
        int before = rows().size();
        browser.findElement(By.id("create-submit")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "created"));
        SnapshotInfo newest = server.service.list("main").get(0);
        WebElement row = waiting().until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#snapshots tr[data-key='" + newest.key() + "']")));
        assertThat(rows()).hasSize(before + 1);
        assertThat(row.getText()).contains("No"); // not encrypted
        assertThat(row.findElement(By.cssSelector(".uri")).getAttribute("title")).isEqualTo(newest.uri().toString());
        assertThat(browser.findElement(By.id("job-state")).getText()).isEqualToIgnoringCase("succeeded");
        assertThat(browser.findElement(By.cssSelector("#databases [data-database='main']")).getAttribute("data-health"))
                .isEqualTo("OK");
        screenshot("snapshots-page.png");
        assertThat(browser.manage().logs().get(LogType.BROWSER).getAll()).as("console")
                .noneMatch(e -> e.getLevel().intValue() >= Level.WARNING.intValue());

        browser.manage().window().setSize(new Dimension(390, 900));
        Object overflow = ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assertThat(((Number) overflow).longValue()).as("no sideways scrolling on a narrow screen").isLessThanOrEqualTo(0);
        screenshot("snapshots-page-narrow.png");
        tracker.close();
    }

    @Test
    @DisplayName("Restore from a list row asks for confirmation naming the database, then brings damaged rows back")
    void restoreFromARow() throws Exception {
        SnapshotInfo snap = server.service.create("main");
        server.sql("DELETE FROM audit WHERE id > 50");
        open();
        signedIn();
        WebElement row = waiting().until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#snapshots tr[data-key='" + snap.key() + "']")));
        row.findElement(By.cssSelector("button.restore")).click();
        confirmRestore();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "The host was told to reload"));
        assertThat(browser.findElement(By.id("notice")).getText()).startsWith("Restored main from");
        assertThat(server.auditRows()).isEqualTo(200);
    }

    @Test
    @DisplayName("cancelling the confirmation restores nothing")
    void cancelRestore() throws Exception {
        SnapshotInfo snap = server.service.create("main");
        server.sql("DELETE FROM audit WHERE id > 70");
        open();
        signedIn();
        waiting().until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#snapshots tr[data-key='" + snap.key() + "'] button.restore"))).click();
        visible("confirm");
        browser.findElement(By.id("confirm-cancel")).click();
        waiting().until(ExpectedConditions.invisibilityOfElementLocated(By.id("confirm")));
        assertThat(browser.findElement(By.id("job")).isDisplayed()).isFalse();
        assertThat(server.auditRows()).isEqualTo(70);
    }

    @Test
    @DisplayName("restoring a tampered snapshot from a pasted key shows its one-line error; the live data is unchanged")
    void tamperedSnapshot() throws Exception {
        SnapshotInfo snap = server.service.create("main");
        String tampered = server.tamperedCopy(snap.uri());
        server.sql("DELETE FROM audit WHERE id > 90");
        byte[] live = Files.readAllBytes(server.db);

        open();
        signedIn();
        browser.findElement(By.id("restore-uri")).sendKeys(tampered);
        browser.findElement(By.id("restore-submit")).click();
        confirmRestore();
        WebElement error = visible("error");
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("error"), "the live database is unchanged"));
        assertThat(error.getText()).doesNotContain("\n").contains("tampered/main.tar.zst");
        assertThat(browser.findElement(By.id("job-state")).getText()).isEqualToIgnoringCase("failed");
        assertThat(Files.readAllBytes(server.db)).isEqualTo(live);
        assertThat(server.auditRows()).isEqualTo(90);
    }
}
