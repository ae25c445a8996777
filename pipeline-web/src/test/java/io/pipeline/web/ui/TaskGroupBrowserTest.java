package io.pipeline.web.ui;

import io.pipeline.dags.examples.ExampleTaskGroups;
import io.pipeline.ops.Actor;
import io.pipeline.web.security.Role;
import io.pipeline.web.testing.ApiTestBase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Task groups in headless Chromium (the pattern of {@link DashboardBrowserTest}): the shipped example DAG with groups
 * shows each group as one collapsed row in the grid and one node in the graph, and both expand to show the group's
 * tasks (nested groups collapsed again) and collapse back; an Op clears a whole group of one run from the grid.
 */
class TaskGroupBrowserTest extends ApiTestBase {

    private static final String DAG = ExampleTaskGroups.DAG_ID;
    private static final Duration WAIT = Duration.ofSeconds(40);

    private static WebDriver driver;

    @Autowired
    UiOps ops;

    @BeforeAll
    static void startBrowser() throws IOException {
        driver = HeadlessChromium.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    void groups_are_collapsed_and_expandable_in_the_grid_and_the_graph() {
        login("viewer", password(Role.VIEWER));

        open("/ui/dags/" + DAG + "/grid");
        wait(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".g-row[data-task='load']")));
        assertThat(gridRows()).containsExactly("start", "extract", "load", "report");
        assertThat(driver.findElement(By.cssSelector(".g-row[data-task='load'] .g-toggle"))
                .getAttribute("aria-expanded")).isEqualTo("false");
        screenshot("groups-grid-collapsed");

        driver.findElement(By.cssSelector(".g-row[data-task='load'] .g-toggle")).click();
        wait(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".g-row[data-task='load.bars']")));
        assertThat(gridRows()).containsExactly("start", "extract", "load", "load.bars", "load.checks", "report");
        driver.findElement(By.cssSelector(".g-row[data-task='load.checks'] .g-toggle")).click();
        wait(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".g-row[data-task='load.checks.no_gaps']")));
        assertThat(gridRows()).containsExactly("start", "extract", "load", "load.bars", "load.checks",
                "load.checks.row_count", "load.checks.no_gaps", "report");
        assertThat(driver.findElement(By.cssSelector(".g-row[data-task='load.checks.row_count'] .g-label"))
                .getText()).as("a member shows its id within the group").isEqualTo("row_count");
        screenshot("groups-grid-expanded");
        driver.findElement(By.cssSelector(".g-row[data-task='load'] .g-toggle")).click();
        wait(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".g-row[data-task='load.bars']")));
        assertThat(gridRows()).containsExactly("start", "extract", "load", "report");

        open("/ui/dags/" + DAG + "/graph");
        wait(ExpectedConditions.presenceOfElementLocated(By.cssSelector("g.node[data-task='load']")));
        assertThat(graphNodes()).containsExactlyInAnyOrder("start", "extract", "load", "report");
        assertThat(driver.findElement(By.cssSelector("g.node[data-task='load']")).getAttribute("class"))
                .contains("group");
        screenshot("groups-graph-collapsed");

        driver.findElement(By.cssSelector("a.group-toggle[data-group='load']")).click();
        wait(ExpectedConditions.presenceOfElementLocated(By.cssSelector("g.node[data-task='load.bars']")));
        assertThat(graphNodes()).containsExactlyInAnyOrder("start", "extract", "load.bars", "load.checks", "report");
        assertThat(driver.findElements(By.cssSelector("g.group-expanded[data-group='load'] rect.group-box")))
                .hasSize(1);
        WebElement bars = driver.findElement(By.cssSelector("g.node[data-task='load.bars']"));
        WebElement checks = driver.findElement(By.cssSelector("g.node[data-task='load.checks']"));
        assertThat(checks.getRect().getX()).as("the nested group is drawn after its upstream task")
                .isGreaterThan(bars.getRect().getX());
        screenshot("groups-graph-expanded");

        driver.findElement(By.cssSelector("a.group-toggle[data-group='load'] text.group-box-label")).click();
        wait(ExpectedConditions.presenceOfElementLocated(By.cssSelector("g.node[data-task='load']")));
        assertThat(graphNodes()).containsExactlyInAnyOrder("start", "extract", "load", "report");
    }

    @Test
    void an_op_clears_a_whole_group_of_one_run_from_the_grid() {
        String run = "groups_ui_" + Long.toHexString(System.nanoTime());
        ops.operations().trigger(DAG, run, Instant.now(), null, null, Actor.api("test"));
        login("op", password(Role.OP));

        open("/ui/dags/" + DAG + "/grid");
        wait(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".g-row[data-task='load'] i")));
        List<WebElement> cells = driver.findElements(By.cssSelector(".g-row[data-task='load'] i"));
        cells.getLast().click(); // the newest run is on the right
        wait(ExpectedConditions.visibilityOfElementLocated(By.id("group-clear")));
        assertThat(driver.findElement(By.id("p-run")).getText()).isEqualTo(run);
        assertThat(driver.findElement(By.id("p-open")).isDisplayed()).as("a group has no task-instance page")
                .isFalse();
        driver.findElement(By.id("group-clear")).click();

        wait(ExpectedConditions.presenceOfElementLocated(By.id("confirm-list")));
        List<String> listed = driver.findElements(By.cssSelector("#confirm-list tbody tr")).stream()
                .map(r -> r.getAttribute("data-task")).toList();
        assertThat(listed).containsExactlyInAnyOrder("load.bars", "load.checks.row_count", "load.checks.no_gaps");
        driver.findElement(By.id("confirm")).click();
        wait(ExpectedConditions.urlContains("/graph"));
        assertThat(driver.getCurrentUrl()).contains("run=" + run);
    }

    private static List<String> gridRows() {
        return driver.findElements(By.cssSelector("#grid .g-row")).stream().map(e -> e.getAttribute("data-task"))
                .toList();
    }

    private static List<String> graphNodes() {
        return driver.findElements(By.cssSelector("#graph g.node")).stream().map(e -> e.getAttribute("data-task"))
                .toList();
    }

    private void login(String user, String password) {
        open("/login");
        driver.manage().deleteAllCookies(); // the other test's session
        open("/login");
        driver.findElement(By.id("username")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("login")).click();
        wait(ExpectedConditions.urlContains("/ui/dags"));
    }

    private void open(String path) {
        driver.get("http://localhost:" + port + path);
    }

    private static <T> T wait(java.util.function.Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, WAIT).until(condition);
    }

    private static void screenshot(String name) {
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        try {
            Path classes = Path.of(TaskGroupBrowserTest.class.getProtectionDomain().getCodeSource().getLocation()
                    .toURI());
            Path dir = Files.createDirectories(classes.getParent().resolve("screenshots"));
            Files.copy(shot.toPath(), dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
