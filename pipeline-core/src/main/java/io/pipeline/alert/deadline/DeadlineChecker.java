package io.pipeline.alert.deadline;

import io.pipeline.alert.AlertComposer;
import io.pipeline.alert.AlertMetrics;
import io.pipeline.alert.AlertRules;
import io.pipeline.alert.AlertWriter;
import io.pipeline.dag.alert.AlertEvent;
import io.pipeline.dag.alert.AlertPolicy;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A periodic step: runs and tasks past their deadline that have not succeeded get one miss each (the watch is
 * marked and a unique key on the miss makes this idempotent across nodes) and one alert, in one transaction.
 */
public final class DeadlineChecker {

    private static final int BATCH = 500;

    private final DeadlineStore store;
    private final TransactionTemplate tx;
    private final AlertRules rules;
    private final AlertComposer composer;
    private final AlertWriter writer;
    private final AlertMetrics metrics;
    private final Clock clock;

    public DeadlineChecker(DataSource dataSource, PlatformTransactionManager transactions, AlertRules rules,
                           AlertComposer composer, AlertWriter writer, AlertMetrics metrics, Clock clock) {
        this.store = new DeadlineStore(dataSource);
        this.tx = new TransactionTemplate(transactions);
        this.rules = rules;
        this.composer = composer;
        this.writer = writer;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Raises the misses that are due now; returns how many were raised. */
    public int check() {
        Instant now = clock.instant();
        List<DeadlineWatch> raised = tx.execute(status -> raise(now));
        raised.forEach(w -> metrics.deadlineMiss(w.dagId()));
        return raised.size();
    }

    private List<DeadlineWatch> raise(Instant now) {
        List<DeadlineWatch> raised = new ArrayList<>();
        for (DeadlineWatch w : store.markMissed(now, BATCH)) {
            if (!store.insertMiss(w, now)) {
                continue;
            }
            raised.add(w);
            AlertPolicy policy = policyFor(w);
            if (policy.alertsOn(AlertEvent.DEADLINE_MISSED)) {
                writer.write(policy, composer.deadlineMissed(w, now));
            }
        }
        return raised;
    }

    /** The policy that set the deadline; if the DAG was unloaded since, the default notifiers still hear of it. */
    private AlertPolicy policyFor(DeadlineWatch w) {
        return (w.isTaskLevel() ? rules.forTask(w.dagId(), w.taskId()) : rules.forRun(w.dagId()))
                .orElseGet(() -> AlertPolicy.dag(AlertEvent.DEADLINE_MISSED));
    }
}
