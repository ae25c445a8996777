package io.pipeline.alert.deadline;

import io.pipeline.alert.AfterCommit;
import io.pipeline.alert.AlertComposer;
import io.pipeline.alert.AlertMetrics;
import io.pipeline.alert.AlertRules;
import io.pipeline.alert.AlertWriter;
import io.pipeline.dag.alert.AlertEvent;
import io.pipeline.dag.alert.AlertPolicy;
import io.pipeline.dag.alert.CalendarLookup;
import io.pipeline.dag.alert.Deadline;
import io.pipeline.dag.alert.RunDates;
import io.pipeline.engine.DagRunStateChange;
import io.pipeline.engine.TaskStateChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The deadline side of the state-change listener, inside the state change's transaction: arms watches when a run
 * starts, and on success records a late finish (raising the miss itself when the checker had not yet noticed it).
 */
public final class DeadlineTracker {

    private static final Logger log = LoggerFactory.getLogger(DeadlineTracker.class);

    private final DeadlineStore store;
    private final AlertRules rules;
    private final CalendarLookup calendars;
    private final AlertComposer composer;
    private final AlertWriter writer;
    private final AlertMetrics metrics;

    public DeadlineTracker(DataSource dataSource, AlertRules rules, CalendarLookup calendars, AlertComposer composer,
                           AlertWriter writer, AlertMetrics metrics) {
        this.store = new DeadlineStore(dataSource);
        this.rules = rules;
        this.calendars = calendars;
        this.composer = composer;
        this.writer = writer;
        this.metrics = metrics;
    }

    /** True when the DAG has a deadline on the run or on any task. */
    public boolean watches(String dagId) {
        return rules.forRun(dagId).map(p -> p.deadline() != null).orElse(false)
                || !rules.taskDeadlines(dagId).isEmpty();
    }

    /** A run was queued or started: watch it and its tasks that have deadlines. */
    public void armRun(DagRunStateChange c, RunDates dates) {
        rules.forRun(c.dagId()).filter(p -> p.deadline() != null)
                .ifPresent(p -> arm(c, null, p.deadline(), dates));
        for (AlertPolicy p : rules.taskDeadlines(c.dagId())) {
            arm(c, p.taskId(), p.deadline(), dates);
        }
    }

    public void runSucceeded(DagRunStateChange c) {
        rules.forRun(c.dagId()).filter(p -> p.deadline() != null)
                .ifPresent(p -> succeeded(c.dagId(), c.runId(), null, c.at(), p));
    }

    /** Any map index's success counts for a mapped task (see docs/decisions/alerts-outbox.md). */
    public void taskSucceeded(TaskStateChange c) {
        rules.forTask(c.dagId(), c.taskId()).filter(p -> p.isTaskLevel() && p.deadline() != null)
                .ifPresent(p -> succeeded(c.dagId(), c.runId(), c.taskId(), c.at(), p));
    }

    private void arm(DagRunStateChange c, String taskId, Deadline deadline, RunDates dates) {
        Instant due;
        ZoneId zone;
        try {
            due = deadline.dueAt(dates, calendars);
            zone = zoneOf(deadline);
        } catch (RuntimeException e) {
            // A deadline we cannot compute must not fail the run's state change; it is reported instead.
            log.error("cannot compute deadline '{}' of {}{} run {}: {}", deadline.describe(), c.dagId(),
                    taskId == null ? "" : "." + taskId, c.runId(), e.getMessage());
            return;
        }
        store.arm(new DeadlineWatch(c.dagId(), c.runId(), taskId, dates.logicalDate(), dates.day().toString(),
                due, zone, deadline.describe()), c.at());
    }

    private ZoneId zoneOf(Deadline deadline) {
        return switch (deadline) {
            case Deadline.ByLocalTime b -> b.zone();
            case Deadline.AfterSessionClose s -> calendars.get(s.calendarCode()).zone();
            case Deadline.AfterIntervalEnd i -> ZoneOffset.UTC;
        };
    }

    private void succeeded(String dagId, String runId, String taskId, Instant at, AlertPolicy policy) {
        store.succeed(dagId, runId, taskId, at).ifPresent(s -> {
            DeadlineWatch w = s.watch();
            if (!at.isAfter(w.dueAt())) {
                return;
            }
            if (!s.wasReported() && store.insertMiss(w, at)) {
                AfterCommit.run(() -> metrics.deadlineMiss(dagId));
            }
            store.recordLateSuccess(w, at);
            if (policy.alertsOn(AlertEvent.DEADLINE_FINISHED_LATE)) {
                writer.write(policy, composer.finishedLate(w, at));
            }
        });
    }
}
