package io.pipeline.alert;

import io.pipeline.alert.notify.RetryAfter;
import io.pipeline.alert.notify.SlackSettings;
import io.pipeline.dag.alert.AlertEvent;
import io.pipeline.dag.alert.AlertPolicy;
import io.pipeline.dag.alert.Deadline;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static io.pipeline.dag.alert.AlertEvent.DEADLINE_FINISHED_LATE;
import static io.pipeline.dag.alert.AlertEvent.DEADLINE_MISSED;
import static io.pipeline.dag.alert.AlertEvent.FAILURE;
import static io.pipeline.dag.alert.AlertEvent.RETRY;
import static io.pipeline.dag.alert.AlertEvent.RUN_FAILURE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Policies, rules, messages, settings: the pure parts. */
class AlertModelTest {

    @Test
    void a_task_policy_overrides_the_dag_policy_for_its_task_only() {
        AlertRules rules = new AlertRules(List.of("slack"));
        rules.register("d", AlertPolicy.dag(RETRY, FAILURE), AlertPolicy.task("quiet"));
        assertThat(rules.forTask("d", "loud").orElseThrow().events()).containsExactlyInAnyOrder(RETRY, FAILURE);
        assertThat(rules.forTask("d", "quiet").orElseThrow().events()).isEmpty();
        assertThat(rules.forTask("unknown_dag", "t")).isEmpty();
    }

    @Test
    void a_policy_without_notifiers_uses_the_defaults() {
        AlertRules rules = new AlertRules(List.of("slack", "webhook"));
        assertThat(rules.notifiersOf(AlertPolicy.dag(FAILURE))).containsExactly("slack", "webhook");
        assertThat(rules.notifiersOf(AlertPolicy.dag(FAILURE).via("webhook"))).containsExactly("webhook");
    }

    @Test
    void a_deadline_turns_on_its_alerts() {
        AlertPolicy p = AlertPolicy.dag().deadline(Deadline.by("18:00", "America/New_York"));
        assertThat(p.events()).containsExactlyInAnyOrder(DEADLINE_MISSED, DEADLINE_FINISHED_LATE);
    }

    @Test
    void bad_policies_are_named() {
        assertThatThrownBy(() -> AlertPolicy.task("load", RUN_FAILURE))
                .hasMessage("alert policy for task 'load': event run_failure is about a whole DAG run; put it on the "
                        + "DAG-level policy");
        assertThatThrownBy(() -> AlertPolicy.dag(FAILURE).channel(" "))
                .hasMessageContaining("channel must not be blank");
        assertThatThrownBy(() -> new AlertRules(List.of()).register("d", AlertPolicy.dag(), AlertPolicy.dag()))
                .hasMessage("DAG d has more than one DAG-level alert policy");
        assertThatThrownBy(() -> new AlertRules(List.of()).register("d", AlertPolicy.task("t"), AlertPolicy.task("t")))
                .hasMessage("DAG d has more than one alert policy for task 't'");
        assertThatThrownBy(() -> AlertEvent.of("exploded")).hasMessage("unknown alert event 'exploded'");
    }

    @Test
    void the_error_is_cut_to_its_first_lines() {
        String trace = "java.lang.IllegalStateException: no prices\n" + "\tat a.B.c(B.java:1)\n".repeat(40);
        String cut = AlertComposer.firstLines(trace);
        assertThat(cut.lines()).hasSize(AlertComposer.MAX_ERROR_LINES + 1);
        assertThat(cut).startsWith("java.lang.IllegalStateException: no prices").endsWith("\n…");
        assertThat(AlertComposer.firstLines("short")).isEqualTo("short");
        assertThat(AlertComposer.firstLines("  ")).isNull();
        assertThat(AlertComposer.firstLines("x".repeat(5000))).hasSize(AlertComposer.MAX_ERROR_CHARS + 2);
    }

    @Test
    void dashboard_links_encode_run_ids_and_need_an_absolute_base() {
        DashboardLinks links = new DashboardLinks("https://pipeline.example.com/");
        assertThat(links.taskUrl("d", "manual__2024-01-02T03:04:05+00:00", "my task", 2))
                .isEqualTo("https://pipeline.example.com/dags/d/runs/manual__2024-01-02T03%3A04%3A05%2B00%3A00"
                        + "/tasks/my%20task?map_index=2");
        assertThat(links.logUrl("d", "r", "t", -1, 3)).isEqualTo("https://pipeline.example.com/dags/d/runs/r/tasks/t/logs/3");
        assertThat(DashboardLinks.none().taskUrl("d", "r", "t", -1)).isNull();
        assertThatThrownBy(() -> new DashboardLinks("pipeline.example.com"))
                .hasMessageContaining("pipeline.ui.base-url 'pipeline.example.com' must be an absolute http(s) URL");
    }

    @Test
    void backoff_doubles_up_to_its_cap_with_a_bounded_spread() {
        SenderSettings s = SenderSettings.defaults();
        for (long id = 1; id < 50; id++) {
            Duration first = s.backoff(1, id);
            assertThat(first).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(5));
            assertThat(s.backoff(2, id)).isEqualTo(first.multipliedBy(2));
            assertThat(s.backoff(30, id)).isBetween(Duration.ofMinutes(4), Duration.ofMinutes(5));
        }
        assertThatThrownBy(() -> new SenderSettings(Duration.ofSeconds(1), 0, Duration.ofSeconds(1),
                Duration.ofSeconds(2), Duration.ofHours(1), Duration.ofMinutes(1)))
                .hasMessage("pipeline.alerts.sender.parallelism must be >= 1, got 0");
    }

    @Test
    void retry_after_reads_seconds_and_http_dates() {
        Clock clock = Clock.fixed(Instant.parse("2026-03-02T21:00:00Z"), ZoneOffset.UTC);
        assertThat(RetryAfter.parse("30", clock)).isEqualTo(Duration.ofSeconds(30));
        assertThat(RetryAfter.parse("Mon, 02 Mar 2026 21:02:00 GMT", clock)).isEqualTo(Duration.ofMinutes(2));
        assertThat(RetryAfter.parse(null, clock)).isEqualTo(RetryAfter.DEFAULT);
        assertThat(RetryAfter.parse("soon", clock)).isEqualTo(RetryAfter.DEFAULT);
        assertThat(RetryAfter.parse("86400", clock)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void slack_settings_name_what_is_missing_or_malformed_without_showing_secrets() {
        assertThat(new SlackSettings(null, null, null, null, null).problem()).hasValueSatisfying(p ->
                assertThat(p).contains("pipeline.alerts.slack.token").contains("pipeline.alerts.slack.webhook-url"));
        assertThat(SlackSettings.withToken("secret-value", "#c", null).problem()).hasValueSatisfying(p ->
                assertThat(p).contains("does not look like a Slack token").doesNotContain("secret-value"));
        assertThat(SlackSettings.withWebhook("hooks.slack.com/services/T/B/SECRET").problem()).hasValueSatisfying(p ->
                assertThat(p).contains("pipeline.alerts.slack.webhook-url").doesNotContain("SECRET"));
        assertThat(SlackSettings.withToken("xoxb-1-2-abc", "#c", "ftp://x").problem()).isPresent();
        assertThat(SlackSettings.withToken("xoxb-1-2-abc", "#c", null).problem()).isEmpty();
        assertThat(SlackSettings.withToken("xoxb-1-2-abc", "#c", null).apiUrl()).isEqualTo("https://slack.com/api/");
        assertThat(SlackSettings.withToken("xoxb-1-2-abc", "#c", null).toString()).doesNotContain("abc");
    }
}
