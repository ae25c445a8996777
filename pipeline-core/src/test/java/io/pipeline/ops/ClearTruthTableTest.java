package io.pipeline.ops;

import io.pipeline.state.TaskState;
import io.pipeline.store.TaskInstanceRow;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.pipeline.ops.EtlDag.D1;
import static io.pipeline.ops.EtlDag.D2;
import static io.pipeline.ops.EtlDag.D3;
import static io.pipeline.ops.EtlDag.ID;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which task instances a clear takes, for each scope option (see {@link EtlDag} for the runs and states): the dry
 * run lists them, and the real clear with the same request clears exactly those and leaves every other TI alone.
 */
class ClearTruthTableTest {

    static OpsTestKit kit;

    @BeforeAll
    static void database() {
        kit = new OpsTestKit(ClearTruthTableTest.class, 4, EtlDag.dag());
    }

    @BeforeEach
    void runs() {
        EtlDag.setUpRuns(kit);
    }

    static Stream<Arguments> table() {
        TaskScope transform = TaskScope.ids("transform");
        RunScope d2 = RunScope.run(D2);
        Instant day2 = Instant.parse("2026-01-06T00:00:00Z");
        Instant day3 = Instant.parse("2026-01-07T00:00:00Z");
        return Stream.of(
                row("the task in its run", clear(transform, d2), "D2.transform"),
                row("with upstream", clear(transform.withUpstream(true), d2), "D2.extract", "D2.transform"),
                row("with downstream", clear(transform.withDownstream(true), d2),
                        "D2.transform", "D2.load", "D2.report"),
                row("with upstream and downstream", clear(transform.withUpstream(true).withDownstream(true), d2),
                        "D2.extract", "D2.transform", "D2.load", "D2.report"),
                row("with past runs", clear(transform, d2.withPast(true)), "D1.transform", "D2.transform"),
                row("with future runs", clear(transform, d2.withFuture(true)), "D2.transform", "D3.transform"),
                row("with past and future runs", clear(transform, d2.withPast(true).withFuture(true)),
                        "D1.transform", "D2.transform", "D3.transform"),
                row("only failed, with downstream", clear(transform.withDownstream(true), d2).withOnlyFailed(),
                        "D2.transform", "D2.load", "D2.report"),
                row("only failed, past and future", clear(transform, d2.withPast(true).withFuture(true))
                        .withOnlyFailed(), "D2.transform", "D3.transform"),
                row("only failed leaves a successful upstream out", clear(transform.withUpstream(true), d2)
                        .withOnlyFailed(), "D2.transform"),
                row("only running, every task", clear(TaskScope.all(), d2).withOnlyRunning(), "D2.audit"),
                row("a regex, with future runs", clear(TaskScope.regex("^(load|report)$"), d2.withFuture(true)),
                        "D2.load", "D2.report", "D3.load", "D3.report"),
                row("a date range, only failed", clear(TaskScope.all(), RunScope.between(day2, day3))
                        .withOnlyFailed(), "D2.transform", "D2.load", "D2.report", "D3.transform", "D3.load",
                        "D3.report"),
                row("a date range that holds no run", clear(TaskScope.all(),
                        RunScope.between(Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2025-02-01T00:00:00Z")))));
    }

    private static ClearRequest clear(TaskScope tasks, RunScope runs) {
        return ClearRequest.of(ID, tasks, runs);
    }

    private static Arguments row(String name, ClearRequest request, String... expected) {
        return Arguments.of(name, request, List.of(expected));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void clear_takes_exactly_the_task_instances_of_its_scope(String name, ClearRequest request, List<String> expected) {
        Map<String, TaskState> before = states();

        List<TiRef> planned = kit.ops.clear(request.asDryRun(), OpsTestKit.alice());

        assertThat(planned).extracting(EtlDag::label).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(states()).as("a dry run changes nothing").isEqualTo(before);

        List<TiRef> cleared = kit.ops.clear(request, OpsTestKit.alice());

        assertThat(cleared).extracting(EtlDag::label).containsExactlyElementsOf(
                planned.stream().map(EtlDag::label).toList());
        Map<String, TaskState> after = states();
        for (Map.Entry<String, TaskState> e : before.entrySet()) {
            TaskState expectedState = expected.contains(e.getKey()) ? TaskState.NONE : e.getValue();
            assertThat(after.get(e.getKey())).as(e.getKey()).isEqualTo(expectedState);
        }
    }

    /** "D2.transform" -> state, for every TI of the three runs. */
    private static Map<String, TaskState> states() {
        Map<String, TaskState> out = new HashMap<>();
        for (String run : List.of(D1, D2, D3)) {
            for (TaskInstanceRow ti : kit.dagRuns.get(ID, run).map(r -> kit.tis.allForRun(r.id()))
                    .orElse(new ArrayList<>())) {
                out.put(EtlDag.label(new TiRef(ti.id(), ID, run, null, ti.taskId(), -1, ti.state())), ti.state());
            }
        }
        return out;
    }
}
