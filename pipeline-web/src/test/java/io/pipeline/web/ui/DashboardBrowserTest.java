package io.pipeline.web.ui;

import io.pipeline.calendar.Calendars;
import io.pipeline.dags.uitest.UiFlakyDag;
import io.pipeline.web.security.Role;
import io.pipeline.web.testing.ApiTestBase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import io.pipeline.engine.DagRunService;
import io.pipeline.ops.Actor;
import io.pipeline.state.DagRunState;
import io.pipeline.store.DagRunFilter;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static io.pipeline.web.ui.UiSession.q;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The dashboard in headless Chromium (Debian's chromium and chromium-driver), driven by Selenium against the
 * running service: log in, find a failed task in the grid, read its log and why, clear it with downstream and watch
 * it succeed without a reload, backfill with a live progress bar, and check that a Viewer cannot clear and that
 * markup in a log stays text, and open the Deferred page. Writes screenshots and the grid's first-paint time under target/screenshots.
 * Skipped (with the reason) where Chromium is not installed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest extends ApiTestBase {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    private static final String DAG = UiFlakyDag.DAG_ID;
    private static final String RUN = "browser_" + Long.toHexString(System.nanoTime());
    private static final Duration WAIT = Duration.ofSeconds(40);

    private static WebDriver driver;
    private static Path profile;

    @Autowired
    UiOps ops;
    @Autowired
    DagRunService runs;

    @BeforeAll
    static void startBrowser() throws IOException {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "browser tests skipped: install Debian's chromium and chromium-driver (/usr/bin/chromium,"
                        + " /usr/bin/chromedriver) to run them");
        System.setProperty("webdriver.chrome.driver", DRIVER.toString());
        profile = Files.createTempDirectory("pipeline-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--window-size=1440,1000");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    @Order(1)
    void logs_in_and_lists_the_dags() {
        login("op", password(Role.OP));
        wait(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-dag='" + DAG + "']")));
        assertThat(driver.findElements(By.cssSelector("tr[data-dag='" + DAG + "'] button.toggle"))).hasSize(1);
        screenshot("dag-list");
    }

    @Test
    @Order(2)
    void triggers_a_run_from_the_conf_form_and_sees_it_fail_in_the_graph() {
        for (int i = 0; i < 5; i++) { // earlier runs, so that the grid has some history; one of them fails
            String id = RUN + "_pre" + i;
            if (i != 2) {
                UiFlakyDag.heal(id);
            }
            ops.operations().trigger(DAG, id, Instant.now().minusSeconds(3600L * (6 - i)), null, null,
                    Actor.api("test"));
        }
        open("/ui/dags/" + DAG + "/trigger");
        driver.findElement(By.name("run_id")).sendKeys(RUN);
        WebElement symbol = driver.findElement(By.name("param.symbol"));
        symbol.clear();
        symbol.sendKeys("MSFT");
        driver.findElement(By.id("trigger")).click();
        wait(ExpectedConditions.urlContains("/graph"));
        wait(ExpectedConditions.textToBe(By.id("run-state"), "failed"));
        assertThat(driver.findElement(By.cssSelector("g.node[data-task='transform']")).getAttribute("class"))
                .isEqualTo("node st-failed");
        screenshot("graph");
    }

    @Test
    @Order(3)
    void opens_the_failed_task_from_the_grid_and_reads_its_log_and_why() {
        wait(d -> runs.list(DAG, DagRunFilter.states(DagRunState.QUEUED, DagRunState.RUNNING), 1, 0, null)
                .totalEntries() == 0);
        open("/ui/dags/" + DAG + "/grid");
        By newestTransform = By.xpath("//div[@class='g-row' and @data-task='transform']/i[last()]");
        wait(ExpectedConditions.attributeContains(newestTransform, "class", "st-failed"));
        @SuppressWarnings("unchecked")
        List<Object> timing = (List<Object>) js("""
                const paint = performance.getEntriesByName('first-contentful-paint')[0];
                const grid = Number(document.getElementById('grid').dataset.rendered) - performance.timeOrigin;
                return [paint ? paint.startTime : -1, grid];""");
        report("grid_first_paint_ms", timing.get(0));
        report("grid_drawn_ms", timing.get(1));

        driver.findElement(newestTransform).click();
        wait(ExpectedConditions.textToBePresentInElementLocated(By.id("p-summary"), "failed on try 1 of 1"));
        screenshot("grid");
        driver.findElement(By.id("p-open")).click();
        wait(ExpectedConditions.textToBePresentInElementLocated(By.id("log"), "transform try 1"));
        String log = driver.findElement(By.id("log")).getText();
        assertThat(log).contains(UiFlakyDag.MARKUP_LINE);
        assertThat(js("return window.__xss === undefined")).isEqualTo(true);
        assertThat(driver.findElements(By.cssSelector("#log b, #log script"))).isEmpty();
        assertThat(driver.findElement(By.id("why-summary")).getText()).contains("failed on try 1 of 1");
        assertThat(driver.findElement(By.id("tries")).getText())
                .contains("transform failing <img src=x onerror=alert(1)>");
        screenshot("task-instance");
    }

    @Test
    @Order(4)
    void clears_it_with_downstream_and_sees_it_succeed_without_a_reload() {
        assertThat(driver.findElement(By.id("clear-downstream")).isSelected()).isTrue();
        driver.findElement(By.id("clear")).click();
        wait(ExpectedConditions.presenceOfElementLocated(By.id("confirm-list")));
        List<String> listed = driver.findElements(By.cssSelector("#confirm-list tbody tr")).stream()
                .map(r -> r.getAttribute("data-task")).toList();
        assertThat(listed).containsExactlyInAnyOrder("transform", "load", "report", "notify_on_failure");

        UiFlakyDag.heal(RUN);
        driver.findElement(By.id("confirm")).click();
        wait(ExpectedConditions.urlContains("/ti?"));
        js("window.__sameDocument = true;");
        wait(ExpectedConditions.textToBe(By.id("ti-state"), "success"));
        wait(ExpectedConditions.textToBePresentInElementLocated(By.id("log"), "transform try 2"));
        assertThat(js("return window.__sameDocument === true")).isEqualTo(true);
        assertThat(driver.findElement(By.id("ti-try")).getText()).isEqualTo("2 of 2");

        open("/ui/dags/" + DAG + "/gantt?run=" + q(RUN));
        wait(ExpectedConditions.presenceOfElementLocated(By.cssSelector("svg.gantt rect.bar.st-success")));
        screenshot("gantt");
    }

    @Test
    @Order(5)
    void backfills_from_the_form_and_shows_the_progress_to_the_end() {
        open("/ui/dags/ui_sessions/backfill");
        js("document.getElementById('bf-from').value = '2025-01-02';"
                + "document.getElementById('bf-to').value = '2025-01-10';");
        driver.findElement(By.id("bf-preview")).click();
        wait(ExpectedConditions.presenceOfElementLocated(By.id("bf-plan-table")));
        int sessions = Calendars.get("XNYS").sessionsInRange(LocalDate.of(2025, 1, 2), LocalDate.of(2025, 1, 10))
                .size();
        assertThat(driver.findElements(By.cssSelector("#bf-plan-table tbody tr"))).hasSize(sessions);
        driver.findElement(By.id("bf-create")).click();
        wait(ExpectedConditions.urlContains("/ui/backfills/"));
        js("window.__sameDocument = true;");
        wait(ExpectedConditions.textToBe(By.id("bf-status"), "finished"));
        assertThat(driver.findElement(By.id("bf-n-done")).getText()).isEqualTo(String.valueOf(sessions));
        assertThat(driver.findElement(By.id("bf-n-total")).getText()).isEqualTo(String.valueOf(sessions));
        assertThat(js("return document.getElementById('bf-done').style.width")).isEqualTo("100%");
        assertThat(js("return window.__sameDocument === true")).isEqualTo(true);
        screenshot("backfill");
    }

    @Test
    @Order(6)
    void a_viewer_sees_no_clear_and_a_forged_clear_is_refused() {
        driver.manage().deleteAllCookies();
        login("viewer", password(Role.VIEWER));
        open("/ui/dags/" + DAG + "/ti?run=" + q(RUN) + "&task=transform");
        wait(ExpectedConditions.textToBe(By.id("ti-state"), "success"));
        assertThat(driver.findElements(By.id("clear-form"))).isEmpty();
        assertThat(driver.findElements(By.id("mark-success"))).isEmpty();
        Object status = ((JavascriptExecutor) driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const header = document.querySelector('meta[name="csrf-header"]').content;
                const token = document.querySelector('meta[name="csrf-token"]').content;
                fetch('/ui/dags/%s/clear/confirm', { method: 'POST', headers: {
                    'Content-Type': 'application/x-www-form-urlencoded', [header]: token },
                    body: 'run=%s&task=transform&downstream=true' }).then(r => done(r.status));
                """.formatted(DAG, q(RUN)));
        assertThat(status).isEqualTo(403L);
    }

    @Test
    @Order(7)
    void a_viewer_is_shown_the_dashboards_own_403_and_404_pages_inside_the_layout() {
        open("/ui/users");
        wait(ExpectedConditions.presenceOfElementLocated(By.id("error-detail")));
        assertThat(driver.findElement(By.tagName("h1")).getText()).contains("403");
        assertThat(driver.findElement(By.id("error-detail")).getText()).contains("Your role does not allow this");
        assertThat(driver.findElements(By.cssSelector("header.top nav a"))).isNotEmpty();
        screenshot("error-403");

        open("/ui/%75sers");
        wait(ExpectedConditions.presenceOfElementLocated(By.id("error-detail")));
        assertThat(driver.findElement(By.tagName("h1")).getText()).contains("403");

        open("/ui/dags-typo");
        wait(ExpectedConditions.presenceOfElementLocated(By.id("error-detail")));
        assertThat(driver.findElement(By.tagName("h1")).getText()).contains("404");
        assertThat(driver.getPageSource()).doesNotContain("\"status\":");
        screenshot("error-404");
    }

    @Test
    @Order(8)
    void a_viewer_changes_their_own_password_from_the_header_link() {
        String name = "browser_viewer_" + Long.toHexString(System.nanoTime());
        io.pipeline.web.security.TestUsers.createIfAbsent(users,
                io.pipeline.web.security.NewUser.of(name, "first-Secret-1", Role.VIEWER));
        driver.manage().deleteAllCookies();
        login(name, "first-Secret-1");
        driver.findElement(By.cssSelector("a[href='/ui/account/password']")).click();
        wait(ExpectedConditions.urlContains("/ui/account/password"));
        driver.findElement(By.name("current_password")).sendKeys("first-Secret-1");
        driver.findElement(By.name("new_password")).sendKeys("second-Secret-2");
        driver.findElement(By.name("new_password_again")).sendKeys("second-Secret-2");
        screenshot("account-password");
        driver.findElement(By.id("change-password")).click();
        wait(ExpectedConditions.presenceOfElementLocated(By.id("account-notice")));

        driver.manage().deleteAllCookies();
        login(name, "second-Secret-2");
        assertThat(driver.getCurrentUrl()).contains("/ui/dags");
    }

    @Test
    @Order(9)
    void the_deferred_page_is_in_the_navigation_and_shows_the_state_in_airflows_mediumpurple() {
        driver.manage().deleteAllCookies();
        login("viewer", password(Role.VIEWER));
        driver.findElement(By.cssSelector("a[href='/ui/deferred']")).click();
        wait(ExpectedConditions.presenceOfElementLocated(By.id("deferred")));
        assertThat(driver.findElement(By.cssSelector(".badge.st-deferred")).getCssValue("background-color"))
                .isEqualTo("rgba(147, 112, 219, 1)");
        assertThat(driver.findElement(By.id("deferred-total")).getText()).matches("\\d+");
        screenshot("deferred");
    }

    private void login(String user, String password) {
        open("/login");
        driver.findElement(By.id("username")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("login")).click();
        wait(ExpectedConditions.urlContains("/ui/dags"));
    }

    private void open(String path) {
        driver.get("http://localhost:" + port + path);
    }

    private static Object js(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    private static <T> T wait(java.util.function.Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, WAIT).until(condition);
    }

    private static Path outputDir() {
        try {
            Path classes = Path.of(DashboardBrowserTest.class.getProtectionDomain().getCodeSource().getLocation()
                    .toURI());
            return Files.createDirectories(classes.getParent().resolve("screenshots"));
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the screenshot folder", e);
        }
    }

    private static void screenshot(String name) {
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        try {
            Files.copy(shot.toPath(), outputDir().resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Prints a measured figure as key=value and keeps it beside the screenshots. */
    private static void report(String key, Object value) {
        String line = key + "=" + value;
        System.out.println(line);
        try {
            Files.writeString(outputDir().resolve("browser-metrics.properties"), line + System.lineSeparator(),
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
