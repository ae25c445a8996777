package io.pipeline.ops;

import io.pipeline.engine.DagNotFoundException;
import io.pipeline.engine.DagRunNotFoundException;
import io.pipeline.state.DagRunState;
import io.pipeline.state.TaskState;
import io.pipeline.store.TaskInstanceRow;
import io.pipeline.store.TaskTryRow;
import io.pipeline.store.TryResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.pipeline.ops.EtlDag.D1;
import static io.pipeline.ops.EtlDag.D2;
import static io.pipeline.ops.EtlDag.D3;
import static io.pipeline.ops.EtlDag.ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What clearing does to task instances, their tries, their runs and the audit log. */
class ClearBehaviourTest {

    static OpsTestKit kit;

    @BeforeAll
    static void database() {
        kit = new OpsTestKit(ClearBehaviourTest.class, 4, EtlDag.dag());
    }

    @BeforeEach
    void runs() {
        EtlDag.setUpRuns(kit);
    }

    @Test
    void cleared_tis_keep_their_tries_and_get_a_full_set_of_tries_again() {
        kit.ops.clear(ClearRequest.of(ID, TaskScope.ids("transform"), RunScope.run(D2)), OpsTestKit.alice());

        TaskInstanceRow ti = kit.ti(ID, D2, "transform");
        assertThat(ti.state()).isEqualTo(TaskState.NONE);
        assertThat(ti.tryNumber()).as("try numbers are never reset").isEqualTo(3);
        assertThat(ti.maxTries()).as("3 tries used + retries 2 + the first try").isEqualTo(6);
        assertThat(ti.endDate()).isNull();
        assertThat(kit.tries(ID, D2, "transform")).extracting(TaskTryRow::tryNumber).containsExactly(1, 2, 3);
    }

    @Test
    void clearing_a_running_ti_ends_its_try_as_failed_marked_as_cleared() {
        kit.ops.clear(ClearRequest.of(ID, TaskScope.ids("audit"), RunScope.run(D2)), OpsTestKit.alice());

        assertThat(kit.ti(ID, D2, "audit").state()).isEqualTo(TaskState.NONE);
        assertThat(kit.tries(ID, D2, "audit")).singleElement().satisfies(t -> {
            assertThat(t.state()).isEqualTo(TaskState.FAILED);
            assertThat(t.error()).isEqualTo("cleared by alice (api)");
            assertThat(t.endDate()).isEqualTo(kit.clock.instant());
            assertThat(t.durationMs()).isEqualTo(60_000L);
        });
    }

    @Test
    void a_worker_finishing_a_cleared_try_cannot_overwrite_the_cleared_ti() {
        TaskInstanceRow running = kit.ti(ID, D2, "audit");

        kit.ops.clear(ClearRequest.of(ID, TaskScope.ids("audit"), RunScope.run(D2)), OpsTestKit.alice());
        var written = io.pipeline.store.Stores.create(kit.jdbc).outcomes().applyOutcomes(List.of(new TryResult(running.id(),
                running.version(), 1, TaskState.SUCCESS, running.startDate(), kit.clock.instant(), 5, null, null, null,
                "node-a", null)), kit.clock.instant());

        assertThat(written).isEmpty();
        assertThat(kit.ti(ID, D2, "audit").state()).isEqualTo(TaskState.NONE);
    }

    @Test
    void finished_runs_go_back_to_queued_and_running_runs_keep_running() {
        kit.ops.clear(ClearRequest.of(ID, TaskScope.ids("transform"), RunScope.run(D2).withFuture(true)),
                OpsTestKit.alice());

        assertThat(kit.runState(ID, D2)).isEqualTo(DagRunState.RUNNING);
        assertThat(kit.runState(ID, D3)).isEqualTo(DagRunState.QUEUED);
        assertThat(kit.dagRuns.get(ID, D3).orElseThrow().endDate()).isNull();
        assertThat(kit.runState(ID, D1)).as("no TI of D1 was taken").isEqualTo(DagRunState.SUCCESS);
        assertThat(kit.runChanges).singleElement().satisfies(c -> {
            assertThat(c.runId()).isEqualTo(D3);
            assertThat(c.from()).isEqualTo(DagRunState.FAILED);
            assertThat(c.to()).isEqualTo(DagRunState.QUEUED);
        });
    }

