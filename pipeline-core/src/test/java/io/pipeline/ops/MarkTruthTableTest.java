package io.pipeline.ops;

import io.pipeline.state.IllegalStateTransitionException;
import io.pipeline.state.TaskState;
import io.pipeline.store.TaskInstanceRow;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.pipeline.ops.EtlDag.D1;
import static io.pipeline.ops.EtlDag.D2;
import static io.pipeline.ops.EtlDag.D3;
import static io.pipeline.ops.EtlDag.ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Which task instances a mark takes, for each scope option (see {@link EtlDag}): the TIs of the scope not already
 * in the new state. The dry run lists them; the real mark sets exactly those (marking success or skipped also
 * clears failed TIs downstream of the marked tasks, which the table leaves out).
 */
class MarkTruthTableTest {

    static OpsTestKit kit;

    @BeforeAll
    static void database() {
        kit = new OpsTestKit(MarkTruthTableTest.class, 4, EtlDag.dag());
    }

    @BeforeEach
    void runs() {
        EtlDag.setUpRuns(kit);
    }

    static Stream<Arguments> table() {
        TaskScope transform = TaskScope.ids("transform");
        RunScope d2 = RunScope.run(D2);
        return Stream.of(
                row("success: the task in its run", mark(transform, d2, TaskState.SUCCESS), "D2.transform"),
                row("success: with upstream, which already succeeded", mark(transform.withUpstream(true), d2,
                        TaskState.SUCCESS), "D2.transform"),
                row("success: with downstream", mark(transform.withDownstream(true), d2, TaskState.SUCCESS),
                        "D2.transform", "D2.load", "D2.report"),
                row("success: with past runs, which already succeeded", mark(transform, d2.withPast(true),
                        TaskState.SUCCESS), "D2.transform"),
                row("success: with future runs", mark(transform, d2.withFuture(true), TaskState.SUCCESS),
                        "D2.transform", "D3.transform"),
                row("failed: past and future, two of three already failed", mark(transform,
                        d2.withPast(true).withFuture(true), TaskState.FAILED), "D1.transform"),
                row("failed: a running task", mark(TaskScope.ids("audit"), d2, TaskState.FAILED), "D2.audit"),
                row("skipped: a running task", mark(TaskScope.ids("audit"), d2, TaskState.SKIPPED), "D2.audit"),
                row("success: a regex over every run", mark(TaskScope.regex("^aud"), d2.withPast(true)
                        .withFuture(true), TaskState.SUCCESS), "D2.audit"));
    }

    private static MarkRequest mark(TaskScope tasks, RunScope runs, TaskState state) {
        return MarkRequest.of(ID, tasks, runs, state);
    }

    private static Arguments row(String name, MarkRequest request, String... expected) {
        return Arguments.of(name, request, List.of(expected));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void mark_takes_the_task_instances_of_its_scope_not_yet_in_the_new_state(String name, MarkRequest request,
                                                                            List<String> expected) {
        Map<String, TaskState> before = states();

        List<TiRef> planned = kit.ops.mark(request.asDryRun(), OpsTestKit.alice());

        assertThat(planned).extracting(EtlDag::label).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(states()).as("a dry run changes nothing").isEqualTo(before);

        List<TiRef> marked = kit.ops.mark(request, OpsTestKit.alice());

        assertThat(marked).extracting(EtlDag::label).containsExactlyElementsOf(
                planned.stream().map(EtlDag::label).toList());
        Map<String, TaskState> after = states();
        for (String label : expected) {
            assertThat(after.get(label)).as(label).isEqualTo(request.newState());
        }
        for (Map.Entry<String, TaskState> e : before.entrySet()) {
            boolean resumed = after.get(e.getKey()) == TaskState.NONE && request.newState() != TaskState.FAILED;
            if (!expected.contains(e.getKey()) && !resumed) {
                assertThat(after.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
            }
        }
    }

    @Test
    void a_move_the_transition_table_forbids_is_refused_naming_both_states_and_nothing_is_written() {
        assertThatThrownBy(() -> kit.ops.mark(MarkRequest.of(ID, TaskScope.ids("load"), RunScope.run(D2),
                TaskState.SKIPPED), OpsTestKit.alice()))
                .isInstanceOf(IllegalStateTransitionException.class)
                .hasMessage("etl/run_2026-01-06/load may not move from 'upstream_failed' to 'skipped'");

        assertThat(kit.ti(ID, D2, "load").state()).isEqualTo(TaskState.UPSTREAM_FAILED);
    }

    @Test
    void only_success_failed_and_skipped_can_be_set_and_a_task_must_be_named() {
        assertThatThrownBy(() -> MarkRequest.of(ID, TaskScope.ids("load"), RunScope.run(D2), TaskState.RUNNING))
                .hasMessageContaining("'running' cannot be set by hand");
        assertThatThrownBy(() -> MarkRequest.of(ID, TaskScope.all(), RunScope.run(D2), TaskState.SUCCESS))
                .hasMessage("name the task(s) to mark");
    }

    private static Map<String, TaskState> states() {
        Map<String, TaskState> out = new HashMap<>();
        for (String run : List.of(D1, D2, D3)) {
            for (TaskInstanceRow ti : kit.tis.allForRun(kit.dagRuns.get(ID, run).orElseThrow().id())) {
                out.put(EtlDag.label(new TiRef(ti.id(), ID, run, null, ti.taskId(), -1, ti.state())), ti.state());
            }
        }
        return out;
    }
}
