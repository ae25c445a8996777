package io.pipeline.alert;

import com.zaxxer.hikari.HikariDataSource;
import io.pipeline.alert.config.AlertConfiguration.AlertNotifiers;
import io.pipeline.alert.config.AlertConfiguration;
import io.pipeline.alert.notify.JsonWebhookNotifier;
import io.pipeline.alert.notify.SlackApiNotifier;
import io.pipeline.alert.notify.SlackWebhookNotifier;
import io.pipeline.alert.notify.UnconfiguredNotifier;
import io.pipeline.dag.alert.AlertEvent;
import io.pipeline.dag.alert.AlertPolicy;
import io.pipeline.engine.StateChangeListener;
import io.pipeline.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Spring wiring: properties by DESIGN.md's names, notifier choice, and the background loop end to end. */
class AlertConfigurationTest {

    private static HikariDataSource dataSource;
    private FakeHttpServer slack;

    @BeforeAll
    static void database() {
        dataSource = TestDatabase.migratedDatabase(AlertConfigurationTest.class);
    }

    @AfterAll
    static void closeDatabase() {
        dataSource.close();
    }

    @BeforeEach
    void setUp() {
        JdbcClient.create(dataSource).sql("TRUNCATE alert_outbox CASCADE").update();
        slack = FakeHttpServer.start();
        slack.answerAll(r -> SlackResponses.ok());
    }

    @AfterEach
    void tearDown() {
        slack.close();
    }

    private ApplicationContextRunner context() {
        return new ApplicationContextRunner()
                // Not the pool itself, which the context would close with itself.
                .withBean(DataSource.class, () -> new DelegatingDataSource(dataSource))
                .withBean(PlatformTransactionManager.class, () -> new DataSourceTransactionManager(dataSource))
                .withUserConfiguration(AlertConfiguration.class);
    }

    @Test
    void a_failure_reaches_slack_through_the_running_sender_without_polling_delay() {
        context().withPropertyValues(
                        "pipeline.alerts.slack.token=xoxb-1-2-abc",
                        "pipeline.alerts.slack.channel=#data-alerts",
                        "pipeline.alerts.slack.api-url=" + slack.url("/api/"),
                        "pipeline.alerts.sender.poll-interval=1h",
                        "pipeline.ui.base-url=https://pipeline.example.com")
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    assertThat(ctx.getBean(AlertRunner.class).isRunning()).isTrue();
                    ctx.getBean(AlertRules.class).register(AlertFixtures.DAG, AlertPolicy.dag(AlertEvent.FAILURE));
                    StateChangeListener listener = ctx.getBean(StateChangeListener.class);
                    new TransactionTemplate(ctx.getBean(PlatformTransactionManager.class)).executeWithoutResult(s ->
                            listener.onTaskStateChange(AlertFixtures.failed("ingest_fundamentals", 2, 2, Instant.now())));

                    // The poll interval is an hour: only the after-commit signal can get it out this fast.
                    await().atMost(Duration.ofSeconds(20)).until(() -> slack.requestCount() == 1);
                    FakeHttpServer.Request posted = slack.requests().get(0);
                    assertThat(posted.form()).containsEntry("channel", "#data-alerts")
                            .containsEntry("text", "nightly_dataload.ingest_fundamentals [2018-05-14] has failed!");
                    assertThat(posted.form().get("blocks")).contains("https://pipeline.example.com/dags/nightly_dataload");
                    AlertQueries queries = ctx.getBean(AlertQueries.class);
                    await().atMost(Duration.ofSeconds(20)).until(() -> queries.count(AlertState.DELIVERED) == 1);
                });
    }

    @Test
    void without_slack_settings_the_problem_is_reported_and_alerts_would_wait() {
        context().withPropertyValues("pipeline.alerts.enabled=false").run(ctx -> {
            assertThat(ctx.getBean(AlertNotifiers.class).all()).singleElement()
                    .isInstanceOf(UnconfiguredNotifier.class);
            assertThat(ctx.getBean(AlertSender.class).configurationProblems()).singleElement()
                    .satisfies(p -> assertThat(p).startsWith("Slack alerts are not configured"));
            assertThat(ctx.getBean(AlertRules.class).notifiersOf(AlertPolicy.dag())).containsExactly("slack");
            assertThat(ctx.getBean(AlertRunner.class).isRunning()).isFalse();
        });
    }

    @Test
    void a_malformed_token_is_reported_at_start() {
        context().withPropertyValues("pipeline.alerts.enabled=false", "pipeline.alerts.slack.token=hunter2")
                .run(ctx -> assertThat(ctx.getBean(AlertSender.class).status()).singleElement().satisfies(s -> {
                    assertThat(s.name()).isEqualTo("slack");
                    assertThat(s.configurationProblem()).contains("does not look like a Slack token")
                            .doesNotContain("hunter2");
                }));
    }

    @Test
    void a_slack_webhook_and_a_generic_webhook_are_both_defaults() {
        context().withPropertyValues("pipeline.alerts.enabled=false",
                        "pipeline.alerts.slack.webhook-url=" + slack.url("/services/T/B/X"),
                        "pipeline.alerts.webhook.url=" + slack.url("/hooks/pipeline"))
                .run(ctx -> {
                    assertThat(ctx.getBean(AlertNotifiers.class).all())
                            .hasExactlyElementsOfTypes(SlackWebhookNotifier.class, JsonWebhookNotifier.class);
                    assertThat(ctx.getBean(AlertRules.class).notifiersOf(AlertPolicy.dag()))
                            .containsExactly("slack", "webhook");
                    assertThat(ctx.getBean(AlertSender.class).configurationProblems()).isEmpty();
                });
    }

    @Test
    void a_token_wins_over_a_webhook_url() {
        context().withPropertyValues("pipeline.alerts.enabled=false", "pipeline.alerts.slack.token=xoxb-1-2-abc",
                        "pipeline.alerts.slack.webhook-url=" + slack.url("/services/T/B/X"))
                .run(ctx -> assertThat(ctx.getBean(AlertNotifiers.class).all()).singleElement()
                        .isInstanceOf(SlackApiNotifier.class));
    }
}
