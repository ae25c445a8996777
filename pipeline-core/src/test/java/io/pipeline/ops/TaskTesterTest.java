package io.pipeline.ops;

import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.dag.ParamSpec;
import io.pipeline.engine.SecretMasker;
import io.pipeline.engine.TaskResources;
import io.pipeline.schedule.Schedules;
import io.pipeline.testing.SettableClock;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code tasks test}: one task, in process, for a date, with no database and nothing recorded. */
class TaskTesterTest {

    static final SettableClock CLOCK = SettableClock.at("2026-03-02T12:00:00Z");
    static final TaskTester TESTER;

    static {
        SecretMasker masker = new SecretMasker();
        masker.register("s3cr3t-token");
        TESTER = new TaskTester(CLOCK, TaskResources.none(), masker);
    }

    static final Dag DAG = DagBuilder.dag("daily_prices")
            .schedule(Schedules.onSessions("XNYS").at("16:30", "America/New_York"))
            .startDate(LocalDate.of(2024, 1, 2), "America/New_York")
            .params(ParamSpec.string("vendor").withDefault("simulated"), ParamSpec.integer("lookback").withDefault(5))
            .tasks(g -> {
                var symbols = g.task("symbols", ctx -> List.of("AAPL", "MSFT"));
                var fetch = g.task("fetch", ctx -> ctx.session() + ":" + ctx.mapItem(String.class) + ":"
                        + ctx.param("vendor", String.class)).expand(symbols);
                var check = g.branch("check", ctx -> ctx.input("count", Integer.class) > 0 ? List.of("load")
                        : List.of("alert"));
                var count = g.task("count", ctx -> {
                    ctx.log().info("token is s3cr3t-token, lookback {}", ctx.param("lookback", Integer.class));
                    return ctx.inputs("fetch", String.class).size();
                });
                fetch.then(count);
                count.then(check);
                check.then(g.task("load", ctx -> null));
                check.then(g.task("alert", ctx -> {
                    throw new IllegalStateException("nothing to load for " + ctx.logicalDate());
                }));
            })
            .build();

    @Test
    void a_mapped_instance_sees_its_session_its_item_and_the_params_with_the_conf() {
        TaskTestResult r = TESTER.test(DAG, "fetch", LocalDate.of(2024, 12, 24), Map.of("vendor", "acme"),
                Map.of("symbols", "[\"AAPL\", \"MSFT\"]"), 1);

        assertThat(r.success()).as(r.log()).isTrue();
        assertThat(r.outputJson()).isEqualTo("\"2024-12-24:MSFT:acme\"");
        assertThat(r.log()).contains("for logical date 2024-12-24T05:00:00Z (session 2024-12-24)");
    }

    @Test
    void upstream_outputs_come_only_from_what_is_given_and_the_log_is_masked() {
        TaskTestResult r = TESTER.test(DAG, "count", LocalDate.of(2024, 12, 24), Map.of(),
                Map.of("fetch", "[\"a\", \"b\", \"c\"]"), -1);

        assertThat(r.outputJson()).isEqualTo("3");
        assertThat(r.log()).contains("token is ***, lookback 5").doesNotContain("s3cr3t-token");

        TaskTestResult missing = TESTER.test(DAG, "count", LocalDate.of(2024, 12, 24), Map.of(), Map.of(), -1);
        assertThat(missing.success()).isFalse();
        assertThat(missing.error()).contains("give its output with --input fetch=JSON");
    }

    @Test
    void a_branch_reports_what_it_would_skip_and_a_failing_task_its_error_and_trace() {
        TaskTestResult branch = TESTER.test(DAG, "check", LocalDate.of(2024, 12, 24), Map.of(),
                Map.of("count", "2"), -1);
        assertThat(branch.outputJson()).isEqualTo("[\"load\"]");
        assertThat(branch.wouldSkip()).isEqualTo(Set.of("alert"));

        TaskTestResult failed = TESTER.test(DAG, "alert", LocalDate.of(2024, 12, 24), Map.of(), Map.of(), -1);
        assertThat(failed.success()).isFalse();
        assertThat(failed.error()).contains("nothing to load for 2024-12-24T05:00:00Z");
        assertThat(failed.log()).contains("ERROR task failed", "at io.pipeline.ops.TaskTesterTest");
    }

    @Test
    void a_day_that_is_not_a_session_gets_a_manual_run_at_midnight_in_the_dags_zone() {
        TaskTestResult r = TESTER.test(DAG, "load", LocalDate.of(2024, 12, 25), Map.of(), Map.of(), -1);

        assertThat(r.success()).isTrue();
        assertThat(r.log()).contains("for logical date " + Instant.parse("2024-12-25T05:00:00Z"));
    }

    @Test
    void bad_input_is_named() {
        assertThatThrownBy(() -> TESTER.test(DAG, "nope", LocalDate.of(2024, 12, 24), Map.of(), Map.of(), -1))
                .isInstanceOf(TaskNotFoundException.class).hasMessage("DAG 'daily_prices' has no task 'nope'");
        assertThatThrownBy(() -> TESTER.test(DAG, "fetch", LocalDate.of(2024, 12, 24), Map.of(), Map.of(), -1))
                .hasMessageContaining("is mapped: give --map-index");
        assertThatThrownBy(() -> TESTER.test(DAG, "load", LocalDate.of(2024, 12, 24), Map.of("lookback", "x"),
                Map.of(), -1)).hasMessageContaining("lookback");
    }
}
