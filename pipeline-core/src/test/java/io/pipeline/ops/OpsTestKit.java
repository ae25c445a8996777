package io.pipeline.ops;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipeline.dag.Dag;
import io.pipeline.engine.DagRegistry;
import io.pipeline.engine.DagRunService;
import io.pipeline.engine.DagRunStateChange;
import io.pipeline.engine.EngineConfig;
import io.pipeline.engine.EngineMetrics;
import io.pipeline.engine.StateChangeListener;
import io.pipeline.engine.StateRecorder;
import io.pipeline.engine.TaskStateChange;
import io.pipeline.state.DagRunState;
import io.pipeline.state.TaskState;
import io.pipeline.store.DagRunRow;
import io.pipeline.store.TaskInstanceRepository;
import io.pipeline.store.TaskInstanceRow;
import io.pipeline.store.TaskTryRow;
import io.pipeline.store.Timestamps;
import io.pipeline.testing.SettableClock;
import io.pipeline.testing.TestDatabase;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fresh migrated database with the ops services over it, a settable clock, a listener that records every state
 * change, and helpers to put task instances into the states a test needs.
 */
final class OpsTestKit {

    final SettableClock clock = SettableClock.at("2026-03-02T12:00:00Z");
    final DataSource dataSource;
    final JdbcClient jdbc;
    final TransactionTemplate tx;
    final DagRegistry registry;
    final DagRunService dagRuns;
    final List<TaskStateChange> taskChanges = new CopyOnWriteArrayList<>();
    final List<DagRunStateChange> runChanges = new CopyOnWriteArrayList<>();
    final StateRecorder recorder;
    final Operations ops;
    final BackfillService backfills;
    final TaskInstanceRepository tis;

    OpsTestKit(Class<?> testClass, int poolSize, Dag... dags) {
        dataSource = TestDatabase.migratedDatabase(testClass.getSimpleName(), poolSize);
        jdbc = JdbcClient.create(dataSource);
        tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        io.pipeline.store.Stores stores = io.pipeline.store.Stores.create(jdbc);
        registry = new DagRegistry(stores, tx, clock, EngineConfig.defaults("node-test"));
        registry.load(List.of(dags), List.of());
        dagRuns = new DagRunService(stores, tx, clock, registry);
        recorder = new StateRecorder(List.of(new StateChangeListener() {
            @Override
            public void onTaskStateChange(TaskStateChange change) {
                taskChanges.add(change);
            }

            @Override
            public void onDagRunStateChange(DagRunStateChange change) {
                runChanges.add(change);
            }
        }), new EngineMetrics(new SimpleMeterRegistry()));
        ops = new Operations(stores, tx, clock, registry, dagRuns, recorder, null);
        backfills = new BackfillService(stores, tx, clock, registry, recorder, null);
        tis = new TaskInstanceRepository(jdbc);
    }

    static Actor alice() {
        return Actor.api("alice");
    }

    /** A manual run of the DAG at midnight UTC of {@code day} (e.g. "2026-01-05"). */
    DagRunRow run(String dagId, String day) {
        return dagRuns.trigger(dagId, "run_" + day, Instant.parse(day + "T00:00:00Z"), Map.of(), null);
    }

    void deleteAllRuns() {
        jdbc.sql("DELETE FROM dag_run").update();
        jdbc.sql("DELETE FROM backfill").update();
        jdbc.sql("DELETE FROM audit_log").update();
        taskChanges.clear();
        runChanges.clear();
    }

    /** Puts a TI into a state as if {@code tries} tries had run (a task_try row for each finished one). */
    void setTi(String dagId, String runId, String taskId, TaskState state, int tries) {
        TaskInstanceRow ti = ti(dagId, runId, taskId);
        boolean started = state == TaskState.RUNNING || state == TaskState.UP_FOR_RESCHEDULE || state.isTerminal()
                && state != TaskState.SKIPPED && state != TaskState.UPSTREAM_FAILED && state != TaskState.REMOVED;
        jdbc.sql("""
                UPDATE task_instance SET state = :state, try_number = :tries, start_date = :start,
                    end_date = CASE WHEN :terminal THEN :now ELSE NULL END, node_id = :node, heartbeat_at = :start,
                    version = version + 1
                WHERE id = :id
                """)
                .param("state", state.value()).param("tries", tries)
                .param("start", started ? Timestamps.toDb(clock.instant().minusSeconds(60)) : null)
                .param("terminal", state.isTerminal()).param("now", Timestamps.toDb(clock.instant()))
                .param("node", started ? "node-a" : null).param("id", ti.id())
                .update();
        for (int t = 1; t <= tries; t++) {
            boolean current = t == tries;
            if (current && !state.isTerminal()) {
                continue;
            }
            String tryState = current ? state.value() : "failed";
            jdbc.sql("""
                    INSERT INTO task_try (ti_id, try_number, state, start_date, end_date, node_id)
                    VALUES (:ti, :try, :state, :start, :end, 'node-a') ON CONFLICT DO NOTHING
                    """)
                    .param("ti", ti.id()).param("try", t).param("state", tryState)
                    .param("start", Timestamps.toDb(clock.instant().minusSeconds(100L * t)))
                    .param("end", Timestamps.toDb(clock.instant().minusSeconds(100L * t - 10)))
                    .update();
        }
    }

    void setRunState(String dagId, String runId, DagRunState state) {
        jdbc.sql("""
                UPDATE dag_run SET state = :state, start_date = :now,
                    end_date = CASE WHEN :state IN ('success', 'failed') THEN :now ELSE NULL END
                WHERE dag_id = :dag AND run_id = :run
                """)
                .param("state", state.value()).param("now", Timestamps.toDb(clock.instant())).param("dag", dagId)
                .param("run", runId).update();
    }

    TaskInstanceRow ti(String dagId, String runId, String taskId) {
        DagRunRow run = dagRuns.get(dagId, runId).orElseThrow();
        return tis.find(run.id(), taskId, -1).orElseThrow();
    }

    List<TaskTryRow> tries(String dagId, String runId, String taskId) {
        return tis.tries(ti(dagId, runId, taskId).id());
    }

    DagRunState runState(String dagId, String runId) {
        return dagRuns.get(dagId, runId).orElseThrow().state();
    }
}
