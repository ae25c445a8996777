package io.pipeline.web.ui;

import io.pipeline.web.security.Role;
import io.pipeline.web.testing.ApiTestBase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;

import javax.sql.DataSource;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Datasets page and a partition map in headless Chromium: the flow producers -> dataset -> consumers, the map's
 * colours for present, failed, missing and holiday partitions, and a click on a present partition that opens the
 * producing run. Screenshots under target/screenshots. Skipped (with the reason) where Chromium is not installed.
 */
class DatasetsBrowserTest extends ApiTestBase {

    private static final Duration WAIT = Duration.ofSeconds(40);

    private static WebDriver driver;

    @Autowired
    DataSource dataSource;
    DatasetFixture fixture;

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

    @BeforeEach
    void dataset() {
        fixture = new DatasetFixture(dataSource);
    }

    @AfterEach
    void remove() {
        fixture.remove();
    }

    @Test
    void a_viewer_sees_the_datasets_and_a_partition_map_and_clicks_through_to_the_producing_run() {
        open("/login");
        driver.findElement(By.id("username")).sendKeys("viewer");
        driver.findElement(By.id("password")).sendKeys(password(Role.VIEWER));
        driver.findElement(By.id("login")).click();
        wait(ExpectedConditions.urlContains("/ui/dags"));

        driver.findElement(By.linkText("Datasets")).click();
        By row = By.cssSelector("tr[data-uri='" + DatasetFixture.URI + "']");
        wait(ExpectedConditions.presenceOfElementLocated(row));
        WebElement r = driver.findElement(row);
        assertThat(r.findElement(By.cssSelector("td.producers")).getText()).isEqualTo(DatasetFixture.PRODUCER + ".load");
        assertThat(r.findElement(By.cssSelector("td.consumers")).getText())
                .isEqualTo(DatasetFixture.CONSUMER + " (schedule, same_session)");
        assertThat(r.findElement(By.cssSelector("td.last-event")).getText()).isEqualTo("2019-03-06 22:30:00 UTC");
        assertThat(driver.findElements(By.cssSelector("tr[data-uri='postgres://marketdata/public/bars_1d']")))
                .hasSize(1);
        screenshot("datasets");

        r.findElement(By.linkText(DatasetFixture.URI)).click();
        wait(ExpectedConditions.presenceOfElementLocated(By.id("range")));
        WebElement from = driver.findElement(By.name("from"));
        from.clear();
        from.sendKeys("2019");
        WebElement to = driver.findElement(By.name("to"));
        to.clear();
        to.sendKeys("2019");
        driver.findElement(By.cssSelector("#range button")).click();
        wait(ExpectedConditions.presenceOfElementLocated(By.cssSelector("rect[data-key='2019-03-04']")));
        assertThat(fill("2019-03-04")).isEqualTo("rgb(46, 158, 68)"); // present
        assertThat(fill("2019-03-05")).isEqualTo("rgb(229, 57, 53)"); // producing run failed
        assertThat(fill("2019-03-07")).isEqualTo("rgb(255, 204, 128)"); // missing
        assertThat(fill("2019-03-08")).isEqualTo("rgb(251, 140, 0)"); // late: no event by its freshness deadline
        assertThat(fill("2019-01-21")).isEqualTo("rgb(197, 202, 233)"); // holiday
        assertThat(driver.findElement(By.cssSelector("rect[data-key='2019-01-21'] title")).getAttribute("textContent"))
                .contains("holiday", "Martin Luther King");
        assertThat(driver.findElement(By.id("pm-present-count")).getText()).isEqualTo("3");
        screenshot("partition-map");

        driver.findElement(By.cssSelector("a rect[data-key='2019-03-04']")).click();
        wait(ExpectedConditions.urlContains("/ui/dags/" + DatasetFixture.PRODUCER + "/graph?run=" + DatasetFixture.OK_RUN));
        assertThat(driver.findElement(By.id("run-partition-key")).getText()).isEqualTo("2019-03-04");

        open("/ui/dags/" + DatasetFixture.PRODUCER + "/grid");
        By header = By.cssSelector(".g-head i[data-key='2019-03-05']");
        wait(ExpectedConditions.presenceOfElementLocated(header));
        assertThat(driver.findElement(header).getAttribute("title"))
                .isEqualTo(DatasetFixture.FAILED_RUN + " · " + "2019-03-05 05:00 · partition 2019-03-05");
        assertThat(driver.findElement(header).getAttribute("class")).isEqualTo("st-failed");
    }

    private static String fill(String key) {
        return driver.findElement(By.cssSelector("rect[data-key='" + key + "']")).getCssValue("fill");
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
            Path classes = Path.of(DatasetsBrowserTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path dir = Files.createDirectories(classes.getParent().resolve("screenshots"));
            Files.copy(shot.toPath(), dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
