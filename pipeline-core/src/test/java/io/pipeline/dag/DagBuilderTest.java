package io.pipeline.dag;

import io.pipeline.dag.LatestOnly;
import io.pipeline.schedule.Schedules;
import io.pipeline.state.TriggerRule;
import io.pipeline.task.PokeResult;
import io.pipeline.task.SensorSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DagBuilderTest {

    private static final Instant START = Instant.parse("2024-01-01T05:00:00Z");

    private static DagBuilder aDag(String id) {
        return DagBuilder.dag(id).schedule(Schedules.cron("0 4 * * 1-5", "America/New_York")).startDate(START);
    }

    @Test
    void builds_a_dag_with_its_settings_and_tasks_in_topological_order() {
        Dag dag = DagBuilder.dag("example")
                .description("daily bars").owner("market-data").tags("bars", "eod")
                .schedule(Schedules.cron("0 4 * * 1-5", "America/New_York"))
                .startDate(LocalDate.of(2024, 1, 1), "America/New_York")
                .catchup(false).maxActiveRuns(1).maxActiveTasks(8)
                .param(ParamSpec.array("symbols").withDefault(List.of("AAPL")))
                .defaults(d -> d.retries(2).retryDelay(Duration.ofSeconds(3)).exponentialBackoff(true)
                        .maxRetryDelay(Duration.ofMinutes(1)).jitter(true).executionTimeout(Duration.ofMinutes(10)))
                .tasks(b -> {
                    var load = b.task("load", ctx -> null).retries(3).triggerRule(TriggerRule.ALL_DONE)
                            .pool("vendor_api", 2).queue("big").priorityWeight(5);
                    var extract = b.task("extract", ctx -> List.of("AAPL"));
                    var check = b.task("check", ctx -> true);
                    extract.then(check).then(load);
                })
                .build();

        assertThat(dag.taskIds()).containsExactly("extract", "check", "load");
        assertThat(dag.tags()).containsExactly("bars", "eod");
        assertThat(dag.startDate()).isEqualTo(Instant.parse("2024-01-01T05:00:00Z"));
        assertThat(dag.maxActiveRuns()).isEqualTo(1);
        assertThat(dag.params()).containsKey("symbols");
        assertThat(dag.timetable().expression()).isEqualTo("0 4 * * 1-5");

        TaskDef load = dag.task("load");
        assertThat(load.retryPolicy()).isEqualTo(
                new RetryPolicy(3, Duration.ofSeconds(3), true, true, Duration.ofMinutes(1)));
        assertThat(load.maxTries()).isEqualTo(4);
        assertThat(load.triggerRule()).isEqualTo(TriggerRule.ALL_DONE);
        assertThat(load.pool()).isEqualTo("vendor_api");
        assertThat(load.poolSlots()).isEqualTo(2);
        assertThat(load.queue()).isEqualTo("big");
        assertThat(load.priorityWeight()).isEqualTo(5);
        assertThat(load.executionTimeout()).isEqualTo(Duration.ofMinutes(10));

        TaskDef extract = dag.task("extract");
        assertThat(extract.retryPolicy().retries()).isEqualTo(2);
        assertThat(extract.pool()).isEqualTo(TaskDef.DEFAULT_POOL);
        assertThat(extract.queue()).isEqualTo(TaskDef.DEFAULT_QUEUE);
        assertThat(extract.triggerRule()).isEqualTo(TriggerRule.ALL_SUCCESS);
    }

    @Test
    void draws_fan_out_fan_in_and_chains() {
        Dag dag = aDag("shapes").tasks(b -> {
            var a = b.task("a", ctx -> null);
            var c = b.task("c", ctx -> null);
            var d = b.task("d", ctx -> null);
            var e = b.task("e", ctx -> null);
            var x = b.task("x", ctx -> null);
            var y = b.task("y", ctx -> null);
            var z = b.task("z", ctx -> null);
            a.then(c, d);                 // fan-out
            TaskRef.all(c, d).then(e);    // fan-in
            b.chain(e, x, y);
            z.after(y);
        }).build();

        assertThat(dag.downstream("a")).containsExactly("c", "d");
        assertThat(dag.upstream("e")).containsExactlyInAnyOrder("c", "d");
        assertThat(dag.upstream("x")).containsExactly("e");
        assertThat(dag.upstream("y")).containsExactly("x");
        assertThat(dag.upstream("z")).containsExactly("y");
        assertThat(dag.roots()).containsExactly("a");
        assertThat(dag.leaves()).containsExactly("z");
        assertThat(dag.allDownstream("c")).containsExactly("e", "x", "y", "z");
        assertThat(dag.allUpstream("x")).containsExactly("a", "c", "d", "e");
        assertThat(dag.taskIds().indexOf("e")).isGreaterThan(dag.taskIds().indexOf("d"));
    }

    @Test
    void then_with_several_tasks_returns_the_group_for_the_next_hop() {
        Dag dag = aDag("groups").tasks(b -> {
            var a = b.task("a", ctx -> null);
            var b1 = b.task("b1", ctx -> null);
            var b2 = b.task("b2", ctx -> null);
            var c = b.task("c", ctx -> null);
            a.then(b1, b2).then(c);
        }).build();
        assertThat(dag.upstream("c")).containsExactlyInAnyOrder("b1", "b2");
    }

    @Test
    void expand_makes_the_source_a_direct_upstream_and_marks_the_task_mapped() {
        Dag dag = aDag("mapped").tasks(b -> {
            var tickers = b.task("read_tickers", ctx -> List.of("AAPL", "MSFT"));
            var fetch = b.task("fetch", ctx -> ctx.mapItem(String.class)).expand(tickers);
            fetch.then(b.task("report", ctx -> ctx.inputs("fetch", String.class)));
        }).build();
        TaskDef fetch = dag.task("fetch");
        assertThat(fetch.isMapped()).isTrue();
        assertThat(fetch.expandFrom()).isEqualTo("read_tickers");
        assertThat(fetch.upstream()).containsExactly("read_tickers");
    }

    @Test
    void declares_sensors_branches_short_circuits_and_latest_only() {
        Dag dag = aDag("kinds").tasks(b -> {
            var wait = b.sensor("wait", ctx -> PokeResult.notYet(),
                    SensorSpec.reschedule(Duration.ofMinutes(1), Duration.ofHours(2)));
            var choose = b.branch("choose", ctx -> List.of("x"));
            var gate = b.shortCircuit("is_market_day", ctx -> true);
            var latest = b.latestOnly("latest_only");
            var x = b.task("x", ctx -> null);
            var y = b.task("y", ctx -> null);
            b.chain(gate, wait, latest, choose);
            choose.then(x, y);
            latest.then(y);
        }).build();
        assertThat(dag.task("wait").kind()).isEqualTo(TaskKind.SENSOR);
        assertThat(dag.task("wait").sensor().mode()).isEqualTo(SensorSpec.Mode.RESCHEDULE);
        assertThat(dag.task("choose").kind()).isEqualTo(TaskKind.BRANCH);
        assertThat(dag.task("is_market_day").kind()).isEqualTo(TaskKind.SHORT_CIRCUIT);
        assertThat(dag.task("latest_only").body()).isInstanceOfSatisfying(LatestOnly.class,
                l -> assertThat(l.directDownstream()).containsExactlyInAnyOrder("choose", "y"));
    }

    @Test
    void names_the_cycle() {
        assertThatThrownBy(() -> aDag("cyclic").tasks(b -> {
            var a = b.task("a", ctx -> null);
            var bb = b.task("b", ctx -> null);
            var c = b.task("c", ctx -> null);
            b.task("start", ctx -> null).then(a);
            a.then(bb).then(c).then(a);
        }).build())
                .isInstanceOf(DagValidationException.class)
                .hasMessageContaining("DAG 'cyclic'")
                .hasMessageContaining("cycle a -> b -> c -> a");
    }

    @Test
    void names_a_task_that_depends_on_itself_as_a_cycle() {
        assertThatThrownBy(() -> aDag("selfish").tasks(b -> {
            var a = b.task("a", ctx -> null);
            a.then(a);
        }).build()).hasMessageContaining("cycle a -> a");
    }

    @Test
    void rejects_duplicate_task_ids_naming_the_task() {
        assertThatThrownBy(() -> aDag("dupes").tasks(b -> {
            b.task("extract", ctx -> null);
            b.task("extract", ctx -> null);
        }).build())
                .isInstanceOf(DagValidationException.class)
                .hasMessage("DAG 'dupes' is invalid: task 'extract': duplicate task id");
    }

    @Test
    void rejects_dependencies_on_unknown_tasks() {
        assertThatThrownBy(() -> aDag("dangling").tasks(b -> b.task("load", ctx -> null).dependsOn("extrct")).build())
                .isInstanceOf(DagValidationException.class)
                .hasMessageContaining("DAG 'dangling'")
                .hasMessageContaining("task 'load': depends on unknown task 'extrct'");
    }

    @Test
    void rejects_invalid_dag_and_task_ids() {
        assertThatThrownBy(() -> DagBuilder.dag("bad id!").build())
                .isInstanceOf(DagValidationException.class)
                .hasMessageContaining("invalid DAG id 'bad id!'");
        assertThatThrownBy(() -> aDag("ok").tasks(b -> b.task("no/slash", ctx -> null)).build())
                .hasMessageContaining("DAG 'ok'")
                .hasMessageContaining("invalid task id 'no/slash'");
        assertThatThrownBy(() -> DagBuilder.dag("x".repeat(251)).build())
                .hasMessageContaining("longer than 250 characters");
        assertThat(DagBuilder.dag("A-z_0.9").build().dagId()).isEqualTo("A-z_0.9");
    }

    @Test
    void reports_a_bad_cron_schedule_naming_the_dag_and_the_field() {
        assertThatThrownBy(() -> DagBuilder.dag("bad_cron").schedule("61 4 * * *", "America/New_York")
                .startDate(START).build())
                .isInstanceOf(DagValidationException.class)
                .hasMessageContaining("DAG 'bad_cron'")
                .hasMessageContaining("minute field '61'");
        assertThatThrownBy(() -> DagBuilder.dag("bad_zone").schedule("0 4 * * *", "Mars/Olympus")
                .startDate(START).build())
                .hasMessageContaining("DAG 'bad_zone'")
                .hasMessageContaining("unknown time zone 'Mars/Olympus'");
    }

    @Test
    void rejects_expanding_over_a_task_that_is_not_upstream() {
        assertThatThrownBy(() -> aDag("bad_map").tasks(b -> {
            b.task("tickers", ctx -> List.of());
            b.task("fetch", ctx -> null).expand("tickers");
        }).build())
                .hasMessageContaining("task 'fetch': expands over 'tickers', which is not a direct upstream task");
    }

    @Test
    void a_scheduled_dag_needs_a_start_date_but_a_manual_one_does_not() {
        assertThatThrownBy(() -> DagBuilder.dag("no_start").schedule(Schedules.cron("@daily")).build())
                .hasMessageContaining("DAG 'no_start'")
                .hasMessageContaining("needs a start date");
        assertThat(DagBuilder.dag("manual_only").build().isScheduled()).isFalse();
    }

    @Test
    void reports_every_problem_at_once() {
        assertThatThrownBy(() -> aDag("many").maxActiveRuns(0).tasks(b -> {
            b.task("a", ctx -> null).dependsOn("ghost");
            b.task("a", ctx -> null);
        }).build())
                .isInstanceOfSatisfying(DagValidationException.class, e -> assertThat(e.problems()).containsExactly(
                        "task 'a': duplicate task id",
                        "max active runs must be >= 1, got 0",
                        "task 'a': depends on unknown task 'ghost'"));
    }

    @Test
    void a_task_option_that_is_invalid_is_reported_naming_the_task() {
        assertThatThrownBy(() -> aDag("opts").tasks(b -> b.task("t", ctx -> null).retries(-1)).build())
                .hasMessageContaining("task 't': retries must be >= 0, got -1");
        assertThatThrownBy(() -> aDag("opts").tasks(b -> b.task("t", ctx -> null).pool("p", 0)).build())
                .hasMessageContaining("task 't': pool slots must be >= 1, got 0");
    }

    @Test
    void branch_skips_checks_choices_against_direct_downstream() {
        Dag dag = aDag("branchy").tasks(b -> {
            var choose = b.branch("choose", ctx -> List.of("x"));
            var x = b.task("x", ctx -> null);
            var y = b.task("y", ctx -> null);
            choose.then(x, y);
            y.then(b.task("after_y", ctx -> null));
        }).build();
        assertThat(dag.branchSkips("choose", List.of("x"))).containsExactly("y");
        assertThat(dag.branchSkips("choose", List.of())).containsExactly("x", "y");
        assertThatThrownBy(() -> dag.branchSkips("choose", List.of("after_y")))
                .hasMessageContaining("branch task 'choose' chose [after_y]")
                .hasMessageContaining("not a direct downstream task");
    }

    @Test
    void dependencies_on_a_task_of_another_dag_are_refused() {
        TaskRef[] foreign = new TaskRef[1];
        aDag("first").tasks(b -> foreign[0] = b.task("a", ctx -> null)).build();
        assertThatThrownBy(() -> aDag("second").tasks(b -> b.task("b", ctx -> null).after(foreign[0])).build())
                .hasMessageContaining("task 'b': depends on task 'a' declared in another DAG");
    }

    @Test
    void keeps_the_topological_order_stable_in_declaration_order() {
        Dag dag = aDag("order").tasks(b -> {
            var z = b.task("z", ctx -> null);
            var y = b.task("y", ctx -> null);
            var last = b.task("last", ctx -> null);
            var first = b.task("first", ctx -> null);
            first.then(z);
            TaskRef.all(z, y).then(last);
        }).build();
        assertThat(dag.taskIds()).containsExactly("y", "first", "z", "last");
    }

    @Test
    void a_long_chain_builds_and_answers_graph_questions_quickly() {
        Dag dag = aDag("chain").tasks(b -> {
            TaskRef prev = b.task("t0", ctx -> null);
            for (int i = 1; i < 2000; i++) {
                prev = prev.then(b.task("t" + i, ctx -> null));
            }
        }).build();
        assertThat(dag.taskIds()).hasSize(2000).startsWith("t0", "t1").endsWith("t1999");
        assertThat(dag.allDownstream("t0")).hasSize(1999);
        assertThat(dag.leaves()).containsExactly("t1999");
    }
}
