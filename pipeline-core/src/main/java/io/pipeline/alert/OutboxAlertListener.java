package io.pipeline.alert;

import io.pipeline.alert.deadline.DeadlineTracker;
import io.pipeline.alert.deadline.RunDatesResolver;
import io.pipeline.dag.alert.AlertEvent;
import io.pipeline.dag.alert.AlertPolicy;
import io.pipeline.engine.DagRunStateChange;
import io.pipeline.engine.LatePartition;
import io.pipeline.engine.StateChangeListener;
import io.pipeline.engine.TaskStateChange;
import io.pipeline.state.DagRunState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Turns state changes into outbox rows, inside the engine's transaction (so an alert exists exactly when its state
 * change committed), and keeps deadline watches. Changes of DAGs without alert policies cost a map lookup and no
 * SQL. Never calls out over the network.
 */
public final class OutboxAlertListener implements StateChangeListener {

    private static final Logger log = LoggerFactory.getLogger(OutboxAlertListener.class);

    private final AlertRules rules;
    private final AlertComposer composer;
    private final AlertWriter writer;
    private final RecoveryTracker recovery;
    private final DeadlineTracker deadlines;
    private final RunDatesResolver runDates;

    public OutboxAlertListener(DataSource dataSource, AlertRules rules, AlertComposer composer, AlertWriter writer,
                               DeadlineTracker deadlines, RunDatesResolver runDates) {
        this.rules = rules;
        this.composer = composer;
        this.writer = writer;
        this.recovery = new RecoveryTracker(dataSource);
        this.deadlines = deadlines;
        this.runDates = runDates;
    }

    @Override
    public void onTaskStateChange(TaskStateChange c) {
        AlertEvent event = switch (c.to()) {
            case UP_FOR_RETRY -> AlertEvent.RETRY;
            case FAILED -> AlertEvent.FAILURE;
            case SUCCESS -> AlertEvent.SUCCESS;
            default -> null;
        };
        if (event == null || !rules.hasAny(c.dagId())) {
            return;
        }
        if (event == AlertEvent.SUCCESS) {
            deadlines.taskSucceeded(c);
        }
        Optional<AlertPolicy> found = rules.forTask(c.dagId(), c.taskId());
        if (found.isEmpty()) {
            return;
        }
        AlertPolicy policy = found.get();
        if (policy.alertsOn(AlertEvent.RECOVERY)) {
            event = trackRecovery(c, event);
        }
        if (policy.alertsOn(event)) {
            AlertEvent e = event;
            write(policy, () -> composer.forTask(e, c, runDates.resolve(c.dagId(), c.runId(), c.logicalDate())));
        }
    }

    /** A success right after a failure is reported once, as a recovery. */
    private AlertEvent trackRecovery(TaskStateChange c, AlertEvent event) {
        if (event != AlertEvent.SUCCESS) {
            recovery.failed(c.dagId(), c.taskId(), c.mapIndex(), c.at());
            return event;
        }
        return recovery.succeededAfterFailure(c.dagId(), c.taskId(), c.mapIndex(), c.at())
                ? AlertEvent.RECOVERY : event;
    }

    @Override
    public void onDagRunStateChange(DagRunStateChange c) {
        if (!rules.hasAny(c.dagId())) {
            return;
        }
        if (c.to() == DagRunState.QUEUED || c.to() == DagRunState.RUNNING) {
            if (deadlines.watches(c.dagId())) {
                deadlines.armRun(c, runDates.resolve(c.dagId(), c.runId(), c.logicalDate()));
            }
            return;
        }
        if (c.to() == DagRunState.SUCCESS) {
            deadlines.runSucceeded(c);
        }
        AlertEvent event = c.to() == DagRunState.SUCCESS ? AlertEvent.RUN_SUCCESS : AlertEvent.RUN_FAILURE;
        rules.forRun(c.dagId()).filter(p -> p.alertsOn(event)).ifPresent(p ->
                write(p, () -> composer.forRun(event, c, runDates.resolve(c.dagId(), c.runId(), c.logicalDate()))));
    }

    @Override
    public void onPartitionLate(LatePartition late) {
        AlertPolicy policy = partitionPolicy(late);
        if (policy != null) {
            write(policy, () -> composer.partitionLate(late));
        }
    }

    @Override
    public void onLatePartitionArrived(LatePartition arrived) {
        AlertPolicy policy = partitionPolicy(arrived);
        if (policy != null) {
            write(policy, () -> composer.latePartitionArrived(arrived));
        }
    }

    /**
     * A freshness alert goes where the first producing DAG's DAG-level policy sends alerts (its notifiers and
     * channel); without one, to the notifiers this installation sets up, and nowhere when none is (the miss is still
     * recorded and shown on the partition map).
     */
    private AlertPolicy partitionPolicy(LatePartition p) {
        for (String dag : p.producers()) {
            Optional<AlertPolicy> policy = rules.forRun(dag);
            if (policy.isPresent()) {
                return policy.get();
            }
        }
        return rules.setUpOnly(AlertPolicy.dag(AlertEvent.DEADLINE_MISSED, AlertEvent.DEADLINE_FINISHED_LATE)
                .whenConfigured());
    }

    /**
     * Composing a message is our code, not the engine's: if it fails, the alert is logged and skipped rather than
     * failing the state change. Failures of the insert itself propagate (the transaction is lost anyway).
     */
    private void write(AlertPolicy policy, Supplier<AlertPayload> compose) {
        AlertPayload payload;
        try {
            payload = compose.get();
        } catch (RuntimeException e) {
            log.error("could not compose an alert under {}; the state change goes ahead without it", policy, e);
            return;
        }
        writer.write(policy, payload);
    }
}
