package io.pipeline.web.ui;

import io.pipeline.ops.calendar.CalendarOverrideService;
import io.pipeline.web.security.Role;
import io.pipeline.web.testing.ApiTestBase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The override section of a DAG's calendar page in headless Chromium: an Op closes a date from the form and sees it
 * in the list and outlined in the heat map, is told why a close before the open is refused, and removes it; a Viewer
 * sees the list without the form.
 */
class CalendarOverridesBrowserTest extends ApiTestBase {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(40);
    private static final String PAGE = "/ui/dags/ui_sessions/calendar?year=2029";

    private static WebDriver driver;

    @Autowired
    DataSource dataSource;
    @Autowired
    CalendarOverrideService service;

    @BeforeAll
    static void startBrowser() throws IOException {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "browser tests skipped: install Debian's chromium and chromium-driver");
        System.setProperty("webdriver.chrome.driver", DRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + Files.createTempDirectory("pipeline-chromium"), "--window-size=1440,1200");
        driver = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build(), options);
    }

    @AfterAll
    static void stopBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    @AfterEach
    void removeOverrides() {
        JdbcClient.create(dataSource).sql("DELETE FROM calendar_override").update();
        service.reloadAll();
    }

    @Test
    void an_op_closes_a_date_from_the_form_sees_it_in_the_heat_map_and_removes_it() {
        login("op", password(Role.OP));
        open(PAGE);
        js("document.querySelector('#override-form input[name=date]').value = '2029-03-14';");
        driver.findElement(By.cssSelector("#override-form input[name=reason]")).sendKeys("Day of mourning");
        driver.findElement(By.cssSelector("#override-form button[type=submit]")).click();
        wait(ExpectedConditions.presenceOfElementLocated(By.id("override-message")));

        assertThat(driver.findElement(By.cssSelector("#override-list tr[data-date='2029-03-14']")).getText())
                .contains("closed").contains("Day of mourning").contains("op");
        String cls = driver.findElement(By.cssSelector("#calendar rect[data-date='2029-03-14']")).getAttribute("class");
        assertThat(cls).contains("override").contains("holiday");
        assertThat(driver.findElement(By.id("holidays")).getText()).contains("2029-03-14").contains("Day of mourning");
        screenshot("calendar-overrides");

        js("document.querySelector('#override-form input[name=date]').value = '2029-03-15';");
        new Select(driver.findElement(By.cssSelector("#override-form select[name=kind]"))).selectByValue("hours");
        driver.findElement(By.cssSelector("#override-form input[name=open]")).sendKeys("13:00");
        driver.findElement(By.cssSelector("#override-form input[name=close]")).sendKeys("10:00");
        driver.findElement(By.cssSelector("#override-form input[name=reason]")).sendKeys("typo");
        driver.findElement(By.cssSelector("#override-form button[type=submit]")).click();
        wait(ExpectedConditions.presenceOfElementLocated(By.id("override-error")));
        assertThat(driver.findElement(By.id("override-error")).getText()).contains("close 10:00 is not after open 13:00");

        open(PAGE);
        driver.findElement(By.cssSelector("#override-list tr[data-date='2029-03-14'] input[name=reason]"))
                .sendKeys("rescinded");
        driver.findElement(By.cssSelector("#override-list tr[data-date='2029-03-14'] button.remove-override")).click();
        wait(ExpectedConditions.presenceOfElementLocated(By.id("override-message")));
        assertThat(driver.findElements(By.cssSelector("#override-list tr[data-date='2029-03-14']"))).isEmpty();
        assertThat(driver.findElement(By.cssSelector("#calendar rect[data-date='2029-03-14']")).getAttribute("class"))
                .doesNotContain("override");
    }

    @Test
    void a_viewer_sees_the_overrides_but_no_form() {
        service.set("XNYS", io.pipeline.calendar.CalendarOverride.closed(java.time.LocalDate.parse("2029-03-16"),
                "storm"), io.pipeline.ops.Actor.api("op"));
        driver.manage().deleteAllCookies();
        login("viewer", password(Role.VIEWER));
        open(PAGE);
        wait(ExpectedConditions.presenceOfElementLocated(By.id("override-list")));
        assertThat(driver.findElement(By.cssSelector("#override-list tr[data-date='2029-03-16']")).getText())
                .contains("storm");
        assertThat(driver.findElements(By.id("override-form"))).isEmpty();
        assertThat(driver.findElements(By.cssSelector("button.remove-override"))).isEmpty();
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

    private static void screenshot(String name) {
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        try {
            Path classes = Path.of(CalendarOverridesBrowserTest.class.getProtectionDomain().getCodeSource()
                    .getLocation().toURI());
            Path dir = Files.createDirectories(classes.getParent().resolve("screenshots"));
            Files.copy(shot.toPath(), dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (Exception e) {
            throw new IllegalStateException("cannot keep the screenshot", e);
        }
    }
}
