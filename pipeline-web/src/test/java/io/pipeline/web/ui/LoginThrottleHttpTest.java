package io.pipeline.web.ui;

import io.pipeline.web.security.NewUser;
import io.pipeline.web.security.Role;
import io.pipeline.web.security.TestUsers;
import io.pipeline.web.testing.ApiClient;
import io.pipeline.web.testing.ApiTestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Login throttling through the real filter chains: API Basic and the dashboard's form share it. (The lock's end on
 * a stepped clock is tested in {@code LoginThrottleTest}; here the clock is the system's.) Also: user names from
 * requests cannot forge log lines.
 */
@ExtendWith(OutputCaptureExtension.class)
class LoginThrottleHttpTest extends ApiTestBase {

    private static final Pattern LOGIN_CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    @Test
    void repeated_failures_lock_the_user_for_the_api_and_the_dashboard_even_with_the_right_password() {
        String name = "locked_" + System.nanoTime();
        TestUsers.createIfAbsent(users, NewUser.of(name, "right-Secret-1", Role.USER));
        double failuresBefore = metric("pipeline_login_failures_total", "");
        for (int i = 0; i < 5; i++) {
            assertThat(anonymous().as(name, "wrong-" + i).get("/api/v1/dags").status()).isEqualTo(401);
        }

        ApiClient.Response locked = anonymous().as(name, "right-Secret-1").get("/api/v1/dags");

        assertProblem(locked, 401, "Login of user '" + name + "' is temporarily locked after 5 failed attempts",
                "it unlocks at ");
        UiSession browser = new UiSession(port);
        UiSession.Page form = browser.get("/login");
        UiSession.Page submitted = browser.post("/login", Map.of("username", name, "password", "right-Secret-1",
                "_csrf", csrf(form)));
        assertThat(submitted.location()).endsWith("/login?error");
        UiSession.Page again = browser.get("/login?error");
        assertThat(again.body()).contains("id=\"login-locked\"", "Login of user &#39;" + name
                + "&#39; is temporarily locked").doesNotContain("id=\"login-error\"");

        JsonNode entries = as(Role.ADMIN).get("/api/v1/eventLogs?event=login_locked&owner=" + name).json();
        assertThat(entries.path("total_entries").asInt()).isEqualTo(1);
        assertThat(entries.path("event_logs").get(0).path("extra").asString())
                .contains("\"user\":\"" + name + "\"", "\"failures\":5").doesNotContain("wrong-", "right-Secret");
        assertThat(metric("pipeline_login_failures_total", "")).isGreaterThanOrEqualTo(failuresBefore + 7);
        assertThat(metric("pipeline_login_locked", "kind=\"user\"")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void a_wrong_password_page_still_says_wrong_password() {
        UiSession browser = new UiSession(port);
        UiSession.Page form = browser.get("/login");
        browser.post("/login", Map.of("username", "op", "password", "not-the-password", "_csrf", csrf(form)));

        assertThat(browser.get("/login?error").body()).contains("id=\"login-error\"")
                .doesNotContain("id=\"login-locked\"");
        UiSession.loggedIn(port, "op", password(Role.OP)); // and resets the user's failures
    }

    @Test
    void a_user_name_with_line_breaks_cannot_forge_log_lines(CapturedOutput output) {
        // No colon in it: Basic ends the user name at the first one.
        String forged = "mallory\r\n2026-12-07 INFO forged admin logged in";

        ApiClient.Response r = anonymous().as(forged, "whatever-123").get("/api/v1/dags");

        assertThat(r.status()).isEqualTo(401);
        assertThat(output.getAll()).contains("authentication failed for user 'mallory\\r\\n2026-12-07 INFO forged")
                .doesNotContain("mallory\r\n", "mallory\n");
    }

    /** The value of the first sample of {@code name} whose labels contain {@code labels} (0 when none). */
    private double metric(String name, String labels) {
        String text = as(Role.VIEWER).get("/actuator/prometheus").body();
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})?\\s+(\\S+)$").matcher(text);
        while (m.find()) {
            if (labels.isEmpty() || m.group(1) != null && m.group(1).contains(labels)) {
                return Double.parseDouble(m.group(2));
            }
        }
        return 0;
    }

    private static String csrf(UiSession.Page loginForm) {
        Matcher m = LOGIN_CSRF.matcher(loginForm.body());
        assertThat(m.find()).as("login form has a CSRF field").isTrue();
        return m.group(1);
    }
}