    @Test
    void without_reset_dag_runs_a_finished_run_keeps_its_state() {
        kit.ops.clear(ClearRequest.of(ID, TaskScope.ids("transform"), RunScope.run(D3)).withResetDagRuns(false),
                OpsTestKit.alice());

        assertThat(kit.ti(ID, D3, "transform").state()).isEqualTo(TaskState.NONE);
        assertThat(kit.runState(ID, D3)).isEqualTo(DagRunState.FAILED);
    }

    @Test
    void every_state_change_is_announced_to_the_engine_listeners() {
        kit.ops.clear(ClearRequest.of(ID, TaskScope.ids("transform").withDownstream(true), RunScope.run(D2)),
                OpsTestKit.alice());

        assertThat(kit.taskChanges).extracting(c -> c.taskId() + ":" + c.from().value() + "->" + c.to().value())
                .containsExactly("transform:failed->none", "load:upstream_failed->none",
                        "report:upstream_failed->none");
    }

    @Test
    void tis_already_in_none_are_listed_but_not_written() {
        kit.ops.clear(ClearRequest.of(ID, TaskScope.ids("transform"), RunScope.run(D2)), OpsTestKit.alice());
        int version = kit.ti(ID, D2, "transform").version();
        kit.taskChanges.clear();

        List<TiRef> again = kit.ops.clear(ClearRequest.of(ID, TaskScope.ids("transform"), RunScope.run(D2)),
                OpsTestKit.alice());

        assertThat(again).singleElement().satisfies(r -> assertThat(r.state()).isEqualTo(TaskState.NONE));
        assertThat(kit.ti(ID, D2, "transform").version()).isEqualTo(version);
        assertThat(kit.taskChanges).isEmpty();
    }

    @Test
    void the_audit_log_records_who_what_the_scope_and_each_ti() {
        kit.ops.clear(ClearRequest.of(ID, TaskScope.ids("transform").withDownstream(true), RunScope.run(D2))
                .withOnlyFailed(), Actor.cli("bob"));

        var page = new AuditQuery(kit.jdbc).list(AuditFilter.dag(ID), 10, 0, null);
        assertThat(page.items()).singleElement().satisfies(e -> {
            assertThat(e.event()).isEqualTo("clear");
            assertThat(e.owner()).isEqualTo("bob");
            assertThat(e.runId()).isEqualTo(D2);
            assertThat(e.when()).isEqualTo(kit.clock.instant());
            assertThat(e.extra()).contains("\"via\":\"cli\"", "\"only_failed\":true", "\"include_downstream\":true",
                    "\"count\":3", "{\"run_id\":\"" + D2 + "\",\"task_id\":\"load\",\"from\":\"upstream_failed\"}");
        });
    }

    @Test
    void a_dry_run_writes_no_audit_entry() {
        kit.ops.clear(ClearRequest.of(ID, TaskScope.all(), RunScope.run(D1)).asDryRun(), OpsTestKit.alice());

        assertThat(new AuditQuery(kit.jdbc).list(AuditFilter.none(), 10, 0, null).totalEntries()).isZero();
    }

    @Test
    void unknown_dags_runs_and_tasks_are_named_in_the_error() {
        assertThatThrownBy(() -> kit.ops.clear(ClearRequest.of("nope", TaskScope.all(), RunScope.all()),
                OpsTestKit.alice())).isInstanceOf(DagNotFoundException.class).hasMessageContaining("'nope'");
        assertThatThrownBy(() -> kit.ops.clear(ClearRequest.of(ID, TaskScope.all(), RunScope.run("run_x")),
                OpsTestKit.alice())).isInstanceOf(DagRunNotFoundException.class).hasMessageContaining("'run_x'");
        assertThatThrownBy(() -> kit.ops.clear(ClearRequest.of(ID, TaskScope.ids("transform", "nope"),
                RunScope.all()), OpsTestKit.alice()))
                .isInstanceOf(TaskNotFoundException.class).hasMessage("DAG 'etl' has no task 'nope'");
    }

    @Test
    void contradictory_scopes_are_rejected_before_anything_is_read() {
        assertThatThrownBy(() -> new ClearRequest(ID, null, null, true, true, true, false))
                .hasMessage("only_failed and only_running cannot both be set");
        assertThatThrownBy(() -> new RunScope(D1, kit.clock.instant(), null, false, false))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> RunScope.between(kit.clock.instant(), kit.clock.instant().minusSeconds(1)))
                .hasMessageContaining("is before start_date");
        assertThatThrownBy(() -> TaskScope.regex("(")).hasMessageContaining("not a valid regular expression");
    }
}
