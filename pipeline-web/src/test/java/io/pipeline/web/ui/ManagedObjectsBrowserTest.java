package io.pipeline.web.ui;

import io.pipeline.web.security.Role;
import io.pipeline.web.testing.ApiTestBase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pools and variables pages in headless Chromium, as DashboardBrowserTest drives the others: an Op adds and
 * deletes a pool and sets a variable whose secret value stays masked; a Viewer has no link to them and is refused.
 */
class ManagedObjectsBrowserTest extends ApiTestBase {

    private static final Duration WAIT = Duration.ofSeconds(40);

    private static WebDriver driver;

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
    void an_op_manages_pools_and_variables_and_secret_values_stay_masked() {
        driver.manage().deleteAllCookies();
        login("op", password(Role.OP));
        driver.findElement(By.cssSelector("a[href='/ui/pools']")).click();
        wait(ExpectedConditions.presenceOfElementLocated(By.id("pools")));
        assertThat(driver.findElement(By.cssSelector("tr[data-pool='default_pool']")).getText())
                .contains("default_pool");
        assertThat(driver.findElements(By.cssSelector("tr[data-pool='default_pool'] button.danger"))).isEmpty();

        driver.findElement(By.cssSelector("#add-pool input[name='name']")).sendKeys("ui_vendor");
        driver.findElement(By.cssSelector("#add-pool input[name='slots']")).sendKeys("3");
        driver.findElement(By.cssSelector("#add-pool button")).click();
        wait(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-pool='ui_vendor']")));
        assertThat(driver.findElement(By.cssSelector("tr[data-pool='ui_vendor']")).getText()).contains("3");
        screenshot("pools");
        driver.findElement(By.cssSelector("tr[data-pool='ui_vendor'] button.danger")).click();
        wait(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("tr[data-pool='ui_vendor']")));

        open("/ui/variables");
        driver.findElement(By.cssSelector("#set-variable input[name='key']")).sendKeys("ui_api_token");
        driver.findElement(By.cssSelector("#set-variable input[name='value']")).sendKeys("tok-very-secret");
        driver.findElement(By.cssSelector("#set-variable button")).click();
        wait(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-key='ui_api_token']")));
        driver.findElement(By.cssSelector("#set-variable input[name='key']")).sendKeys("ui_region");
        driver.findElement(By.cssSelector("#set-variable input[name='value']")).sendKeys("eu-west-1");
        driver.findElement(By.cssSelector("#set-variable button")).click();
        wait(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-key='ui_region']")));
        assertThat(driver.findElement(By.cssSelector("tr[data-key='ui_api_token']")).getText()).contains("***");
        assertThat(driver.findElement(By.cssSelector("tr[data-key='ui_region']")).getText()).contains("eu-west-1");
        assertThat(driver.getPageSource()).doesNotContain("tok-very-secret");
        screenshot("variables");

        driver.findElement(By.cssSelector("#set-variable input[name='key']")).sendKeys("bad key");
        driver.findElement(By.cssSelector("#set-variable input[name='value']")).sendKeys("x");
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
                "document.querySelector('#set-variable').noValidate = true;");
        driver.findElement(By.cssSelector("#set-variable button")).click();
        wait(ExpectedConditions.presenceOfElementLocated(By.id("variables-error")));
        assertThat(driver.findElement(By.id("variables-error")).getText()).contains("bad key");
    }

    @Test
    void a_viewer_has_no_link_to_pools_or_variables_and_is_refused() {
        driver.manage().deleteAllCookies();
        login("viewer", password(Role.VIEWER));
        assertThat(driver.findElements(By.cssSelector("a[href='/ui/pools']"))).isEmpty();
        assertThat(driver.findElements(By.cssSelector("a[href='/ui/variables']"))).isEmpty();
        open("/ui/variables");
        wait(ExpectedConditions.presenceOfElementLocated(By.id("error-detail")));
        assertThat(driver.findElement(By.tagName("h1")).getText()).contains("403");
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

    private static <T> T wait(java.util.function.Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, WAIT).until(condition);
    }

    private static void screenshot(String name) {
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        try {
            Path classes = Path.of(ManagedObjectsBrowserTest.class.getProtectionDomain().getCodeSource()
                    .getLocation().toURI());
            Path dir = Files.createDirectories(classes.getParent().resolve("screenshots"));
            Files.copy(shot.toPath(), dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (Exception e) {
            throw new IllegalStateException("cannot keep the screenshot " + name, e);
        }
    }
}
