package io.pipeline.ops;

import io.pipeline.engine.DagRunNotFoundException;
import io.pipeline.store.DagRunRepository;
import io.pipeline.store.DagRunRow;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.Map;

/**
 * Deletes a DAG run with everything that hangs off it: its task instances, their tries and logs, and its XCom
 * values (by the schema's cascades). A try still running on a worker loses its row: its outcome then updates
 * nothing, and its node stops it at the next heartbeat.
 */
final class RunDeletion {

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final DagRunRepository runs;
    private final AuditLog audit;

    RunDeletion(JdbcClient jdbc, TransactionTemplate tx, DagRunRepository runs, AuditLog audit) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.runs = runs;
        this.audit = audit;
    }

    void delete(String dagId, String runId, Actor actor) {
        tx.executeWithoutResult(s -> {
            DagRunRow run = runs.find(dagId, runId).flatMap(r -> runs.lock(r.id()))
                    .orElseThrow(() -> new DagRunNotFoundException(dagId, runId));
            long tis = jdbc.sql("SELECT count(*) FROM task_instance WHERE run_pk = :run")
                    .param("run", run.id()).query(Long.class).single();
            jdbc.sql("DELETE FROM dag_run WHERE id = :id").param("id", run.id()).update();
            audit.record(actor, "delete_dag_run", dagId, runId, null, run.logicalDate(),
                    Map.of("state", run.state().value(), "run_type", run.runType(),
                            "task_instances_deleted", tis), null);
        });
    }
}
