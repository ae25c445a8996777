package io.pipeline.web.ops;

import io.pipeline.dags.ops.OpsApiEtl;
import io.pipeline.ops.Actor;
import io.pipeline.ops.Operations;
import io.pipeline.store.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs of {@link OpsApiEtl} for the API tests, each on a day of its own, in this state: extract success, transform
 * failed after 3 tries, load and report upstream_failed, audit success; the run failed. The DAG is paused so that
 * the running engine leaves them alone.
 */
final class EtlRuns {

    private static final AtomicInteger DAY = new AtomicInteger();

    private final Operations ops;
    private final JdbcClient jdbc;

    EtlRuns(Operations ops, JdbcClient jdbc) {
        this.ops = ops;
        this.jdbc = jdbc;
        ops.pause(OpsApiEtl.ID, true, Actor.api("setup"));
    }

    /** A new failed run; returns its run id. */
    String failedRun() {
        LocalDate day = LocalDate.of(2021, 1, 1).plusDays(DAY.incrementAndGet());
        String runId = "run_" + day;
        Instant ld = day.atStartOfDay().toInstant(java.time.ZoneOffset.UTC);
        ops.trigger(OpsApiEtl.ID, runId, ld, Map.of(), null, Actor.api("setup"));
        state(runId, "extract", "success", 1);
        state(runId, "transform", "failed", 3);
        state(runId, "load", "upstream_failed", 0);
        state(runId, "report", "upstream_failed", 0);
        state(runId, "audit", "success", 1);
        jdbc.sql("UPDATE dag_run SET state = 'failed', start_date = :ld, end_date = :ld WHERE run_id = :run")
                .param("ld", Timestamps.toDb(ld)).param("run", runId).update();
        return runId;
    }

    Instant logicalDate(String runId) {
        return jdbc.sql("SELECT logical_date FROM dag_run WHERE dag_id = :dag AND run_id = :run")
                .param("dag", OpsApiEtl.ID).param("run", runId)
                .query((rs, n) -> Timestamps.read(rs, "logical_date")).single();
    }

    String state(String runId, String taskId) {
        return jdbc.sql("""
                SELECT t.state FROM task_instance t JOIN dag_run r ON r.id = t.run_pk
                WHERE r.dag_id = :dag AND r.run_id = :run AND t.task_id = :task
                """)
                .param("dag", OpsApiEtl.ID).param("run", runId).param("task", taskId).query(String.class).single();
    }

    String runState(String runId) {
        return jdbc.sql("SELECT state FROM dag_run WHERE dag_id = :dag AND run_id = :run")
                .param("dag", OpsApiEtl.ID).param("run", runId).query(String.class).single();
    }

    private void state(String runId, String taskId, String state, int tries) {
        jdbc.sql("""
                UPDATE task_instance t SET state = :state, try_number = :tries FROM dag_run r
                WHERE r.id = t.run_pk AND r.dag_id = :dag AND r.run_id = :run AND t.task_id = :task
                """)
                .param("state", state).param("tries", tries).param("dag", OpsApiEtl.ID).param("run", runId)
                .param("task", taskId).update();
    }
}
