package io.pipeline.ops;

import io.pipeline.dag.Dag;
import io.pipeline.engine.DagRegistry;
import io.pipeline.store.DagRunRepository;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.util.List;
import java.util.function.Function;

/** What clear and mark share: the transaction, the clock, the DAGs, the tables they read and write, the audit log. */
record OpsContext(TransactionTemplate tx, Clock clock, DagRegistry registry, DagRunRepository runs,
                  OpsRepository repo, TiClearer clearer, AuditLog audit) {

    /**
     * Resolves the DAG and the task scope (before any lock is taken), then in one transaction selects the target of
     * the run scope and applies {@code body} to it.
     */
    <T> T inTransaction(String dagId, TaskScope tasks, RunScope scope, boolean dryRun, Function<OpsTarget, T> body) {
        Dag dag = registry.require(dagId);
        List<String> resolved = TaskSelection.resolve(dag, tasks);
        return tx.execute(s -> body.apply(OpsTarget.select(runs, repo, dag, resolved, scope, dryRun)));
    }
}
