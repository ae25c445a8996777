package io.pipeline.web.alerts;

import io.pipeline.alert.FakeHttpServer;
import io.pipeline.alert.SlackResponses;
import io.pipeline.dags.alerts.AlertsSlackEndToEnd;
import io.pipeline.testing.TestDatabase;
import io.pipeline.web.security.NewUser;
import io.pipeline.web.security.Role;
import io.pipeline.web.security.TestUsers;
import io.pipeline.web.security.UserStore;
import io.pipeline.web.testing.ApiClient;
import io.pipeline.web.testing.Await;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.pipeline.web.alerts.AlertRuns.alerts;
import static io.pipeline.web.alerts.AlertRuns.runToEnd;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application configured with {@code pipeline.alerts.slack.token} and {@code pipeline.alerts.slack.api-url}
 * pointing at a local server that speaks Slack's Web API over real HTTP: a failing task's alert is posted by the
 * running sender; a channel that does not exist leaves it undeliverable until an operator re-sends it. Its own
 * application and database (Slack configured), shut down after the class.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class SlackAlertsEndToEndTest {

    private static final String TOKEN = "xoxb-4242-e2e-alerts";
    private static final String DAG = AlertsSlackEndToEnd.DAG_ID;
    private static final FakeHttpServer SLACK = FakeHttpServer.start();
    /** Alerts whose text contains this get Slack's channel_not_found; every other post succeeds. */
    private static volatile String refused = "(none)";

    @LocalServerPort
    int port;

    @Autowired
    UserStore users;

    @DynamicPropertySource
    static void application(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", SlackAlertsEndToEndTest::databaseUrl);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
        registry.add("pipeline.data-dir", SlackAlertsEndToEndTest::dataDir);
        registry.add("pipeline.admin.password", () -> "admin-password");
        registry.add("pipeline.ui.base-url", () -> "https://pipeline.example.com/");
        registry.add("pipeline.alerts.slack.token", () -> TOKEN);
        registry.add("pipeline.alerts.slack.channel", () -> "#alerts");
        registry.add("pipeline.alerts.slack.api-url", () -> SLACK.url("/api/"));
    }

    private static String databaseUrl() {
        try (var ds = TestDatabase.emptyDatabase("web_slack_e2e", 1)) {
            return ds.getJdbcUrl();
        }
    }

    private static String dataDir() {
        try {
            return Files.createTempDirectory("pipeline-slack-e2e").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stopSlack() {
        SLACK.close();
    }

    @BeforeEach
    void slackAndUsers() {
        SLACK.answerAll(r -> r.form().getOrDefault("text", "").contains(refused)
                ? SlackResponses.error("channel_not_found") : SlackResponses.ok());
        for (Role role : List.of(Role.USER, Role.OP, Role.VIEWER)) {
            String name = role.displayName().toLowerCase();
            TestUsers.createIfAbsent(users, NewUser.of(name, name + "-password", role));
        }
    }

    private ApiClient as(Role role) {
        String name = role.displayName().toLowerCase();
        return ApiClient.anonymous(port).as(name, name + "-password");
    }

    private static List<FakeHttpServer.Request> postsOf(String summary) {
        return SLACK.requests().stream()
                .filter(r -> r.path().equals("/api/chat.postMessage"))
                .filter(r -> summary.equals(r.form().get("text")))
                .toList();
    }

    private JsonNode alertOfRun(String runId) {
        JsonNode page = alerts(as(Role.VIEWER), "dag_id=" + DAG + "&dag_run_id=" + runId);
        assertThat(page.path("total_entries").asLong()).as(page.toString()).isEqualTo(1);
        return page.path("alerts").get(0);
    }

    private JsonNode awaitState(String runId, String state) {
        return Await.until(Duration.ofSeconds(30), () -> alertOfRun(runId),
                a -> a.path("state").asString().equals(state), "the alert of " + runId + " " + state);
    }

    @Test
    void a_failing_task_is_posted_to_slack_once_by_the_running_sender_with_details_and_dashboard_links() {
        String summary = DAG + ".publish_prices [2026-03-02] has failed!";

        runToEnd(as(Role.USER), DAG, "e2e_posted", "2026-03-02T12:00:00Z");
        JsonNode alert = awaitState("e2e_posted", "delivered");

        List<FakeHttpServer.Request> posts = postsOf(summary);
        assertThat(posts).hasSize(1);
        FakeHttpServer.Request post = posts.get(0);
        assertThat(post.header("Authorization")).isEqualTo("Bearer " + TOKEN);
        Map<String, String> form = post.form();
        assertThat(form).containsEntry("channel", "#market-data");
        assertThat(form.get("blocks")).contains("publisher rejected run e2e_posted")
                .contains("https://pipeline.example.com/");
        assertThat(form.get("metadata")).contains("\"alert_id\":" + alert.path("alert_id").asLong());
        assertThat(alert.path("attempts").asInt()).isEqualTo(1);
        assertThat(alert.path("delivered_at").asString()).isNotBlank();
        JsonNode detail = as(Role.VIEWER).get("/api/v1/alerts/" + alert.path("alert_id").asLong()).json();
        assertThat(detail.path("delivery_attempts")).singleElement().satisfies(a -> {
            assertThat(a.path("outcome").asString()).isEqualTo("delivered");
            assertThat(a.path("http_status").asInt()).isEqualTo(200);
        });
    }

    @Test
    void a_channel_that_does_not_exist_leaves_the_alert_undeliverable_until_an_op_re_sends_it() throws IOException {
        String summary = DAG + ".publish_prices [2026-03-03] has failed!";
        refused = summary;

        runToEnd(as(Role.USER), DAG, "e2e_refused", "2026-03-03T12:00:00Z");
        JsonNode alert = awaitState("e2e_refused", "undeliverable");

        assertThat(alert.path("last_error").asString()).contains("channel_not_found");
        assertThat(postsOf(summary)).hasSize(1);
        JsonNode sender = ApiClient.anonymous(port).get("/api/v1/health").json().path("alert_sender");
        assertThat(sender.path("configuration_problems")).isEmpty();
        assertThat(sender.path("notifiers").get(0).path("last_permanent_error").asString())
                .contains("channel_not_found");

        refused = "(none)";
        ApiClient.Response resent = as(Role.OP).post("/api/v1/alerts/" + alert.path("alert_id").asLong()
                + "/resend", "");
        assertThat(resent.status()).as(resent.toString()).isEqualTo(200);
        JsonNode delivered = awaitState("e2e_refused", "delivered");

        assertThat(postsOf(summary)).hasSize(2);
        assertThat(delivered.path("attempts").asInt()).isEqualTo(2);
        JsonNode detail = as(Role.VIEWER).get("/api/v1/alerts/" + alert.path("alert_id").asLong()).json();
        assertThat(detail.path("delivery_attempts")).extracting(a -> a.path("outcome").asString())
                .containsExactly("permanent", "delivered");
        PrometheusText metrics = PrometheusText.parse(as(Role.VIEWER).get("/actuator/prometheus").body());
        assertThat(metrics.require("pipeline_alerts_deliveries_total",
                Map.of("notifier", "slack", "outcome", "permanent"))).isEqualTo(1.0);
        assertThat(metrics.require("pipeline_alerts_deliveries_total",
                Map.of("notifier", "slack", "outcome", "delivered"))).isGreaterThanOrEqualTo(1.0);
        String doc = Files.readString(Path.of("..", "docs", "metrics.md"));
        assertThat(metrics.names("pipeline_alerts_deliveries")).isNotEmpty().allSatisfy(name ->
                assertThat(doc).contains("`" + PrometheusText.family(name) + "`"));
    }
}
